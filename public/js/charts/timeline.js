// The worker timeline: one lane per worker, one bar per test attempt from its start to its end,
// and each lane's idle tail (from its last test to the end of the run) hatched.

import { s } from "../dom.js";
import { duration } from "../format.js";
import { frame, timeTicks } from "./frame.js";

const LANE = 22;
const GAP = 6;
const LABEL = 64;
const AXIS = 22;
const RIGHT = 8;

/**
 * Lays results out on lanes. Results without a start time follow the previous bar of their
 * worker. Returns `{lanes: [{name, bars: [{start, end, result}], busy, lastEnd}], start, end}`.
 */
export function layout(results, workerNames = []) {
  const byWorker = new Map(workerNames.map((name) => [name, []]));
  for (const result of results) {
    const name = result.worker || "default";
    if (!byWorker.has(name)) byWorker.set(name, []);
    byWorker.get(name).push(result);
  }
  const lanes = [];
  let start = Infinity;
  let end = -Infinity;
  for (const [name, list] of byWorker) {
    list.sort((a, b) => (a.startMs ?? Infinity) - (b.startMs ?? Infinity));
    let cursor = null;
    const bars = [];
    let busy = 0;
    for (const result of list) {
      const from = result.startMs ?? cursor ?? 0;
      const to = from + Math.max(0, result.duration_ms || 0);
      bars.push({ start: from, end: to, result });
      busy += to - from;
      cursor = Math.max(cursor ?? to, to);
      start = Math.min(start, from);
      end = Math.max(end, to);
    }
    lanes.push({ name, bars, busy, lastEnd: cursor });
  }
  lanes.sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true }));
  if (!Number.isFinite(start)) return { lanes, start: 0, end: 0 };
  return { lanes, start, end };
}

/**
 * Parallel efficiency = busy time ÷ (workers × wall time); the idle tail is the time between a
 * worker's last test and the end of the run, longest and average over workers.
 */
export function stats(plan) {
  const wall = plan.end - plan.start;
  const workers = plan.lanes.filter((lane) => lane.bars.length > 0);
  const busy = workers.reduce((sum, lane) => sum + lane.busy, 0);
  const tails = workers.map((lane) => plan.end - lane.lastEnd);
  return {
    wall,
    busy,
    workers: workers.length,
    efficiency: wall > 0 && workers.length ? busy / (workers.length * wall) : null,
    maxTail: tails.length ? Math.max(...tails) : 0,
    meanTail: tails.length ? tails.reduce((a, b) => a + b, 0) / tails.length : 0,
  };
}

/** Draws the plan `width` pixels wide. Bars carry `data-i`, their index in `results`. */
export function timelineChart(plan, width) {
  const height = plan.lanes.length * (LANE + GAP) + AXIS;
  const svg = frame(width, height, `Worker timeline: ${plan.lanes.length} workers`, "timeline-svg");
  const plotW = width - LABEL - RIGHT;
  const span = Math.max(1, plan.end - plan.start);
  const x = (t) => LABEL + ((t - plan.start) / span) * plotW;
  const axisY = plan.lanes.length * (LANE + GAP);

  for (const value of timeTicks(span, Math.max(2, Math.floor(plotW / 80)))) {
    const px = x(plan.start + value);
    svg.append(s("line", { class: "grid", x1: px, x2: px, y1: 0, y2: axisY }));
    svg.append(s("text", { x: px, y: axisY + 15, "text-anchor": value === 0 ? "start" : "middle", text: value === 0 ? "0" : duration(value) }));
  }

  plan.lanes.forEach((lane, index) => {
    const y = index * (LANE + GAP);
    const group = s("g", { class: "lane", "data-worker": lane.name });
    group.append(s("rect", { class: "lane-bg", x: LABEL, y, width: plotW, height: LANE, rx: 2 }));
    group.append(s("text", { class: "lane-label", x: 0, y: y + LANE / 2 + 4, text: lane.name.length > 9 ? `${lane.name.slice(0, 8)}…` : lane.name },
      s("title", { text: lane.name })));
    if (lane.bars.length && plan.end > lane.lastEnd) {
      group.append(s("rect", { class: "idle", x: x(lane.lastEnd), y: y + 3, width: Math.max(0.5, x(plan.end) - x(lane.lastEnd)), height: LANE - 6 },
        s("title", { text: `${lane.name} idle for ${duration(plan.end - lane.lastEnd)} at the end` })));
    }
    for (const bar of lane.bars) {
      const verdict = bar.result.status || "skipped";
      group.append(s("rect", {
        class: `test f-${verdict}`,
        x: x(bar.start).toFixed(2),
        y,
        width: Math.max(0.8, x(bar.end) - x(bar.start)).toFixed(2),
        height: LANE,
        "data-i": bar.result.index,
      }));
    }
    svg.append(group);
  });
  return svg;
}
