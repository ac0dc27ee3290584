// A test's history strip: one link per run, oldest on the left, coloured by verdict.

import { h } from "../dom.js";
import { duration, time } from "../format.js";

/** `entries` are history entries, oldest first; `hrefFor(entry)` gives the run page. */
export function historyStrip(entries, hrefFor) {
  const strip = h("div", { class: "strip", "aria-label": "Verdict in each run, oldest first" });
  for (const entry of entries) {
    const label = `${entry.verdict} in run ${entry.run} · ${time(entry.started_at)} · ${duration(entry.duration_ms)}` +
      (entry.branch ? ` · ${entry.branch}` : "");
    strip.append(h("a", {
      class: ["cell", `v-${entry.verdict}`],
      href: hrefFor(entry),
      title: label,
      "aria-label": label,
      "data-run": entry.run,
      "data-verdict": entry.verdict,
    }));
  }
  return strip;
}
