// The flaky tests of a project, ranked by score, with their signals and evidence.

import { get, getOptional, isAbort } from "../api.js";
import { h, s, note, panel, replace } from "../dom.js";
import { ago } from "../format.js";
import { api, page } from "../urls.js";
import { projectHead } from "./project-nav.js";
import { signalChips, signalEvidence, classification } from "./signals.js";

const WINDOWS = [7, 14, 30, 90];
const KINDS = { "": "Flaky and broken", flaky: "Flaky", broken: "Broken", all: "All tests" };

export function render(ctx) {
  const { project } = ctx.params;
  const filter = {
    days: ctx.query.get("days") || "",
    branch: ctx.query.get("branch") || "",
    show: ctx.query.get("show") || "",
  };
  const url = api.flaky(project, { days: filter.days, branch: filter.branch });
  ctx.setTitle(`${project} · flaky tests`);
  ctx.setCrumbs([[project, page.runs(project)], ["flaky tests", null]]);
  ctx.setJSON(url);

  const go = (changes) => {
    location.hash = page.flaky(project, { ...filter, ...changes });
  };
  const days = h("select", { id: "days-filter", on: { change: () => go({ days: days.value }) } },
    h("option", { value: "", text: "Server default" }),
    WINDOWS.map((d) => h("option", { value: d, text: `Last ${d} days`, selected: String(d) === filter.days })));
  const branch = h("select", { id: "flaky-branch", on: { change: () => go({ branch: branch.value }) } },
    h("option", { value: "", text: "All branches" }),
    filter.branch ? h("option", { value: filter.branch, text: filter.branch, selected: true }) : null);
  const show = h("select", { id: "kind-filter", on: { change: () => go({ show: show.value }) } },
    Object.entries(KINDS).map(([value, text]) => h("option", { value, text, selected: value === filter.show })));
  const list = panel("Ranked by score", "highest first", "flaky");
  ctx.main.append(projectHead(project, "flaky", `${project}: flaky tests`),
    h("div", { class: "filters" }, h("label", {}, "Window", days), h("label", {}, "Branch", branch), h("label", {}, "Show", show)),
    list);
  load(ctx, url, list.body, filter.show);
  addBranches(ctx, branch, filter.branch);
}

async function load(ctx, url, body, show) {
  const { project } = ctx.params;
  let answer;
  try {
    answer = await getOptional(url, ctx.signal);
  } catch (error) {
    if (!isAbort(error)) replace(body, note(error.message, "notice error"));
    return;
  }
  if (!answer) {
    replace(body, note("The flaky-test analysis is not available yet (the server has no /flaky). Flaky results of single runs are marked on each run's page.", "notice"));
    return;
  }
  const tests = (answer.tests || [])
    .filter((t) => show === "all" || (show ? t.classification === show : t.classification !== "healthy"))
    .sort((a, b) => (b.score || 0) - (a.score || 0));
  if (tests.length === 0) {
    replace(body, note("No flaky tests in this window. Calm seas.", "empty"));
    return;
  }
  // Scores are drawn relative to 1, or to the highest score if the server's scale is larger.
  const scale = Math.max(1, ...tests.map((t) => Number(t.score) || 0));
  replace(body, h("ol", { class: "list flaky-list" }, tests.map((t, i) => item(project, t, i + 1, scale))));
}

function item(project, t, rank, scale) {
  const score = Math.max(0, Math.min(1, (Number(t.score) || 0) / scale));
  return h("li", { class: "flaky-item", "data-test": t.test, "data-classification": t.classification || "" },
    h("div", { class: "row" },
      h("span", { class: "right rank", text: `#${rank}` }),
      classification(t),
      h("a", { class: "name", href: page.test(project, t.test), text: t.test }),
      h("span", { class: "right", title: "flaky score" }, scoreBar(score), Number(t.score || 0).toFixed(2))),
    h("div", { class: "row" }, signalChips(t.signals),
      t.last_flake ? h("span", { class: "right", text: `last flake ${ago(t.last_flake)}` }) : null),
    h("details", {}, h("summary", { class: "sub", text: "Evidence" }), h("div", { class: "detail" }, signalEvidence(project, t.signals))));
}

function scoreBar(score) {
  return h("span", { class: "score", "aria-hidden": "true" },
    s("svg", { viewBox: "0 0 100 10", preserveAspectRatio: "none" }, s("rect", { class: "f-score", width: score * 100, height: 10 })));
}

async function addBranches(ctx, select, current) {
  try {
    const answer = await get(api.runs(ctx.params.project, { limit: 200 }), ctx.signal);
    const branches = [...new Set((answer.runs || []).map((run) => run.branch).filter(Boolean))].sort();
    for (const b of branches) if (b !== current) select.append(h("option", { value: b, text: b }));
  } catch {
    // The filter keeps the branch already chosen.
  }
}

