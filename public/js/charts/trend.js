// The run-history trend: pass rate (solid, left axis) and duration (dashed, right axis).

import { s } from "../dom.js";
import { duration, percent, parse } from "../format.js";
import { frame, ticks } from "./frame.js";

const HEIGHT = 170;
const PAD = { top: 10, right: 52, bottom: 22, left: 42 };

/**
 * `points` oldest first: `{rate (0…1 or null), duration_ms, status, label, href, started_at}`.
 * Returns an SVG `width` pixels wide.
 */
export function trendChart(points, width) {
  const svg = frame(width, HEIGHT, `Pass rate and duration over the last ${points.length} runs`, "trend");
  const plotW = width - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const rates = points.map((p) => p.rate).filter((r) => r !== null && r !== undefined);
  const lowest = rates.length ? Math.min(...rates) : 0;
  const floor = Math.max(0, Math.floor(lowest * 10 - 0.0001) / 10);
  const maxDuration = Math.max(1, ...points.map((p) => p.duration_ms || 0)) * 1.1;
  const x = (i) => PAD.left + (points.length <= 1 ? plotW / 2 : (i / (points.length - 1)) * plotW);
  const yRate = (r) => PAD.top + plotH - ((r - floor) / (1 - floor || 1)) * plotH;
  const yDur = (d) => PAD.top + plotH - (d / maxDuration) * plotH;

  for (let i = 0; i <= 4; i++) {
    const rate = floor + ((1 - floor) * i) / 4;
    const y = yRate(rate);
    svg.append(s("line", { class: "grid", x1: PAD.left, x2: width - PAD.right, y1: y, y2: y }));
    const whole = Math.abs(rate * 100 - Math.round(rate * 100)) < 1e-6;
    svg.append(s("text", { x: PAD.left - 6, y: y + 4, "text-anchor": "end", text: percent(rate, whole ? 0 : 1) }));
  }
  for (const value of ticks(maxDuration / 1.1, 3).slice(1)) {
    svg.append(s("text", { x: width - PAD.right + 6, y: yDur(value) + 4, text: duration(value) }));
  }
  if (points.length === 0) return svg;
  const narrow = width < 520;
  svg.append(s("text", { x: PAD.left, y: HEIGHT - 5, text: day(points[0].started_at, narrow) }));
  if (points.length > 1) {
    svg.append(s("text", { x: width - PAD.right, y: HEIGHT - 5, "text-anchor": "end", text: day(points[points.length - 1].started_at, narrow) }));
  }

  svg.append(s("path", { class: "dur", d: line(points, (p, i) => [x(i), p.duration_ms === null || p.duration_ms === undefined ? null : yDur(p.duration_ms)]) }));
  svg.append(s("path", { class: "rate", d: line(points, (p, i) => [x(i), p.rate === null || p.rate === undefined ? null : yRate(p.rate)]) }));
  points.forEach((p, i) => {
    const tip = `${p.label}: pass rate ${percent(p.rate, 1)}, ${duration(p.duration_ms)}, ${p.status}`;
    const link = s("a", { href: p.href, tabindex: "-1" }, s("title", { text: tip }));
    if (p.duration_ms !== null && p.duration_ms !== undefined) {
      link.append(s("circle", { class: "dot dur-dot", cx: x(i), cy: yDur(p.duration_ms), r: 2.5 }));
    }
    if (p.rate !== null && p.rate !== undefined) {
      link.append(s("circle", { class: ["dot rate-dot", p.status === "failed" && "failed"], cx: x(i), cy: yRate(p.rate), r: 3.5 }));
    }
    svg.append(link);
  });
  return svg;
}

function day(iso, short) {
  const date = parse(iso);
  if (!date) return "";
  return date.toLocaleString("en-GB", short ? { day: "numeric", month: "short" } : { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}

/** An SVG path through the points, broken where a value is missing. */
function line(points, at) {
  let d = "";
  let pen = false;
  points.forEach((p, i) => {
    const [px, py] = at(p, i);
    if (py === null) {
      pen = false;
      return;
    }
    d += `${pen ? "L" : "M"}${px.toFixed(1)},${py.toFixed(1)}`;
    pen = true;
  });
  return d || "M0,0";
}
