// Hash routes: #/, #/p/{project}, #/p/{project}/runs/{run}, #/p/{project}/tests,
// #/p/{project}/tests/{test}, #/p/{project}/flaky — each segment percent-decoded exactly once.

import { h, replace, note } from "./dom.js";

/** Splits the hash into decoded path segments and a query; null when a segment is malformed. */
export function parseHash(hash) {
  const text = hash.replace(/^#/, "");
  const mark = text.indexOf("?");
  const path = mark < 0 ? text : text.slice(0, mark);
  const query = new URLSearchParams(mark < 0 ? "" : text.slice(mark + 1));
  try {
    const segments = path.split("/").filter((part) => part !== "").map(decodeURIComponent);
    return { segments, query };
  } catch {
    return null;
  }
}

/** Finds the route for path segments: `{name, params}` or null. */
export function match(segments) {
  const [first, project, kind, item, ...rest] = segments;
  if (segments.length === 0) return { name: "projects", params: {} };
  if (first !== "p" || project === undefined || rest.length > 0) return null;
  if (kind === undefined) return { name: "runs", params: { project } };
  if (kind === "runs" && item !== undefined) return { name: "run", params: { project, run: item } };
  if (kind === "tests" && item === undefined) return { name: "tests", params: { project } };
  if (kind === "tests") return { name: "test", params: { project, test: item } };
  if (kind === "flaky" && item === undefined) return { name: "flaky", params: { project } };
  return null;
}

/** Starts routing: `pages` maps a route name to a module with `render(ctx)`. */
export function start(pages) {
  const main = document.getElementById("main");
  let current = null;

  async function show() {
    const parsed = parseHash(location.hash);
    const route = parsed && match(parsed.segments);
    const focusedID = document.activeElement && document.activeElement.id;
    const sameRoute = current && route && current.name === route.name;
    if (current) current.controller.abort();
    const controller = new AbortController();
    current = { name: route ? route.name : "missing", controller };
    const ctx = context(main, parsed ? parsed.query : new URLSearchParams(), route ? route.params : {}, controller.signal);
    main.replaceChildren();
    if (!route) {
      ctx.setCrumbs([]);
      ctx.setJSON("/api/v1/projects");
      ctx.setTitle("Not found");
      replace(main, h("h1", { text: "No such page" }), note("This address does not name a Verdict page."),
        h("p", {}, h("a", { href: "#/", text: "Back to the projects" })));
      return;
    }
    const module = await pages[route.name]();
    if (controller.signal.aborted) return;
    try {
      module.render(ctx);
    } catch (error) {
      main.append(note(`This page failed to draw: ${error.message}`, "notice error"));
      throw error;
    }
    if (sameRoute && focusedID && document.getElementById(focusedID)) document.getElementById(focusedID).focus();
    else if (!sameRoute && current.shown) main.focus({ preventScroll: true });
    if (!sameRoute) window.scrollTo(0, 0);
    current.shown = true;
  }

  window.addEventListener("hashchange", show);
  show();
}

/** What a page gets: where to draw, its parameters, and hooks that end when the page is left. */
function context(main, query, params, signal) {
  return {
    main,
    params,
    query,
    signal,
    setTitle(text) {
      document.title = text ? `${text} · Verdict` : "Verdict";
    },
    setJSON(url) {
      const link = document.getElementById("json-link");
      link.href = url;
      link.title = `The JSON this page renders: ${url}`;
    },
    setCrumbs(items) {
      const nav = document.getElementById("crumbs");
      nav.replaceChildren();
      for (const [label, href] of items) {
        nav.append(h("span", { class: "sep", "aria-hidden": "true", text: "/" }));
        nav.append(href ? h("a", { href, text: label }) : h("span", { text: label, "aria-current": "page" }));
      }
    },
    /** Rewrites the query of the address without drawing the page again (search boxes). */
    setQuery(values) {
      const params = new URLSearchParams(query);
      for (const [key, value] of Object.entries(values)) {
        if (value === null || value === undefined || value === "") params.delete(key);
        else params.set(key, String(value));
      }
      const path = location.hash.replace(/^#/, "").split("?")[0] || "/";
      const text = params.toString();
      history.replaceState(null, "", `#${path}${text ? `?${text}` : ""}`);
      query = params;
      this.query = params;
    },
    /** Runs `fn` every `ms` until the page is left; `fn` may return false to stop. */
    every(ms, fn) {
      let timer = 0;
      const tick = async () => {
        if (signal.aborted) return;
        let keepGoing = true;
        try {
          keepGoing = (await fn()) !== false;
        } catch (error) {
          if (error.name !== "AbortError") keepGoing = true;
        }
        if (keepGoing && !signal.aborted) timer = setTimeout(tick, ms);
      };
      timer = setTimeout(tick, ms);
      signal.addEventListener("abort", () => clearTimeout(timer));
    },
  };
}
