// The table of runs: status, counts as a bar, duration, branch, commit, workers.

import { h, badge } from "../dom.js";
import { ago, duration, num, percent, shortCommit, time } from "../format.js";
import { page } from "../urls.js";
import { passRate, runDuration } from "../verdicts.js";
import { countBar } from "../charts/countbar.js";

export function runsTable(project, runs) {
  return h("div", { class: "table-wrap" },
    h("table", { class: "cards runs-table" },
      h("thead", {}, h("tr", {},
        h("th", { text: "Status" }), h("th", { text: "Run" }), h("th", { text: "Results" }),
        h("th", { class: "num", text: "Duration" }), h("th", { text: "Branch" }), h("th", { text: "Commit" }),
        h("th", { class: "num", text: "Workers" }))),
      h("tbody", {}, runs.map((run) => row(project, run)))));
}

function row(project, run) {
  const c = run.counts || {};
  const failing = (c.failed || 0) + (c.error || 0);
  const summary = [
    `${num(c.total)} tests`,
    failing ? `${num(failing)} failing` : null,
    c.flaky ? `${num(c.flaky)} flaky` : null,
    `${percent(passRate(c), 1)} pass`,
  ].filter(Boolean).join(" · ");
  return h("tr", { class: run.status === "running" ? "running" : null, "data-run": run.key },
    h("td", {}, badge(run.status)),
    h("td", { class: "wrap" },
      h("a", { href: page.run(project, run.key), text: run.name || run.key }),
      h("span", { class: "sub", title: time(run.started_at), text: ago(run.started_at) })),
    h("td", { class: "full counts-cell" }, countBar(c, true), h("span", { class: "sub counts-text", text: summary })),
    h("td", { class: "num", "data-label": "Duration" }, duration(runDuration(run))),
    h("td", { class: "wrap", "data-label": "Branch" }, run.branch || "–"),
    h("td", { "data-label": "Commit" }, commit(run)),
    h("td", { class: "num", "data-label": "Workers", title: (run.workers || []).map((w) => w.name).join(", ") }, num((run.workers || []).length)));
}

/** The commit, linked to the CI build when the run has a URL. */
export function commit(run) {
  const sha = shortCommit(run.commit);
  const link = safeURL(run.url);
  if (link) return h("a", { href: link, class: "mono", rel: "noopener noreferrer", target: "_blank", text: sha || "CI build", title: run.url });
  return h("span", { class: "mono", text: sha || "–" });
}

/** Only http(s) links from user data are followed; anything else (javascript:) is not a link. */
export function safeURL(text) {
  if (!text) return null;
  try {
    const url = new URL(text, location.href);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}
