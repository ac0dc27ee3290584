// The test page's flaky signals (from /flaky) and failure signatures over time.

import { get, getOptional, isAbort } from "../api.js";
import { h, note, replace, badge } from "../dom.js";
import { ago, num } from "../format.js";
import { api, page } from "../urls.js";
import { isFailure, signature } from "../verdicts.js";
import { signalChips, signalEvidence, classification } from "./signals.js";

const SIGNATURE_RUNS = 8;

export async function drawSignals(ctx, body) {
  const { project, test } = ctx.params;
  try {
    const answer = await getOptional(api.flaky(project, { days: 30, min_runs: 1 }), ctx.signal);
    if (!answer) {
      replace(body, note("Flaky signals are not available yet (the server has no /flaky).", "notice"));
      return;
    }
    const entry = (answer.tests || []).find((t) => t.test === test);
    if (!entry) {
      replace(body, note("No flaky signals for this test in the last 30 days.", "empty"));
      return;
    }
    replace(body,
      h("div", { class: "row" }, classification(entry), h("span", { text: `score ${Number(entry.score || 0).toFixed(2)}` }),
        entry.last_flake ? h("span", { class: "sub", text: `last flake ${ago(entry.last_flake)}` }) : null),
      h("p", {}, signalChips(entry.signals)),
      signalEvidence(project, entry.signals));
  } catch (error) {
    if (!isAbort(error)) replace(body, note(error.message, "notice error"));
  }
}

/**
 * Failure signatures over time. History entries may carry a message or signature; when they
 * do not, the test's message is looked up in the results of its latest failing runs.
 */
export async function drawSignatures(ctx, body, entries) {
  const failing = entries.filter((e) => isFailure(e.verdict) || e.verdict === "flaky");
  if (failing.length === 0) {
    replace(body, note("This test has not failed in the runs shown.", "empty"));
    return;
  }
  replace(body, note("Looking up failure messages…", "loading"));
  const recent = failing.slice(-SIGNATURE_RUNS).reverse();
  const found = [];
  try {
    for (const entry of recent) {
      const message = entry.signature || entry.message || (await messageIn(ctx, entry));
      found.push({ entry, signature: entry.signature || signature(message), message });
    }
  } catch (error) {
    if (isAbort(error)) return;
    replace(body, note(error.message, "notice error"));
    return;
  }
  const groups = new Map();
  for (const item of found) {
    if (!groups.has(item.signature)) groups.set(item.signature, []);
    groups.get(item.signature).push(item);
  }
  const { project } = ctx.params;
  replace(body,
    h("p", { class: "sub", text: `From the ${num(recent.length)} latest of ${num(failing.length)} failing runs shown.` }),
    [...groups.entries()].map(([sig, items]) => h("div", { class: "group", "data-signature": sig },
      h("div", { class: "group-head" }, h("span", { class: "sig", text: sig }),
        h("span", { class: "sub", text: items.length === 1 ? "1 run" : `${num(items.length)} runs` })),
      items[0].message ? h("pre", { class: "message", text: items[0].message.split("\n").slice(0, 6).join("\n") }) : null,
      h("div", { class: "evidence" }, items.map(({ entry }) => h("a", { href: page.run(project, entry.run) }, badge(entry.verdict, entry.run)))))));
}

async function messageIn(ctx, entry) {
  const { project, test } = ctx.params;
  for (const status of entry.verdict === "error" ? ["error", "failed"] : ["failed", "error"]) {
    const answer = await get(api.results(project, entry.run, { status, limit: 5000 }), ctx.signal);
    const result = (answer.results || []).find((r) => r.test === test);
    if (result) return result.message || "";
  }
  return "";
}
