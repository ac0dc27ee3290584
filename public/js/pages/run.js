// A run: verdict counts, failures by signature, comparison with the previous run, the worker
// timeline and every test. While the run is in progress the page follows it.

import { get, getAll, getOptional, isAbort } from "../api.js";
import { h, note, panel, replace, badge, announce } from "../dom.js";
import { ago, duration, num, percent, time, ms } from "../format.js";
import { api, page } from "../urls.js";
import { VERDICTS, LABELS, TestFold, passRate, runDuration } from "../verdicts.js";
import { countBar } from "../charts/countbar.js";
import { commit } from "./runs-table.js";
import { drawFailures } from "./run-failures.js";
import { drawCompare, loadCompare } from "./run-compare.js";
import { drawTimeline } from "./run-timeline.js";
import { TestList } from "./run-tests.js";

const POLL_MS = 2000;
const RESULTS_EVERY_MS = 4000;

export function render(ctx) {
  const { project, run: key } = ctx.params;
  ctx.setTitle(`${key} · ${project}`);
  ctx.setCrumbs([[project, page.runs(project)], [`run ${key}`, null]]);
  ctx.setJSON(api.run(project, key));

  const head = h("div", { class: "run-head" }, h("div", { class: "page-head" }, h("h1", { text: key })), h("div", { class: "meta" }, "\u00a0"));
  const verdicts = panel("Verdicts", null, "verdicts");
  const failures = panel("Failures", "grouped by signature", "failures");
  const compare = panel("Compared with the previous run", null, "compare");
  const timeline = panel("Worker timeline", "one lane per worker, one bar per test", "timeline");
  const tests = panel("All tests", null, "tests");
  ctx.main.append(head, verdicts, failures, compare, timeline, tests);

  const list = new TestList(ctx, tests.body);
  const state = { run: null, tests: [], results: [], groups: undefined, compare: undefined, loadedAttempts: -1, lastLoad: 0 };

  const drawSummary = (run) => {
    state.run = run;
    ctx.setTitle(`${run.name || run.key} · ${project}`);
    replace(head, drawHead(project, run));
    replace(verdicts.body, drawTiles(run));
  };

  const loadResults = async () => {
    state.lastLoad = Date.now();
    const attempts = state.run.attempts;
    // Each page is folded into tests while the next one is on its way.
    const fold = new TestFold();
    const results = await getAll((after) => api.results(project, key, { limit: 5000, after }), "results", ctx.signal, (partial) => {
      for (let index = fold.size; index < partial.length; index++) {
        const result = partial[index];
        result.index = index;
        result.startMs = ms(result.started_at);
        fold.add(result);
      }
      if (state.loadedAttempts < 0) list.progress(partial.length, attempts);
    });
    state.loadedAttempts = attempts;
    state.results = results;
    state.tests = fold.tests();
    list.update(state.tests);
    drawTimeline(timeline.body, ctx, state.run, results, (index) => list.reveal(results[index].test));
    drawFailures(failures.body, ctx, state);
    await refreshCompare();
  };

  const refreshCompare = async () => {
    const pending = state.comparePending;
    state.comparePending = null;
    state.compare = await loadCompare(ctx, state, pending);
    drawCompare(compare.body, ctx, state);
    drawFailures(failures.body, ctx, state);
  };

  const start = async () => {
    try {
      state.run = await get(api.run(project, key), ctx.signal);
    } catch (error) {
      if (isAbort(error)) return;
      const text = error.missing ? `There is no run “${key}” in ${project}.` : error.message;
      replace(head, h("div", { class: "page-head" }, h("h1", { text: key })), note(text, "notice error"));
      for (const section of [verdicts, failures, compare, timeline, tests]) section.remove();
      return;
    }
    // Everything else is asked for before anything is drawn, so the server works while the
    // browser draws; the comparison too, rather than after the results.
    state.comparePending = getOptional(api.compare(project, key), ctx.signal);
    state.comparePending.catch(() => {});
    getOptional(api.failures(project, key), ctx.signal).then((answer) => {
      state.groups = answer ? answer.groups || [] : null;
      drawFailures(failures.body, ctx, state);
    }).catch(() => {
      state.groups = null;
    });
    const loading = loadResults();
    drawSummary(state.run);
    try {
      await loading;
    } catch (error) {
      if (isAbort(error)) return;
      replace(tests.body, note(error.message, "notice error"));
    }
    if (state.run.status === "running") follow();
  };

  // Live: the summary every 2 s (counts move at once), the results when they changed.
  const follow = () => ctx.every(POLL_MS, async () => {
    const run = await get(api.run(project, key), ctx.signal);
    const changed = run.attempts !== state.run.attempts || run.status !== state.run.status;
    drawSummary(run);
    if (changed) announce(`${num(run.counts?.total)} tests, ${num(run.counts?.failed)} failed`);
    const due = Date.now() - state.lastLoad >= RESULTS_EVERY_MS || run.status !== "running";
    if (run.attempts !== state.loadedAttempts && due) await loadResults();
    return run.status === "running" || run.attempts !== state.loadedAttempts;
  });

  start();
}

function drawHead(project, run) {
  const workers = run.workers || [];
  const attributes = Object.entries(run.attributes || {});
  return [
    h("div", { class: "page-head" },
      h("h1", {}, run.name || run.key),
      badge(run.status)),
    h("div", { class: "meta" },
      run.name && run.name !== run.key ? h("span", {}, "key ", h("span", { class: "mono", text: run.key })) : null,
      h("span", { title: time(run.started_at) }, `started ${ago(run.started_at)}`),
      h("span", {}, `${run.status === "running" ? "running for" : "took"} ${duration(runDuration(run))}`),
      run.branch ? h("span", {}, "branch ", h("a", { href: page.runs(project, { branch: run.branch }), text: run.branch })) : null,
      h("span", {}, "commit ", commit(run)),
      h("span", { title: workers.map((w) => w.name).join(", ") }, `${num(workers.length)} workers`),
      h("span", {}, `${num(run.attempts)} attempts`),
      attributes.map(([k, v]) => h("span", { class: "attr" }, `${k}: `, h("span", { class: "mono", text: v })))),
  ];
}

function drawTiles(run) {
  const c = run.counts || {};
  const tile = (cls, n, label) => h("div", { class: ["tile", cls], "data-verdict": cls.replace("v-", "") },
    h("span", { class: "n", text: n }), h("span", { class: "l", text: label }));
  return [
    h("div", { class: "tiles" },
      tile("v-total", num(c.total), "tests"),
      VERDICTS.map((v) => tile(`v-${v}`, num(c[v] || 0), LABELS[v])),
      tile("v-rate", percent(passRate(c), 1), "pass rate")),
    countBar(c),
  ];
}
