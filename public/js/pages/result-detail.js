// One test's results in a run: each attempt's message, collapsible trace and output,
// attributes, and (on request) its logs and attachments, images shown inline.

import { getOptional, isAbort } from "../api.js";
import { h, note, replace } from "../dom.js";
import { duration, time } from "../format.js";
import { api, page } from "../urls.js";
import { safeURL } from "./runs-table.js";

/** `entry` is a test from `TestFold`. */
export function resultDetail(ctx, entry, options = {}) {
  const { project } = ctx.params;
  return h("div", { class: "detail" },
    h("dl", { class: "kv" },
      entry.file ? [h("dt", { text: "File" }), h("dd", { class: "mono", text: entry.file })] : null,
      entry.suite ? [h("dt", { text: "Suite" }), h("dd", { class: "mono", text: entry.suite })] : null,
      h("dt", { text: "History" }), h("dd", {}, h("a", { href: page.test(project, entry.test), text: "all runs of this test →" }))),
    entry.attempts.map((attempt) => attemptDetail(ctx, entry, attempt, options)));
}

function attemptDetail(ctx, entry, result, options) {
  const several = entry.attempts.length > 1;
  const attributes = Object.entries(result.attributes || {});
  return h("div", { class: "attempt", "data-attempt": result.attempt },
    h("div", { class: "sub" }, [
      several ? `Attempt ${result.attempt}: ${result.status}` : result.status,
      duration(result.duration_ms),
      result.worker ? `on ${result.worker}` : null,
      result.started_at ? `started ${time(result.started_at)}` : null,
    ].filter(Boolean).join(" · ")),
    result.message ? h("pre", { class: "message", text: result.message }) : null,
    result.trace ? h("details", { class: "trace", open: Boolean(options.openTrace) && result.status !== "passed" }, h("summary", { text: "Trace" }), h("pre", { text: result.trace })) : null,
    result.output ? h("details", { class: "output" }, h("summary", { text: "Output" }), h("pre", { text: result.output })) : null,
    attributes.length ? h("dl", { class: "kv" }, attributes.map(([k, v]) => [h("dt", { text: k }), h("dd", { class: "mono", text: v })])) : null,
    logsButton(ctx, entry.test, result.attempt));
}

function logsButton(ctx, test, attempt) {
  const { project, run } = ctx.params;
  const box = h("div", { class: "logs" });
  const button = h("button", {
    type: "button",
    class: "logs-button",
    text: "Show logs and attachments",
    on: {
      click: async () => {
        button.disabled = true;
        replace(box, note("Loading logs…", "loading"));
        try {
          const answer = await getOptional(api.logs(project, run, test, attempt), ctx.signal);
          if (!answer) replace(box, note("Logs and attachments are not available for this result.", "notice"));
          else drawLogs(box, answer.logs || []);
          button.remove();
        } catch (error) {
          if (isAbort(error)) return;
          button.disabled = false;
          replace(box, note(error.message, "notice error"));
        }
      },
    },
  });
  return h("div", {}, button, box);
}

function drawLogs(box, logs) {
  if (logs.length === 0) {
    replace(box, note("No logs for this result.", "empty"));
    return;
  }
  replace(box, logs.map((log) => h("div", { class: "log" },
    h("span", { class: "sub", text: time(log.time) }),
    h("span", { class: "badge quiet", text: log.level || "info" }),
    h("span", { class: "msg", text: log.message || "" }),
    log.attachment ? attachment(log.attachment) : null)));
}

function attachment(file) {
  const url = safeURL(file.url);
  const name = file.name || "attachment";
  if (!url) return h("div", { class: "att", text: name });
  const sameOrigin = new URL(url).origin === location.origin;
  const isImage = /^image\/(png|jpeg|gif|webp|svg\+xml)$/i.test(file.content_type || "");
  return h("div", { class: "att" },
    // The CSP allows images only from this server, so only those are shown inline.
    isImage && sameOrigin ? h("img", { src: url, alt: name, loading: "lazy" }) : null,
    h("a", { href: url, download: name, text: `${name} (${file.content_type || "file"})` }));
}
