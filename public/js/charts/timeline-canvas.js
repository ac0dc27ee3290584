// Draws the worker timeline on a <canvas>: one lane per worker, each bar from a test's start to
// its end, coloured by status, and each lane's idle tail. Tens of thousands of bars cost one
// pass over the device pixels of each lane: bars narrower than a pixel are merged, and a pixel
// shared by several bars takes the colour of the most severe (a failure is never hidden by the
// passes around it). A second canvas on top marks the bar pointed at and the one picked.

import { duration } from "../format.js";
import { timeTicks } from "./frame.js";
import { GAP, LANE, chartHeight, severity } from "./timeline.js";

const STATUS_COLOURS = ["--skipped", "--passed", "--skipped", "--flaky", "--error", "--failed"];

/** The colours and font of the chart, from the page's CSS (so they follow light and dark). */
export function readTheme(element) {
  const style = getComputedStyle(element);
  const value = (name) => style.getPropertyValue(name).trim();
  return {
    status: STATUS_COLOURS.map(value),
    lane: value("--surface-2"),
    surface: value("--surface"),
    idle: value("--idle"),
    grid: value("--border"),
    muted: value("--muted"),
    text: value("--text"),
    sans: value("--sans") || "sans-serif",
  };
}

/**
 * Sizes `canvas` to `width` × the chart's height in CSS pixels, at the screen's pixel density,
 * and returns its 2D context drawing in device pixels with the ratio.
 */
function fit(canvas, width, height, ratio) {
  const w = Math.max(1, Math.round(width * ratio));
  const h = Math.max(1, Math.round(height * ratio));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  // CSSOM writes, not style attributes in markup: the CSP (style-src 'self') allows them.
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const context = canvas.getContext("2d");
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.clearRect(0, 0, w, h);
  return context;
}

/** Draws `plan` (from `layout`) `width` CSS pixels wide; the chart's left edge is the run's start. */
export function paintBars(canvas, plan, width, ratio, theme) {
  const height = chartHeight(plan);
  const context = fit(canvas, width, height, ratio);
  const w = canvas.width;
  const span = Math.max(1, plan.end - plan.start);
  const x = (t) => ((t - plan.start) / span) * w;
  const axisY = plan.lanes.length * (LANE + GAP) * ratio;

  context.font = `${11 * ratio}px ${theme.sans}`;
  context.textBaseline = "alphabetic";
  const ticks = timeTicks(span, Math.max(2, Math.floor(width / 80)));
  for (const value of ticks) {
    const px = Math.round(x(plan.start + value));
    context.fillStyle = theme.grid;
    context.fillRect(Math.min(px, w - ratio), 0, Math.max(1, Math.round(ratio)), axisY);
    const label = value === 0 ? "0" : duration(value);
    const half = context.measureText(label).width / 2;
    context.textAlign = value === 0 || px - half < 0 ? "left" : px + half > w ? "right" : "center";
    context.fillStyle = theme.muted;
    context.fillText(label, px, axisY + 15 * ratio);
  }

  const columns = new Uint8Array(w);
  plan.lanes.forEach((lane, index) => {
    const top = Math.round(index * (LANE + GAP) * ratio);
    const laneHeight = Math.round(LANE * ratio);
    context.fillStyle = theme.lane;
    context.fillRect(0, top, w, laneHeight);
    if (lane.bars.length && plan.end > lane.lastEnd) paintIdle(context, x(lane.lastEnd), x(plan.end), top, laneHeight, ratio, theme);

    // Each device pixel column takes the most severe status of the bars drawn in it; a bar is
    // at least one CSS pixel wide, so a short failure still shows.
    columns.fill(0);
    const least = Math.max(1, Math.round(ratio));
    for (const bar of lane.bars) {
      // A bar that starts at the run's end (a skip, 0 ms) is still drawn, inside the edge.
      const from = Math.max(0, Math.min(w - least, Math.floor(x(bar.start))));
      const to = Math.min(w, Math.max(from + least, Math.ceil(x(bar.end))));
      const level = severity(bar.result.status);
      for (let c = from; c < to; c++) if (columns[c] < level) columns[c] = level;
    }
    let runStart = 0;
    for (let c = 1; c <= w; c++) {
      if (c < w && columns[c] === columns[runStart]) continue;
      if (columns[runStart]) {
        context.fillStyle = theme.status[columns[runStart]];
        context.fillRect(runStart, top, c - runStart, laneHeight);
      }
      runStart = c;
    }
    // Bars wide enough to tell apart get a hairline where they meet.
    context.fillStyle = theme.lane;
    const wide = 3 * ratio;
    for (let i = 1; i < lane.bars.length; i++) {
      const before = lane.bars[i - 1];
      const bar = lane.bars[i];
      if (x(bar.end) - x(bar.start) >= wide && x(before.end) - x(before.start) >= wide) {
        context.fillRect(Math.floor(x(bar.start)), top, Math.max(1, Math.round(ratio / 2)), laneHeight);
      }
    }
  });
  return { width, height };
}

/** The idle tail: a hatched box from the lane's last test to the end of the run. */
function paintIdle(context, from, to, top, height, ratio, theme) {
  const inset = Math.round(3 * ratio);
  const box = [from, top + inset, Math.max(ratio / 2, to - from), height - 2 * inset];
  context.save();
  context.fillStyle = theme.idle;
  context.fillRect(...box);
  context.beginPath();
  context.rect(...box);
  context.clip();
  context.strokeStyle = theme.muted;
  context.globalAlpha = 0.45;
  context.lineWidth = Math.max(1, ratio * 0.75);
  context.beginPath();
  for (let hx = from - box[3]; hx < to; hx += 6 * ratio) {
    context.moveTo(hx, box[1] + box[3]);
    context.lineTo(hx + box[3], box[1]);
  }
  context.stroke();
  context.restore();
}

/**
 * Marks bars on the overlay canvas: each `{bar, lane, strong}` gets an outline (the picked bar a
 * stronger one), at least 5 CSS pixels wide so a bar narrower than a pixel can be seen.
 */
export function paintMarks(canvas, plan, width, ratio, theme, marks) {
  const context = fit(canvas, width, chartHeight(plan), ratio);
  const w = canvas.width;
  const span = Math.max(1, plan.end - plan.start);
  const x = (t) => ((t - plan.start) / span) * w;
  for (const { bar, lane, strong } of marks) {
    const line = (strong ? 2 : 1.25) * ratio;
    const least = 5 * ratio;
    let from = x(bar.start);
    let to = x(bar.end);
    if (to - from < least) {
      const middle = (from + to) / 2;
      from = middle - least / 2;
      to = middle + least / 2;
    }
    // Drawn inside the lane, so the first lane's mark is not cut off at the top.
    const top = lane * (LANE + GAP) * ratio;
    context.strokeStyle = theme.text;
    context.lineWidth = line;
    context.strokeRect(from + line / 2, top + line / 2, to - from - line, LANE * ratio - line);
  }
}
