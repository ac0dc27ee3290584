// The header shared by a project's pages: its name and the Runs · Tests · Flaky tabs.

import { h } from "../dom.js";
import { page } from "../urls.js";

export function projectHead(project, current, title) {
  const tabs = [
    ["runs", "Runs", page.runs(project)],
    ["tests", "Tests", page.tests(project)],
    ["flaky", "Flaky tests", page.flaky(project)],
  ];
  return h("div", {},
    h("div", { class: "page-head" }, h("h1", { text: title || project })),
    h("nav", { class: "tabs", "aria-label": "Project pages" },
      tabs.map(([key, label, href]) => h("a", { href, text: label, "aria-current": key === current ? "page" : null }))));
}
