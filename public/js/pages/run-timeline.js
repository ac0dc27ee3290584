// The worker timeline panel: parallel efficiency, idle tails, and the lanes drawn on a canvas
// (20,000 SVG rects took seconds to lay out and paint; a canvas takes milliseconds). Pointing at
// a bar names its test; clicking it (or Enter on the focused chart) finds the test in the list of
// all tests. The arrow keys step through the bars, and the lanes are also a table, for anyone who
// cannot see the chart.

import { h, note, replace } from "../dom.js";
import { duration, num, percent, time } from "../format.js";
import { page } from "../urls.js";
import { GAP, LANE, barAt, barNear, laneAt, layout, msPerPixel, stats } from "../charts/timeline.js";
import { paintBars, paintMarks, readTheme } from "../charts/timeline-canvas.js";

const HINT = "Point at a bar to see its test; click it to find the test in the list below.";

/** Draws the panel into `body`, replacing an earlier drawing (a live run redraws it). */
export function drawTimeline(body, ctx, run, results, onPick) {
  if (body.stopTimeline) body.stopTimeline();
  if (!body.stopsOnLeave) {
    body.stopsOnLeave = true;
    ctx.signal.addEventListener("abort", () => body.stopTimeline && body.stopTimeline(), { once: true });
  }
  if (results.length === 0) {
    replace(body, note("No results yet.", "empty"));
    return;
  }
  const plan = layout(results, (run.workers || []).map((w) => w.name));
  const figures = stats(plan);
  const failing = results.filter((r) => r.status === "failed" || r.status === "error").length;

  const bars = h("canvas", {
    class: "timeline-bars",
    tabindex: "0",
    role: "img",
    "aria-label": `Worker timeline: ${num(plan.lanes.length)} workers, ${num(results.length)} test attempts, ${num(failing)} failed. ` +
      "The arrow keys step through the bars; Enter finds the test in the list.",
    "data-bars": results.length,
    "data-lanes": plan.lanes.length,
  });
  const marks = h("canvas", { class: "timeline-marks", "aria-hidden": "true" });
  const tip = h("div", { class: "timeline-tip", "aria-hidden": "true", hidden: true });
  const plot = h("div", { class: "timeline-plot" }, bars, marks, tip);
  const labels = h("div", { class: "timeline-lanes" },
    plan.lanes.map((lane) => h("span", { class: "lane-label", "data-worker": lane.name, title: lane.name, text: lane.name })));
  // The label rows line up with the lanes drawn on the canvas (CSSOM writes are allowed by the CSP).
  labels.style.gridAutoRows = `${LANE}px`;
  labels.style.rowGap = `${GAP}px`;
  const chart = h("div", { class: "timeline", id: "timeline-chart" }, labels, plot);
  const info = h("p", { class: "sub timeline-info", "aria-live": "polite", text: HINT });
  const untimed = results.filter((r) => r.startMs === null).length;

  replace(body,
    h("div", { class: "timeline-stats" },
      stat(percent(figures.efficiency, 0), "parallel efficiency", "busy time ÷ (workers × wall time)"),
      stat(duration(figures.wall), "wall time", "from the first test's start to the last test's end"),
      stat(num(figures.workers), "workers"),
      stat(duration(figures.busy), "busy time", "the sum of all test durations"),
      stat(duration(figures.maxTail), "longest idle tail", "the longest time a worker waited at the end"),
      stat(duration(figures.meanTail), "mean idle tail")),
    chart,
    h("div", { class: "legend" },
      ["passed", "failed", "error", "skipped"].map((v) => h("span", {}, h("i", { class: ["sq", v] }), v)),
      h("span", {}, h("i", { class: ["sq", "idle"] }), "idle tail"),
      h("span", { class: "sub", text: "a pixel holding several tests shows the worst of them" })),
    info,
    laneTable(plan),
    untimed ? note(`${num(untimed)} results have no start time; they are placed after the previous test of their worker.`, "sub") : null);

  // What is pointed at and what was picked, as {lane, i}: lane index and bar index in it.
  let hover = null;
  let picked = findBar(plan, body.timelinePicked);
  let width = 0;
  let ratio = 1;
  let theme = null;
  const barOf = (spot) => spot && plan.lanes[spot.lane].bars[spot.i];

  const paint = () => {
    width = Math.max(120, Math.floor(plot.clientWidth));
    ratio = window.devicePixelRatio || 1;
    theme = readTheme(chart);
    paintBars(bars, plan, width, ratio, theme);
    paintHighlights();
  };
  const paintHighlights = () => {
    const list = [];
    if (picked) list.push({ bar: barOf(picked), lane: picked.lane, strong: true });
    if (hover && !same(hover, picked)) list.push({ bar: barOf(hover), lane: hover.lane, strong: false });
    paintMarks(marks, plan, width, ratio, theme, list);
  };
  const spotAt = (event) => {
    const box = bars.getBoundingClientRect();
    const lane = laneAt(plan, event.clientY - box.top);
    if (lane < 0) return null;
    const t = plan.start + ((event.clientX - box.left) / width) * Math.max(1, plan.end - plan.start);
    const bar = barAt(plan.lanes[lane], t, msPerPixel(plan, width));
    return bar ? { lane, i: bar.i } : null;
  };
  const showTip = (spot) => {
    if (!spot) {
      tip.hidden = true;
      return;
    }
    const bar = barOf(spot);
    replace(tip, h("span", { class: "name", text: bar.result.test }), describe(bar.result));
    tip.hidden = false;
    const span = Math.max(1, plan.end - plan.start);
    const middle = (((bar.start + bar.end) / 2 - plan.start) / span) * width;
    const left = Math.min(Math.max(0, middle - tip.offsetWidth / 2), Math.max(0, width - tip.offsetWidth));
    tip.style.left = `${Math.round(left)}px`;
    tip.style.top = `${(spot.lane + 1) * (LANE + GAP)}px`;
  };
  const pick = (spot, reveal) => {
    picked = spot;
    const result = barOf(spot).result;
    body.timelinePicked = { test: result.test, attempt: result.attempt };
    replace(info, h("a", { href: page.test(ctx.params.project, result.test), title: "This test's history", text: result.test }),
      ` · ${describe(result)} · started ${time(result.started_at)}`);
    paintHighlights();
    if (reveal) onPick(result.index);
  };

  bars.addEventListener("pointermove", (event) => {
    const spot = spotAt(event);
    if (same(spot, hover)) return;
    hover = spot;
    bars.classList.toggle("over-bar", Boolean(spot));
    showTip(spot);
    paintHighlights();
  });
  const leave = () => {
    hover = null;
    bars.classList.remove("over-bar");
    showTip(null);
    paintHighlights();
  };
  bars.addEventListener("pointerleave", leave);
  bars.addEventListener("pointercancel", leave);
  bars.addEventListener("click", (event) => {
    const spot = spotAt(event);
    if (!spot) return;
    pick(spot, true);
    showTip(spot);
  });
  bars.addEventListener("keydown", (event) => {
    const next = step(plan, picked || hover, event.key);
    if (next === undefined) return;
    event.preventDefault();
    if (next === "reveal") {
      if (picked) pick(picked, true);
      return;
    }
    if (!next) return;
    hover = null;
    pick(next, false);
    showTip(next);
  });
  bars.addEventListener("blur", () => showTip(hover));

  paint();
  if (picked) pick(picked, false);
  // Redrawn at the new width (and pixel density, which zooming changes) so bars stay crisp.
  let frame = 0;
  const observer = new ResizeObserver(() => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      if (Math.max(120, Math.floor(plot.clientWidth)) === width && (window.devicePixelRatio || 1) === ratio) return;
      paint();
      showTip(null);
    });
  });
  observer.observe(plot);
  const scheme = window.matchMedia("(prefers-color-scheme: dark)");
  scheme.addEventListener("change", paint);
  body.stopTimeline = () => {
    observer.disconnect();
    cancelAnimationFrame(frame);
    scheme.removeEventListener("change", paint);
    body.stopTimeline = null;
  };
}

/** "failed (attempt 2) · 43 ms on gw1". */
function describe(result) {
  return `${result.status}${result.attempt > 1 ? ` (attempt ${result.attempt})` : ""} · ` +
    `${duration(result.duration_ms)} on ${result.worker || "default"}`;
}

function same(a, b) {
  return a === b || Boolean(a && b && a.lane === b.lane && a.i === b.i);
}

/** The bar of a test's attempt, to keep a pick when a live run redraws. */
function findBar(plan, wanted) {
  if (!wanted) return null;
  for (let lane = 0; lane < plan.lanes.length; lane++) {
    const i = plan.lanes[lane].bars.findIndex((bar) => bar.result.test === wanted.test && bar.result.attempt === wanted.attempt);
    if (i >= 0) return { lane, i };
  }
  return null;
}

/**
 * Where a key moves from `spot`: ←/→ the previous or next bar of the lane, ↑/↓ the nearest bar
 * in the lane above or below, Home/End the lane's first or last bar, Enter "reveal".
 * Undefined for keys the chart leaves alone.
 */
function step(plan, spot, key) {
  const lanes = plan.lanes;
  const filled = lanes.map((lane, index) => (lane.bars.length ? index : -1)).filter((index) => index >= 0);
  if (filled.length === 0) return undefined;
  if (key === "Enter" || key === " ") return "reveal";
  if (!["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End"].includes(key)) return undefined;
  if (!spot) return { lane: filled[0], i: 0 };
  const bars = lanes[spot.lane].bars;
  const bar = bars[spot.i];
  switch (key) {
    case "ArrowLeft": return { lane: spot.lane, i: Math.max(0, spot.i - 1) };
    case "ArrowRight": return { lane: spot.lane, i: Math.min(bars.length - 1, spot.i + 1) };
    case "Home": return { lane: spot.lane, i: 0 };
    case "End": return { lane: spot.lane, i: bars.length - 1 };
    default: {
      const at = filled.indexOf(spot.lane) + (key === "ArrowUp" ? -1 : 1);
      if (at < 0 || at >= filled.length) return spot;
      const lane = filled[at];
      const near = barNear(lanes[lane], (bar.start + bar.end) / 2);
      return { lane, i: near.i };
    }
  }
}

/** The lanes as text: a table with a row per worker. */
function laneTable(plan) {
  const end = plan.end;
  return h("details", { class: "timeline-table" },
    h("summary", { text: "The lanes as a table" }),
    h("div", { class: "table-wrap" }, h("table", {},
      h("thead", {}, h("tr", {},
        h("th", { scope: "col", text: "Worker" }),
        h("th", { scope: "col", class: "num", text: "Tests" }),
        h("th", { scope: "col", class: "num", text: "Failed" }),
        h("th", { scope: "col", class: "num", text: "Busy" }),
        h("th", { scope: "col", class: "num", text: "Idle tail" }))),
      h("tbody", {}, plan.lanes.map((lane) => h("tr", { "data-worker": lane.name },
        h("th", { scope: "row", class: "mono", text: lane.name }),
        h("td", { class: "num", text: num(lane.bars.length) }),
        h("td", { class: "num", text: num(lane.bars.filter((b) => b.result.status === "failed" || b.result.status === "error").length) }),
        h("td", { class: "num", text: duration(lane.busy) }),
        h("td", { class: "num", text: lane.bars.length ? duration(end - lane.lastEnd) : "–" })))))));
}

function stat(value, label, title) {
  return h("div", { title }, h("b", { text: value }), h("span", { text: label }));
}
