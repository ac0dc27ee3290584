// Every test of a run, with search and a verdict filter. Filtering works on an in-memory index
// and draws at most a page of rows at a time, so 20,000 results stay quick.

import { h, note, replace, badge, debounce } from "../dom.js";
import { duration, num } from "../format.js";
import { VERDICTS, LABELS } from "../verdicts.js";
import { resultDetail } from "./result-detail.js";

const PAGE = 200;
const ORDER = Object.fromEntries(VERDICTS.map((v, i) => [v, i]));
const SORTS = {
  attention: ["Failures first", (a, b) => ORDER[a.verdict] - ORDER[b.verdict] || a.order - b.order],
  slowest: ["Slowest first", (a, b) => b.duration_ms - a.duration_ms],
  name: ["By name", (a, b) => (a.test < b.test ? -1 : a.test > b.test ? 1 : 0)],
};

/** The "failures first" order without a sort: the tests are already in order within a verdict. */
function byAttention(tests) {
  const buckets = VERDICTS.map(() => []);
  const other = [];
  for (const t of tests) (buckets[ORDER[t.verdict]] || other).push(t);
  return buckets.flat().concat(other);
}

export class TestList {
  constructor(ctx, body) {
    this.ctx = ctx;
    this.body = body;
    this.tests = [];
    this.shown = PAGE;
    this.search = h("input", {
      type: "search", id: "test-search", placeholder: "Search tests", "aria-label": "Search tests by name",
      value: ctx.query.get("q") || "", autocomplete: "off", spellcheck: "false",
    });
    this.verdict = h("select", { id: "verdict-filter", "aria-label": "Verdict" });
    this.sort = h("select", { id: "test-sort", "aria-label": "Order" },
      Object.entries(SORTS).map(([key, [label]]) => h("option", { value: key, text: label, selected: key === ctx.query.get("sort") })));
    this.count = h("span", { class: "count", "aria-live": "polite" });
    this.list = h("ul", { class: "list tests-list", id: "tests-list" });
    this.more = h("button", { type: "button", class: "show-more", text: "Show more", on: { click: () => this.showMore() } });
    const refilter = () => {
      this.shown = PAGE;
      ctx.setQuery({ q: this.search.value.trim(), verdict: this.verdict.value, sort: this.sort.value === "attention" ? "" : this.sort.value });
      this.draw();
    };
    this.search.addEventListener("input", debounce(refilter, 120));
    this.verdict.addEventListener("change", refilter);
    this.sort.addEventListener("change", refilter);
    replace(body, note("Loading results…", "loading"));
  }

  progress(loaded, total) {
    replace(this.body, note(`Loading results… ${num(loaded)} of ${num(total)}`, "loading"));
  }

  /** Sets the tests (after a load or a live refresh), keeping the search and filter. */
  update(tests) {
    tests.forEach((t, i) => (t.order = i));
    this.tests = tests;
    const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0]));
    for (const t of tests) counts[t.verdict] = (counts[t.verdict] || 0) + 1;
    const wanted = this.verdict.value || this.ctx.query.get("verdict") || "";
    replace(this.verdict, h("option", { value: "", text: `All verdicts (${num(tests.length)})` }),
      VERDICTS.map((v) => h("option", { value: v, text: `${LABELS[v]} (${num(counts[v])})`, selected: v === wanted })));
    if (!this.body.contains(this.list)) {
      replace(this.body, h("div", { class: "filters", role: "search" }, this.search, this.verdict, this.sort, this.count), this.list, this.more);
    }
    this.draw();
  }

  matches() {
    const words = this.search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const verdict = this.verdict.value;
    const found = this.tests.filter((t) => (!verdict || t.verdict === verdict) &&
      (words.length === 0 || words.every((w) => (t.lower ??= t.test.toLowerCase()).includes(w))));
    const sort = SORTS[this.sort.value] ? this.sort.value : "attention";
    return sort === "attention" ? byAttention(found) : found.sort(SORTS[sort][1]);
  }

  draw() {
    this.found = this.matches();
    const rows = this.found.slice(0, this.shown).map((t) => this.row(t));
    replace(this.list, rows.length ? rows : h("li", { class: "empty", text: "No tests match." }));
    this.updateCount();
  }

  showMore() {
    const start = this.shown;
    this.shown += PAGE;
    this.list.append(...this.found.slice(start, this.shown).map((t) => this.row(t)));
    this.updateCount();
  }

  updateCount() {
    const shown = Math.min(this.shown, this.found.length);
    this.count.textContent = `${num(this.found.length)} of ${num(this.tests.length)} tests` +
      (shown < this.found.length ? ` · showing ${num(shown)}` : "");
    this.more.hidden = shown >= this.found.length;
  }

  row(t) {
    const details = h("details", { class: "result", "data-test": t.test, "data-verdict": t.verdict },
      h("summary", {}, h("span", { class: "row" },
        badge(t.verdict),
        h("span", { class: "name", text: t.test }),
        h("span", { class: "right", text: [duration(t.duration_ms), t.worker, t.attempts.length > 1 ? `${t.attempts.length} attempts` : null].filter(Boolean).join(" · ") }))));
    details.addEventListener("toggle", () => {
      if (details.open && !details.filled) {
        details.filled = true;
        details.append(resultDetail(this.ctx, t));
      }
    });
    return h("li", {}, details);
  }

  /** Shows one test (picked on the timeline) at the top of the list, opened. */
  reveal(test) {
    this.search.value = test;
    this.verdict.value = "";
    this.shown = PAGE;
    this.ctx.setQuery({ q: test, verdict: "" });
    this.draw();
    const first = this.list.querySelector("details");
    if (first) {
      first.open = true;
      first.scrollIntoView({ block: "nearest" });
    }
  }
}
