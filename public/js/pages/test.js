// A test: history strip, duration chart, flaky signals with evidence, failure signatures over
// time, quarantine state.

import { getOptional, isAbort } from "../api.js";
import { h, note, panel, replace, badge } from "../dom.js";
import { num, percent } from "../format.js";
import { api, page } from "../urls.js";
import { isFailure } from "../verdicts.js";
import { responsive } from "../charts/frame.js";
import { durationBars } from "../charts/bars.js";
import { historyStrip } from "../charts/strip.js";
import { drawSignals, drawSignatures } from "./test-signals.js";

const HISTORY = 100;

export function render(ctx) {
  const { project, test } = ctx.params;
  const historyURL = api.history(project, test, { limit: HISTORY });
  ctx.setTitle(`${test} · ${project}`);
  ctx.setCrumbs([[project, page.runs(project)], ["tests", page.tests(project)], [test, null]]);
  ctx.setJSON(historyURL);

  const summary = h("div", { class: "meta test-summary" }, "\u00a0");
  const history = panel("History", "one cell per run, oldest first", "history");
  const durations = panel("Duration", "per run, coloured by verdict", "durations");
  const flaky = panel("Flaky signals", null, "signals");
  const signatures = panel("Failure signatures over time", null, "signatures");
  const quarantine = h("span", { class: "quarantine" });
  ctx.main.append(
    h("div", { class: "page-head" }, h("h1", { class: "mono test-name", text: test }), quarantine),
    summary, history, durations, flaky, signatures);

  loadHistory(ctx, historyURL, { summary, history, durations, signatures });
  drawSignals(ctx, flaky.body);
  loadQuarantine(ctx, quarantine);
}

async function loadHistory(ctx, url, parts) {
  const { project } = ctx.params;
  let answer;
  try {
    answer = await getOptional(url, ctx.signal);
  } catch (error) {
    if (isAbort(error)) return;
    for (const part of [parts.history.body, parts.durations.body, parts.signatures.body]) replace(part, note(error.message, "notice error"));
    return;
  }
  if (!answer) {
    const text = "The test history is not available yet (the server has no /tests/history).";
    replace(parts.summary, "\u00a0");
    for (const part of [parts.history.body, parts.durations.body, parts.signatures.body]) replace(part, note(text, "notice"));
    return;
  }
  // Newest first from the server; the strip and chart read left to right, oldest first.
  const entries = (answer.history || []).slice().reverse();
  const failing = entries.filter((e) => isFailure(e.verdict)).length;
  const flaky = entries.filter((e) => e.verdict === "flaky").length;
  const latest = entries[entries.length - 1];
  replace(parts.summary,
    latest ? h("span", {}, "latest ", badge(latest.verdict)) : null,
    h("span", { text: `${num(entries.length)} runs shown` }),
    h("span", { text: `${percent(entries.length ? failing / entries.length : null, 0)} failing` }),
    h("span", { text: `${num(flaky)} flaky` }),
    answer.next ? h("span", { class: "sub", text: `(older runs not shown)` }) : null);
  if (entries.length === 0) {
    replace(parts.history.body, note("This test has no results yet.", "empty"));
    replace(parts.durations.body, note("No durations yet.", "empty"));
    replace(parts.signatures.body, note("No failures.", "empty"));
    return;
  }
  const hrefFor = (entry) => page.run(project, entry.run);
  replace(parts.history.body, historyStrip(entries, hrefFor),
    h("div", { class: "legend" }, ["passed", "failed", "error", "flaky", "skipped"].map((v) => h("span", {}, h("i", { class: ["sq", v] }), v))));
  const chart = h("div", { class: "chart duration-chart" });
  replace(parts.durations.body, chart);
  const points = entries.map((e) => ({ value: e.duration_ms, verdict: e.verdict, label: `${e.run} (${e.verdict})`, href: hrefFor(e) }));
  responsive(chart, (width) => durationBars(points, width));
  drawSignatures(ctx, parts.signatures.body, entries);
}

async function loadQuarantine(ctx, target) {
  const { project, test } = ctx.params;
  try {
    const answer = await getOptional(api.quarantine(project), ctx.signal);
    if (!answer) {
      replace(target, h("span", { class: "sub", text: "quarantine state not available yet" }));
      return;
    }
    const entry = (answer.tests || []).find((t) => t.test === test);
    replace(target, entry
      ? h("span", { class: "badge v-flaky", title: entry.reason || "", text: "quarantined" })
      : h("span", { class: "badge quiet", text: "not quarantined" }));
  } catch {
    // The quarantine state is a detail; the page stands without it.
  }
}
