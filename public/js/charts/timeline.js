// The worker timeline's model: results laid out on one lane per worker, the run's figures
// (parallel efficiency, idle tails), and the hit test that says which bar is under a point.
// Drawing is in timeline-canvas.js.

/** Lane height, the gap below each lane, and the time axis under the lanes, in CSS pixels. */
export const LANE = 22;
export const GAP = 6;
export const AXIS = 22;

/** Which status wins a pixel that several bars share: what needs attention is never hidden. */
export const SEVERITY = { passed: 1, skipped: 2, flaky: 3, error: 4, failed: 5 };

export function severity(status) {
  return SEVERITY[status] || SEVERITY.skipped;
}

/**
 * Lays results out on lanes. Results without a start time follow the previous bar of their
 * worker. Returns `{lanes: [{name, bars: [{start, end, result, i}], busy, lastEnd, longest}], start, end}`;
 * each lane's bars are in order of their start, `i` being a bar's index in its lane.
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
    if (!inStartOrder(list)) list.sort((a, b) => (a.startMs ?? Infinity) - (b.startMs ?? Infinity));
    let cursor = null;
    const bars = [];
    let busy = 0;
    let longest = 0;
    for (const result of list) {
      const from = result.startMs ?? cursor ?? 0;
      const to = from + Math.max(0, result.duration_ms || 0);
      bars.push({ start: from, end: to, result, i: bars.length });
      busy += to - from;
      longest = Math.max(longest, to - from);
      cursor = Math.max(cursor ?? to, to);
      start = Math.min(start, from);
      end = Math.max(end, to);
    }
    lanes.push({ name, bars, busy, lastEnd: cursor, longest });
  }
  lanes.sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true }));
  if (!Number.isFinite(start)) return { lanes, start: 0, end: 0 };
  return { lanes, start, end };
}

/** Whether results are in order of start already (a worker posts them so): no sort needed. */
function inStartOrder(list) {
  for (let i = 1; i < list.length; i++) {
    if ((list[i - 1].startMs ?? Infinity) > (list[i].startMs ?? Infinity)) return false;
  }
  return true;
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

/** The chart's height in CSS pixels: the lanes and the axis. */
export function chartHeight(plan) {
  return plan.lanes.length * (LANE + GAP) + AXIS;
}

/** The lane drawn at `y` CSS pixels from the chart's top, or -1 (a gap, the axis). */
export function laneAt(plan, y) {
  const index = Math.floor(y / (LANE + GAP));
  if (index < 0 || index >= plan.lanes.length || y - index * (LANE + GAP) > LANE) return -1;
  return index;
}

/** Milliseconds per CSS pixel for a chart `width` pixels wide. */
export function msPerPixel(plan, width) {
  return Math.max(1, plan.end - plan.start) / Math.max(1, width);
}

/**
 * The bar of `lane` at time `t`, where one CSS pixel is `pixel` ms: among the bars drawn in
 * that pixel, the most severe (the colour the pixel is drawn in), then the one containing `t`,
 * then the nearest. With none in that pixel, the nearest within `slack` pixels (for fingers).
 */
export function barAt(lane, t, pixel, slack = 4) {
  const bars = lane.bars;
  if (bars.length === 0) return null;
  // A bar is drawn at least one pixel wide, so it reaches max(end, start + pixel).
  const reach = (bar) => Math.max(bar.end, bar.start + pixel);
  const distance = (bar) => (t < bar.start ? bar.start - t : t > reach(bar) ? t - reach(bar) : 0);
  const pick = (from, to) => {
    let best = null;
    let bestKey = null;
    // Bars start in order, so scan back from the last one starting before `to`; none that
    // starts earlier than `from - longest` can reach `from`.
    for (let i = lastStartingBy(bars, to); i >= 0 && bars[i].start >= from - lane.longest - pixel; i--) {
      const bar = bars[i];
      if (reach(bar) < from) continue;
      const key = [severity(bar.result.status), distance(bar) === 0 ? 1 : 0, -distance(bar)];
      if (!best || compareKeys(key, bestKey) > 0) {
        best = bar;
        bestKey = key;
      }
    }
    return best;
  };
  return pick(t - pixel / 2, t + pixel / 2) || nearest(bars, t, pixel * slack, lastStartingBy(bars, t), distance);
}

function nearest(bars, t, within, index, distance) {
  let best = null;
  for (let i = Math.max(0, index - 64); i < Math.min(bars.length, index + 64); i++) {
    const d = distance(bars[i]);
    if (d <= within && (!best || d < distance(best))) best = bars[i];
  }
  return best;
}

function compareKeys(a, b) {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** The index of the last bar starting at or before `t` (-1 when none). */
function lastStartingBy(bars, t) {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bars[mid].start <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The bar of `lane` whose middle is nearest to time `t` (moving between lanes by keyboard). */
export function barNear(lane, t) {
  const i = lastStartingBy(lane.bars, t);
  const candidates = [lane.bars[i], lane.bars[i + 1]].filter(Boolean);
  const middle = (bar) => (bar.start + bar.end) / 2;
  candidates.sort((a, b) => Math.abs(middle(a) - t) - Math.abs(middle(b) - t));
  return candidates[0] || null;
}
