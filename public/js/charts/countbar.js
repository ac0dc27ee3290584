// A stacked bar of a run's counts by verdict.

import { s } from "../dom.js";
import { num } from "../format.js";

const ORDER = ["passed", "flaky", "failed", "error", "skipped"];

/** `counts` is a run's `{total, passed, failed, error, skipped, flaky}`. */
export function countBar(counts, small = false) {
  const total = ORDER.reduce((sum, v) => sum + (counts?.[v] || 0), 0);
  const summary = ORDER.filter((v) => counts?.[v]).map((v) => `${num(counts[v])} ${v}`).join(", ") || "no results";
  const svg = s("svg", {
    class: ["countbar", small && "small"],
    viewBox: "0 0 1000 10",
    preserveAspectRatio: "none",
    role: "img",
    "aria-label": summary,
  }, s("title", { text: summary }));
  let x = 0;
  for (const verdict of ORDER) {
    const n = counts?.[verdict] || 0;
    if (!n || !total) continue;
    const width = (n / total) * 1000;
    svg.append(s("rect", { class: `f-${verdict}`, x: x.toFixed(2), y: 0, width: Math.max(width, 3).toFixed(2), height: 10 }));
    x += width;
  }
  return svg;
}
