// Flaky signals and their evidence, shared by the flaky list and the test page.

import { h, badge } from "../dom.js";
import { num, percent, shortCommit } from "../format.js";
import { page } from "../urls.js";

/** Short chips: "retry ×3", "same commit ×2", "flips 40%", "fails 12%". */
export function signalChips(signals) {
  const s = signals || {};
  const chips = [];
  if (s.retry && (s.retry.runs || []).length) chips.push(`retry flake ×${num(s.retry.runs.length)}`);
  if (s.commit && (s.commit.commits || []).length) chips.push(`same-commit flake ×${num(s.commit.commits.length)}`);
  if (s.flip_rate && s.flip_rate.rate) chips.push(`flips ${percent(s.flip_rate.rate)}`);
  if (s.failure_rate && s.failure_rate.rate) chips.push(`fails ${percent(s.failure_rate.rate)}`);
  return h("span", { class: "signals" }, chips.length
    ? chips.map((text) => h("span", { class: "badge quiet", text }))
    : h("span", { class: "sub", text: "no signals" }));
}

/** The evidence behind each signal, with links to the runs. */
export function signalEvidence(project, signals) {
  const s = signals || {};
  const runLinks = (runs) => (runs || []).slice(0, 12).map((run) => h("a", { href: page.run(project, runKey(run)), text: runKey(run) }));
  const lines = [];
  if (s.retry && (s.retry.runs || []).length) {
    lines.push(h("div", { class: "evidence" }, "Failed, then passed on retry in: ", runLinks(s.retry.runs)));
  }
  for (const c of (s.commit && s.commit.commits) || []) {
    lines.push(h("div", { class: "evidence" }, "Passed and failed on commit ", h("span", { class: "mono", text: shortCommit(c.commit) }), ": ", runLinks(c.runs)));
  }
  if (s.flip_rate && s.flip_rate.runs !== undefined) {
    lines.push(h("div", { class: "evidence", text: `Flip rate ${percent(s.flip_rate.rate, 1)}: ${num(s.flip_rate.flips)} status changes over ${num(runsCount(s.flip_rate.runs))} consecutive runs` }));
  }
  if (s.failure_rate && s.failure_rate.runs !== undefined) {
    lines.push(h("div", { class: "evidence", text: `Failure rate ${percent(s.failure_rate.rate, 1)}: failed in ${num(s.failure_rate.failed)} of ${num(runsCount(s.failure_rate.runs))} runs` }));
  }
  return lines;
}

export function classification(entry) {
  return badge(entry.classification || "flaky");
}

function runKey(run) {
  return typeof run === "string" ? run : (run && (run.key || run.run)) || String(run);
}

function runsCount(runs) {
  return Array.isArray(runs) ? runs.length : runs;
}
