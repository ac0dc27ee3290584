// Verdict's UI: starts the router with each page loaded on first use.

import { start } from "./router.js";

const pages = {
  projects: () => import("./pages/projects.js"),
  runs: () => import("./pages/runs.js"),
  run: () => import("./pages/run.js"),
  tests: () => import("./pages/tests.js"),
  test: () => import("./pages/test.js"),
  flaky: () => import("./pages/flaky.js"),
};

// The skip link must not change the hash, which names the page.
document.querySelector(".skip").addEventListener("click", (event) => {
  event.preventDefault();
  document.getElementById("main").focus();
});

start(pages);
