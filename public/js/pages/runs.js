// A project's run history: filters, a trend chart, the runs table, paging, live updates.

import { get, isAbort } from "../api.js";
import { h, note, panel, replace, announce } from "../dom.js";
import { api, page } from "../urls.js";
import { passRate, runDuration } from "../verdicts.js";
import { responsive } from "../charts/frame.js";
import { trendChart } from "../charts/trend.js";
import { projectHead } from "./project-nav.js";
import { runsTable } from "./runs-table.js";

const PAGE_SIZE = 30;
const STATUSES = ["running", "passed", "failed"];

export function render(ctx) {
  const { project } = ctx.params;
  const filter = {
    branch: ctx.query.get("branch") || "",
    status: ctx.query.get("status") || "",
    before: ctx.query.get("before") || "",
  };
  const url = api.runs(project, { branch: filter.branch, status: filter.status, limit: PAGE_SIZE, before: filter.before });
  ctx.setTitle(`${project} · runs`);
  ctx.setCrumbs([[project, null]]);
  ctx.setJSON(url);

  const go = (changes) => {
    location.hash = page.runs(project, { ...filter, before: "", ...changes });
  };
  const branchSelect = h("select", { id: "branch-filter", on: { change: () => go({ branch: branchSelect.value }) } },
    h("option", { value: "", text: "All branches" }));
  if (filter.branch) branchSelect.append(h("option", { value: filter.branch, text: filter.branch, selected: true }));
  const statusSelect = h("select", { id: "status-filter", on: { change: () => go({ status: statusSelect.value }) } },
    h("option", { value: "", text: "Any status" }),
    STATUSES.map((s) => h("option", { value: s, text: s, selected: s === filter.status })));

  const trend = panel("Trend", "pass rate and duration, oldest to newest", "trend");
  const runs = panel("Runs", filter.before ? "older runs" : "newest first", "runs");
  ctx.main.append(
    projectHead(project, "runs"),
    h("div", { class: "filters", role: "search" },
      h("label", {}, "Branch", branchSelect),
      h("label", {}, "Status", statusSelect)),
    trend,
    runs);
  const chart = h("div", { class: "chart trend-chart" });

  let lastRunning = null;
  const load = async () => {
    try {
      const answer = await get(url, ctx.signal);
      // The server may not filter by status yet: narrow here too.
      const list = (answer.runs || []).filter((run) => !filter.status || run.status === filter.status);
      drawTrend(trend, chart, project, list);
      replace(runs.body, list.length ? runsTable(project, list) : note("No runs match these filters.", "empty"),
        pager(project, filter, answer.next));
      const running = list.filter((run) => run.status === "running").length;
      if (lastRunning !== null && running !== lastRunning) announce(`${running} runs in progress`);
      lastRunning = running;
      return running > 0;
    } catch (error) {
      if (isAbort(error)) return false;
      replace(runs.body, note(error.message, "notice error"));
      replace(trend.body, note("No trend without runs.", "empty"));
      return false;
    }
  };
  load().then((live) => {
    // Poll while a run on this page is in progress; stop once all are finished.
    if (live) ctx.every(2000, load);
  });
  addBranches(ctx, project, branchSelect, filter.branch);
}

function drawTrend(trend, chart, project, runs) {
  if (runs.length < 2) {
    replace(trend.body, note("The trend appears after two runs.", "empty"));
    return;
  }
  const points = runs.slice().reverse().map((run) => ({
    rate: passRate(run.counts),
    duration_ms: runDuration(run),
    status: run.status,
    started_at: run.started_at,
    label: run.name || run.key,
    href: page.run(project, run.key),
  }));
  if (!trend.body.contains(chart)) {
    replace(trend.body, chart, h("div", { class: "legend" },
      h("span", {}, h("i", { class: "rate" }), "pass rate (left)"),
      h("span", {}, h("i", { class: "dur" }), "duration (right)")));
  }
  if (chart.stopResizing) chart.stopResizing();
  responsive(chart, (width) => trendChart(points, width));
}

function pager(project, filter, next) {
  const base = { branch: filter.branch, status: filter.status };
  return h("nav", { class: "pager", "aria-label": "Pages of runs" },
    filter.before ? h("a", { href: page.runs(project, base), text: "← Newest runs" }) : h("span"),
    next ? h("a", { href: page.runs(project, { ...base, before: next }), text: "Older runs →", id: "older" }) : h("span"));
}

/** Fills the branch filter from the project's recent runs. */
async function addBranches(ctx, project, select, current) {
  try {
    const answer = await get(api.runs(project, { limit: 200 }), ctx.signal);
    const branches = [...new Set((answer.runs || []).map((run) => run.branch).filter(Boolean))].sort();
    for (const branch of branches) {
      if (branch !== current) select.append(h("option", { value: branch, text: branch }));
    }
  } catch {
    // The filter still works with the branch already chosen.
  }
}
