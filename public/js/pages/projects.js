// The front page: every project with its latest run's status, pass rate and flaky count.

import { get, isAbort } from "../api.js";
import { h, note, badge, replace } from "../dom.js";
import { ago, num, percent } from "../format.js";
import { api, page } from "../urls.js";
import { passRate } from "../verdicts.js";
import { countBar } from "../charts/countbar.js";

export function render(ctx) {
  ctx.setTitle("Projects");
  ctx.setCrumbs([]);
  ctx.setJSON(api.projects());
  const list = h("div", { class: "projects", id: "projects" }, note("Loading projects…", "loading"));
  ctx.main.append(h("div", { class: "page-head" }, h("h1", { text: "Projects" })), list);

  const load = async () => {
    try {
      const answer = await get(api.projects(), ctx.signal);
      draw(list, answer.projects || []);
      return (answer.projects || []).some((p) => p.latest_run && p.latest_run.status === "running");
    } catch (error) {
      if (isAbort(error)) return false;
      replace(list, note(error.message, "notice error"));
      return false;
    }
  };
  load().then((live) => {
    // Refresh while a project has a run in progress.
    if (live) ctx.every(3000, load);
  });
}

function draw(list, projects) {
  if (projects.length === 0) {
    replace(list, h("div", {},
      note("No projects yet. Post results to create one:", "empty"),
      h("pre", { text: 'curl -X POST -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \\\n' +
        '  -d \'{"worker":"gw0","results":[{"test":"tests/test_app.py::test_ok","status":"passed"}]}\' \\\n' +
        "  http://127.0.0.1:8080/api/v1/projects/demo/runs/build-1/results" }),
      note("or run `make demo` for a realistic example project.", "empty")));
    return;
  }
  replace(list, projects.map(card));
}

function card(project) {
  const run = project.latest_run;
  const counts = run?.counts;
  return h("a", { class: "project", href: page.runs(project.name), "data-project": project.name },
    h("h2", {}, h("span", { text: project.name }), run ? badge(run.status) : null),
    run
      ? h("div", {},
        countBar(counts, true),
        h("div", { class: "figures" },
          figure(percent(passRate(counts), 1), "pass rate"),
          figure(num(counts?.flaky || 0), "flaky"),
          figure(num(counts?.failed + (counts?.error || 0) || 0), "failing"),
          figure(num(project.runs), "runs")),
        h("p", { class: "sub", text: `Latest: ${run.name || run.key}${run.branch ? ` on ${run.branch}` : ""}, ${ago(run.started_at)}` }))
      : note("No runs yet.", "empty"));
}

function figure(value, label) {
  return h("div", {}, h("b", { text: value }), h("span", { text: label }));
}
