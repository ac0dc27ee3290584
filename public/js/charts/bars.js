// A small bar chart of durations, one bar per run, oldest on the left.

import { s } from "../dom.js";
import { duration } from "../format.js";
import { frame, ticks } from "./frame.js";

const HEIGHT = 150;
const PAD = { top: 8, right: 8, bottom: 8, left: 52 };

/** `points` oldest first: `{value (ms), verdict, label, href}`. */
export function durationBars(points, width) {
  const svg = frame(width, HEIGHT, `Duration in the last ${points.length} runs`, "bars");
  const plotW = width - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const max = Math.max(1, ...points.map((p) => p.value || 0));
  const y = (v) => PAD.top + plotH - (v / max) * plotH;
  for (const value of ticks(max, 3)) {
    svg.append(s("line", { class: "grid", x1: PAD.left, x2: width - PAD.right, y1: y(value), y2: y(value) }));
    svg.append(s("text", { x: PAD.left - 6, y: y(value) + 4, "text-anchor": "end", text: duration(value) }));
  }
  const slot = plotW / Math.max(points.length, 1);
  points.forEach((p, i) => {
    if (p.value === null || p.value === undefined) return;
    const barH = Math.max(1, (p.value / max) * plotH);
    svg.append(s("a", { href: p.href, tabindex: "-1" },
      s("title", { text: `${p.label}: ${duration(p.value)}` }),
      s("rect", { class: ["bar", `v-${p.verdict}`], x: PAD.left + i * slot + slot * 0.15, y: PAD.top + plotH - barH, width: Math.max(1, slot * 0.7), height: barH })));
  });
  return svg;
}
