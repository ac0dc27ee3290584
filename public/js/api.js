// The JSON API client: one fetch wrapper that turns every failure into an ApiError.

/** An API answer that was not a 2xx JSON body. `status` is 0 for network failures. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  /** True for a 404: the endpoint (or the thing asked for) is not there. */
  get missing() {
    return this.status === 404;
  }
}

/** GETs `url` and returns its JSON. Aborting `signal` rejects with an AbortError. */
export async function get(url, signal) {
  let response;
  try {
    response = await fetch(url, { signal, headers: { Accept: "application/json" }, cache: "no-store" });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(0, "network", "The server did not answer. Is it running?");
  }
  let body = null;
  try {
    body = await response.json();
  } catch (error) {
    if (error.name === "AbortError") throw error;
    if (response.ok) throw new ApiError(response.status, "invalid_json", "The server's answer was not JSON.");
  }
  if (!response.ok) {
    const detail = body && body.error ? body.error : {};
    throw new ApiError(response.status, detail.code || `http_${response.status}`,
      detail.message || `The server answered ${response.status}.`);
  }
  return body;
}

/** Like `get`, but a 404 resolves to `null` so optional endpoints can be shown as not available. */
export async function getOptional(url, signal) {
  try {
    return await get(url, signal);
  } catch (error) {
    if (error instanceof ApiError && error.missing) return null;
    throw error;
  }
}

/**
 * Follows `next` cursors: calls `pageURL(after)` until the answer has no `next`, collecting
 * `answer[key]`. `onPage(items)` sees the growing list after each page.
 */
export async function getAll(pageURL, key, signal, onPage) {
  const items = [];
  let after = null;
  for (let guard = 0; guard < 1000; guard++) {
    const answer = await get(pageURL(after), signal);
    items.push(...(answer[key] || []));
    if (onPage) onPage(items);
    if (!answer.next) break;
    after = answer.next;
  }
  return items;
}

/** Whether an error is the result of leaving the page (and should be ignored). */
export function isAbort(error) {
  return error && error.name === "AbortError";
}
