// The comparison with the previous run: new failures, fixed, still failing. Uses the server's
// /compare when it exists; otherwise works it out in the browser from the previous run on the
// same branch.

import { get, getAll, getOptional, isAbort } from "../api.js";
import { h, note, replace, badge } from "../dom.js";
import { duration, num } from "../format.js";
import { api, page } from "../urls.js";
import { isFailure } from "../verdicts.js";

/**
 * Resolves to a comparison `{source, base, new_failures, fixed, still_failing, …}` or `{source: "none"}`.
 * `pending` is the server's answer when it was asked for already (in parallel with the results).
 */
export async function loadCompare(ctx, state, pending = null) {
  const { project, run: key } = ctx.params;
  try {
    const answer = await (pending || getOptional(api.compare(project, key), ctx.signal));
    if (answer) return normalize(answer);
    return await compareInBrowser(ctx, state);
  } catch (error) {
    if (isAbort(error)) throw error;
    return { source: "error", message: error.message };
  }
}

const LISTS = ["new_failures", "fixed", "still_failing", "new_tests", "removed_tests", "flaky"];

/** The server's answer with every list as test keys (entries may be keys or objects with `test`). */
function normalize(answer) {
  const result = { ...answer, source: "server", base: baseKey(answer.base) };
  for (const name of LISTS) {
    if (Array.isArray(answer[name])) result[name] = answer[name].map((t) => (typeof t === "string" ? t : t && t.test)).filter(Boolean);
  }
  return result;
}

function baseKey(base) {
  if (base && typeof base === "object") return base.key || null;
  return base || null;
}

async function compareInBrowser(ctx, state) {
  const { project, run: key } = ctx.params;
  if (!state.baseRun) state.baseRun = await previousRun(ctx, state.run);
  const base = state.baseRun;
  if (!base) return { source: "none" };
  if (!state.baseFailing) {
    const failing = new Set();
    for (const status of ["failed", "error"]) {
      const results = await getAll((after) => api.results(project, base, { status, limit: 5000, after }), "results", ctx.signal);
      for (const result of results) failing.add(result.test);
    }
    // A test with a failed attempt may still have passed on retry: only the ones whose
    // failures were not followed by a pass count; the base run's verdicts are not loaded,
    // so retried-and-passed tests in the base are treated as failing (conservative).
    state.baseFailing = failing;
  }
  const failingNow = state.tests.filter((t) => isFailure(t.verdict)).map((t) => t.test);
  const passingNow = state.tests.filter((t) => t.verdict === "passed" || t.verdict === "flaky").map((t) => t.test);
  return {
    source: "browser",
    run: key,
    base,
    new_failures: failingNow.filter((t) => !state.baseFailing.has(t)),
    still_failing: failingNow.filter((t) => state.baseFailing.has(t)),
    fixed: passingNow.filter((t) => state.baseFailing.has(t)),
    flaky: state.tests.filter((t) => t.verdict === "flaky").map((t) => t.test),
  };
}

/** The run before `run` on its branch (or in the project when it has no branch). */
async function previousRun(ctx, run) {
  const answer = await get(api.runs(ctx.params.project, { branch: run.branch || "", limit: 200 }), ctx.signal);
  const runs = answer.runs || [];
  const index = runs.findIndex((r) => r.key === run.key);
  if (index < 0) return null;
  return runs[index + 1] ? runs[index + 1].key : null;
}

export function drawCompare(body, ctx, state) {
  const c = state.compare;
  const { project } = ctx.params;
  if (!c || c.source === "none") {
    replace(body, note("There is no earlier run on this branch to compare with.", "empty"));
    return;
  }
  if (c.source === "error") {
    replace(body, note(`The comparison is not available: ${c.message}`, "notice"));
    return;
  }
  const column = (title, tests, cls) => h("div", { class: ["compare-col", cls] },
    h("h3", {}, `${title} `, h("span", { class: "sub", text: `(${num((tests || []).length)})` })),
    (tests || []).length === 0 ? note("none", "empty") : testLinks(project, tests, cls === "new" ? badge("new", "new") : null));
  const extra = [
    c.new_tests ? `${num(c.new_tests.length)} new tests` : null,
    c.removed_tests ? `${num(c.removed_tests.length)} removed tests` : null,
    c.flaky ? `${num(c.flaky.length)} flaky` : null,
    typeof c.duration_change_ms === "number" ? `duration ${c.duration_change_ms >= 0 ? "+" : "−"}${duration(Math.abs(c.duration_change_ms))}` : null,
  ].filter(Boolean).join(" · ");
  replace(body,
    h("p", { class: "sub" }, "Base: ", c.base ? h("a", { href: page.run(project, c.base), text: c.base }) : "–",
      extra ? ` · ${extra}` : "",
      c.source === "browser" ? " · worked out in the browser (the server's /compare is not available yet)" : ""),
    h("div", { class: "columns" },
      column("New failures", c.new_failures, "new"),
      column("Fixed", c.fixed, "fixed"),
      column("Still failing", c.still_failing, "still")));
}

function testLinks(project, tests, mark) {
  const shown = tests.slice(0, 15);
  return h("ul", { class: "list compact" },
    shown.map((test) => h("li", { class: "row", "data-test": test },
      mark ? mark.cloneNode(true) : null,
      h("a", { class: "name", href: page.test(project, test), text: test }))),
    tests.length > shown.length ? h("li", { class: "more", text: `and ${num(tests.length - shown.length)} more` }) : null);
}
