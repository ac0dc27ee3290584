// The worker timeline panel: parallel efficiency, idle tail, and the lanes chart. Hovering or
// clicking a bar names its test; a click also finds it in the list of all tests.

import { h, note, replace } from "../dom.js";
import { duration, num, percent, time } from "../format.js";
import { responsive } from "../charts/frame.js";
import { layout, stats, timelineChart } from "../charts/timeline.js";

export function drawTimeline(body, run, results, onPick) {
  if (results.length === 0) {
    replace(body, note("No results yet.", "empty"));
    return;
  }
  const plan = layout(results, (run.workers || []).map((w) => w.name));
  const figures = stats(plan);
  const info = h("p", { class: "sub timeline-info", "aria-live": "polite", text: "Point at a bar to see its test." });
  const chart = h("div", { class: "timeline", id: "timeline-chart" });
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
      h("span", {}, h("i", { class: ["sq", "idle"] }), "idle tail")),
    info,
    untimed ? note(`${num(untimed)} results have no start time; they are placed after the previous test of their worker.`, "sub") : null);

  responsive(chart, (width) => timelineChart(plan, width));
  let selected = null;
  const describe = (target) => {
    const index = target && target.getAttribute && target.getAttribute("data-i");
    if (index === null || index === undefined) return null;
    const result = results[Number(index)];
    if (!result) return null;
    info.textContent = `${result.test} · ${result.status}${result.attempt > 1 ? ` (attempt ${result.attempt})` : ""} · ` +
      `${duration(result.duration_ms)} on ${result.worker || "default"} · started ${time(result.started_at)}`;
    return result;
  };
  chart.addEventListener("mouseover", (event) => describe(event.target));
  chart.addEventListener("click", (event) => {
    const result = describe(event.target);
    if (!result) return;
    if (selected) selected.classList.remove("selected");
    selected = event.target;
    selected.classList.add("selected");
    onPick(result.index);
  });
}

function stat(value, label, title) {
  return h("div", { title }, h("b", { text: value }), h("span", { text: label }));
}
