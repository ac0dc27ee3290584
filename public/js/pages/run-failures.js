// Failures first: grouped by signature (the server's /failures, or in the browser by message),
// new groups marked, each test with its message and a collapsible trace.

import { h, note, replace, badge } from "../dom.js";
import { ago, count, num } from "../format.js";
import { page } from "../urls.js";
import { isFailure, signature } from "../verdicts.js";
import { resultDetail } from "./result-detail.js";

const GROUPS_SHOWN = 25;
const TESTS_SHOWN = 10;

export function drawFailures(body, ctx, state) {
  if (!state.run) return;
  const failing = state.tests.filter((t) => isFailure(t.verdict));
  const flaky = state.tests.filter((t) => t.verdict === "flaky");
  const byTest = new Map(state.tests.map((t) => [t.test, t]));
  const counts = state.run.counts || {};
  const expected = (counts.failed || 0) + (counts.error || 0);
  if (state.groups === undefined && state.loadedAttempts < 0) return;
  if (failing.length === 0 && expected === 0 && !(state.groups && state.groups.length)) {
    replace(body, note(state.run.status === "running" ? "No failures so far." : "No failures in this run.", "empty"), flakyList(ctx, flaky));
    return;
  }
  const newTests = new Set(state.compare && state.compare.new_failures ? state.compare.new_failures : []);
  let groups;
  let source;
  if (state.groups) {
    groups = state.groups.map((g) => ({
      signature: g.signature,
      count: g.count ?? (g.tests || []).length,
      tests: (g.tests || []).map((t) => (typeof t === "string" ? t : t.test)),
      isNew: Boolean(g.new),
      first_seen: g.first_seen,
      last_seen: g.last_seen,
      example: g.example,
    }));
    source = null;
  } else {
    groups = groupInBrowser(failing, newTests);
    source = "Grouped in the browser by message (the server's /failures is not available yet); “new” means not failing in the previous run.";
  }
  groups.sort((a, b) => Number(b.isNew) - Number(a.isNew) || b.count - a.count);
  replace(body,
    h("p", { class: "sub" }, `${count(groups.length, "signature")}, ${count(failing.length || expected, "failing test")}`,
      source ? ` · ${source}` : ""),
    groups.slice(0, GROUPS_SHOWN).map((g) => group(ctx, g, byTest, newTests)),
    groups.length > GROUPS_SHOWN ? note(`and ${num(groups.length - GROUPS_SHOWN)} more signatures: see All tests below.`, "more") : null,
    flakyList(ctx, flaky));
}

function groupInBrowser(failing, newTests) {
  const groups = new Map();
  for (const t of failing) {
    const message = t.failure ? t.failure.message : t.last.message;
    const key = signature(message);
    let g = groups.get(key);
    if (!g) {
      g = { signature: key, count: 0, tests: [], isNew: true, example: message };
      groups.set(key, g);
    }
    g.count += 1;
    g.tests.push(t.test);
  }
  for (const g of groups.values()) g.isNew = newTests.size > 0 && g.tests.every((test) => newTests.has(test));
  return [...groups.values()];
}

function group(ctx, g, byTest, newTests) {
  const seen = g.first_seen ? `first seen ${ago(g.first_seen)}` : null;
  const example = g.example || exampleOf(g.tests.map((test) => byTest.get(test)));
  return h("div", { class: ["group", g.isNew && "is-new"], "data-signature": g.signature },
    h("div", { class: "group-head" },
      g.isNew ? badge("new", "new") : h("span", { class: "badge quiet", text: "known" }),
      h("span", { class: "sig", text: g.signature || "(no message)" }),
      h("span", { class: "sub", text: [count(g.count, "test"), seen].filter(Boolean).join(" · ") })),
    example ? h("pre", { class: "message", text: firstLines(example) }) : null,
    h("ul", { class: "list" },
      g.tests.slice(0, TESTS_SHOWN).map((test) => failureItem(ctx, test, byTest.get(test), newTests.has(test), example)),
      g.tests.length > TESTS_SHOWN ? h("li", { class: "more", text: `and ${num(g.tests.length - TESTS_SHOWN)} more` }) : null));
}

function exampleOf(entries) {
  const entry = entries.find((e) => e && (e.failure || e.last).message);
  return entry ? (entry.failure || entry.last).message : "";
}

/** One failing test: a line that opens onto its message, trace and output. */
function failureItem(ctx, test, entry, isNew, example) {
  const failure = entry ? entry.failure || entry.last : null;
  const message = failure && failure.message && failure.message !== example ? failure.message.split("\n")[0] : null;
  const details = h("details", { class: "result" },
    h("summary", {}, h("span", { class: "row" },
      isNew ? badge("new", "new") : null,
      entry ? badge(entry.verdict) : null,
      h("span", { class: "name", text: test }),
      entry ? h("span", { class: "right", text: entry.worker }) : null)));
  let filled = false;
  details.addEventListener("toggle", () => {
    if (!details.open || filled || !entry) return;
    filled = true;
    details.append(resultDetail(ctx, entry, { openTrace: true }));
  });
  return h("li", { class: "failure", "data-test": test }, details,
    message ? h("div", { class: "sub mono one-line", text: message }) : null);
}

function firstLines(message) {
  const lines = String(message).split("\n");
  return lines.length > 6 ? `${lines.slice(0, 6).join("\n")}\n…` : message;
}

function flakyList(ctx, flaky) {
  if (flaky.length === 0) return null;
  const { project } = ctx.params;
  return h("details", { class: "flaky-in-run" },
    h("summary", {}, `${num(flaky.length)} flaky in this run (failed, then passed on retry)`),
    h("ul", { class: "list" }, flaky.slice(0, 50).map((t) => h("li", { class: "row", "data-test": t.test },
      badge("flaky"),
      h("a", { class: "name", href: page.test(project, t.test), text: t.test }),
      h("span", { class: "right", text: `${t.attempts.length} attempts` })))));
}
