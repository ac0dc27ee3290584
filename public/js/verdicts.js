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
 * `{test, verdict, attempts: [result…], last, failure, duration_ms, worker, file, suite, lower}`.
 * A failed attempt followed by a passed one makes the test flaky (DESIGN.md).
 */
export function testsFromResults(results) {
  const byTest = new Map();
  for (const result of results) {
    let entry = byTest.get(result.test);
    if (!entry) {
      entry = { test: result.test, attempts: [] };
      byTest.set(result.test, entry);
    }
    entry.attempts.push(result);
  }
  for (const entry of byTest.values()) {
    entry.attempts.sort((a, b) => (a.attempt || 0) - (b.attempt || 0));
    const last = entry.attempts[entry.attempts.length - 1];
    const failures = entry.attempts.filter((a) => isFailure(a.status));
    entry.last = last;
    entry.failure = failures[failures.length - 1] || null;
    entry.verdict = last.status === "passed" && failures.length > 0 ? "flaky" : last.status;
    entry.duration_ms = entry.attempts.reduce((sum, a) => sum + (a.duration_ms || 0), 0);
    entry.worker = last.worker || "";
    entry.file = last.file || entry.attempts.find((a) => a.file)?.file || "";
    entry.suite = last.suite || "";
    entry.lower = entry.test.toLowerCase();
  }
  return [...byTest.values()];
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
