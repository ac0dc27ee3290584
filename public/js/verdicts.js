// Verdicts: their order and labels, and a test's verdict from its attempts.

/** Display order: what needs attention first. */
export const VERDICTS = ["failed", "error", "flaky", "passed", "skipped"];

export const LABELS = {
  failed: "Failed",
  error: "Error",
  flaky: "Flaky",
  passed: "Passed",
  skipped: "Skipped",
  running: "Running",
};

export function isFailure(verdict) {
  return verdict === "failed" || verdict === "error";
}

/**
 * Pass rate of a run: tests that ended passing (passed or flaky) over tests that ran
 * (skipped ones did not). Null when nothing ran.
 */
export function passRate(counts) {
  if (!counts) return null;
  const ran = (counts.total || 0) - (counts.skipped || 0);
  return ran > 0 ? ((counts.passed || 0) + (counts.flaky || 0)) / ran : null;
}

/**
 * Folds stored results (attempts) into one entry per test, in first-seen order:
 * `{test, verdict, attempts: [result…], last, failure, duration_ms, worker, file, suite}`.
 * A failed attempt followed by a passed one makes the test flaky (DESIGN.md). Results are added
 * one at a time, so a page of them is folded while the next one is on its way: `add(result)`
 * each, then `tests()` once all are in.
 */
export class TestFold {
  constructor() {
    this.byTest = new Map();
    this.entries = [];
    this.retried = [];
    this.size = 0;
  }

  add(result) {
    this.size += 1;
    const entry = this.byTest.get(result.test);
    if (entry) {
      if (entry.attempts.length === 1) this.retried.push(entry);
      entry.attempts.push(result);
      return;
    }
    // Most tests have one attempt: their entry is complete at once, with every field in place.
    const failed = isFailure(result.status);
    const created = {
      test: result.test,
      attempts: [result],
      last: result,
      failure: failed ? result : null,
      verdict: result.status,
      duration_ms: result.duration_ms || 0,
      worker: result.worker || "",
      file: result.file || "",
      suite: result.suite || "",
    };
    this.byTest.set(result.test, created);
    this.entries.push(created);
  }

  /** The tests, with the verdicts of those with several attempts worked out. */
  tests() {
    for (const entry of this.retried) {
      const attempts = entry.attempts;
      attempts.sort((a, b) => (a.attempt || 0) - (b.attempt || 0));
      let failure = null;
      let total = 0;
      let file = "";
      for (const attempt of attempts) {
        if (isFailure(attempt.status)) failure = attempt;
        total += attempt.duration_ms || 0;
        if (!file && attempt.file) file = attempt.file;
      }
      const last = attempts[attempts.length - 1];
      entry.last = last;
      entry.failure = failure;
      entry.verdict = last.status === "passed" && failure ? "flaky" : last.status;
      entry.duration_ms = total;
      entry.worker = last.worker || "";
      entry.file = last.file || file;
      entry.suite = last.suite || "";
    }
    this.retried = [];
    return this.entries;
  }
}

/** Counts by verdict, in the shape of a run's `counts`. */
export function countVerdicts(tests) {
  const counts = { total: tests.length, passed: 0, failed: 0, error: 0, skipped: 0, flaky: 0 };
  for (const t of tests) counts[t.verdict] = (counts[t.verdict] || 0) + 1;
  return counts;
}

/**
 * A failure's signature for grouping in the browser: the first line of the message with ids,
 * addresses and numbers blanked, so failures that differ only by those fall together.
 */
export function signature(message) {
  const first = String(message || "").split("\n").find((line) => line.trim() !== "") || "(no message)";
  return first
    .replace(/0x[0-9a-f]+/gi, "0x…")
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<uuid>")
    .replace(/[0-9a-f]{6,}/gi, (run) => (/\d/.test(run) ? "<id>" : run))
    .replace(/\d+(\.\d+)?/g, "N")
    .trim()
    .slice(0, 300);
}

const LATE_FINISH_MS = 10 * 60 * 1000;

/**
 * A run's duration. The server measures start to finish; a run finished long after its last
 * result (results imported after the fact) is measured to the end of its last result instead,
 * which is when its tests stopped.
 */
export function runDuration(run) {
  if (!run) return null;
  const finished = Date.parse(run.finished_at);
  const started = Date.parse(run.started_at);
  const lastAt = Math.max(...(run.workers || []).map((w) => Date.parse(w.last_at)).filter((t) => !Number.isNaN(t)));
  if (run.status !== "running" && Number.isFinite(finished) && Number.isFinite(started) && Number.isFinite(lastAt) &&
      finished - lastAt > LATE_FINISH_MS) {
    return Math.max(0, lastAt - started);
  }
  return run.duration_ms ?? null;
}
