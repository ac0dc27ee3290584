// A project's tests, searchable by name, each linked to its history.

import { getOptional, isAbort } from "../api.js";
import { h, note, panel, replace, badge, debounce } from "../dom.js";
import { num, percent } from "../format.js";
import { api, page } from "../urls.js";
import { projectHead } from "./project-nav.js";

export function render(ctx) {
  const { project } = ctx.params;
  const search = h("input", {
    type: "search", id: "tests-search", placeholder: "Search tests by name", "aria-label": "Search tests by name",
    value: ctx.query.get("q") || "", autocomplete: "off", spellcheck: "false",
  });
  const results = panel("Tests", null, "tests");
  ctx.setTitle(`${project} · tests`);
  ctx.setCrumbs([[project, page.runs(project)], ["tests", null]]);
  ctx.main.append(projectHead(project, "tests", `${project}: tests`), h("div", { class: "filters", role: "search" }, search), results);

  let generation = 0;
  const load = async () => {
    const query = search.value.trim();
    const url = api.tests(project, { search: query, limit: 200 });
    ctx.setJSON(url);
    const mine = ++generation;
    try {
      const answer = await getOptional(url, ctx.signal);
      if (mine !== generation) return;
      if (!answer) {
        replace(results.body, note("Searching tests is not available yet (the server has no /tests). Open a run to search its tests.", "notice"));
        return;
      }
      draw(project, results.body, answer.tests || [], answer.next);
    } catch (error) {
      if (!isAbort(error) && mine === generation) replace(results.body, note(error.message, "notice error"));
    }
  };
  search.addEventListener("input", debounce(() => {
    ctx.setQuery({ q: search.value.trim() });
    load();
  }, 200));
  load();
}

function draw(project, body, tests, next) {
  if (tests.length === 0) {
    replace(body, note("No tests match.", "empty"));
    return;
  }
  replace(body,
    h("div", { class: "table-wrap" }, h("table", { class: "tests-table" },
      h("thead", {}, h("tr", {}, h("th", { text: "Test" }), h("th", { text: "Latest" }), h("th", { class: "num", text: "Failure rate" }), h("th", { class: "num", text: "Runs" }))),
      h("tbody", {}, tests.map((t) => h("tr", { "data-test": t.test },
        h("td", { class: "wrap" }, h("a", { class: "mono", href: page.test(project, t.test), text: t.test })),
        h("td", {}, t.latest_verdict ? badge(t.latest_verdict) : "–"),
        h("td", { class: "num", text: percent(t.failure_rate, 1) }),
        h("td", { class: "num", text: num(t.runs) })))))),
    next ? note("More tests match: narrow the search.", "more") : null);
}

