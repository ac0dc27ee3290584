// Every page's address (hash routes) and the JSON API address it renders.
// User data (project names, run keys, test keys) is percent-encoded as one path segment.

const seg = encodeURIComponent;

function withQuery(path, query) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query || {})) {
    if (value !== null && value !== undefined && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Page addresses, for `href`. */
export const page = {
  projects: () => "#/",
  runs: (project, query) => withQuery(`#/p/${seg(project)}`, query),
  run: (project, run, query) => withQuery(`#/p/${seg(project)}/runs/${seg(run)}`, query),
  tests: (project, query) => withQuery(`#/p/${seg(project)}/tests`, query),
  test: (project, test) => `#/p/${seg(project)}/tests/${seg(test)}`,
  flaky: (project, query) => withQuery(`#/p/${seg(project)}/flaky`, query),
};

const base = "/api/v1";

/** JSON API addresses. */
export const api = {
  projects: () => `${base}/projects`,
  runs: (project, query) => withQuery(`${base}/projects/${seg(project)}/runs`, query),
  run: (project, run) => `${base}/projects/${seg(project)}/runs/${seg(run)}`,
  results: (project, run, query) => withQuery(`${base}/projects/${seg(project)}/runs/${seg(run)}/results`, query),
  compare: (project, run, query) => withQuery(`${base}/projects/${seg(project)}/runs/${seg(run)}/compare`, query),
  failures: (project, run) => `${base}/projects/${seg(project)}/runs/${seg(run)}/failures`,
  logs: (project, run, test, attempt) =>
    withQuery(`${base}/projects/${seg(project)}/runs/${seg(run)}/results/logs`, { test, attempt }),
  tests: (project, query) => withQuery(`${base}/projects/${seg(project)}/tests`, query),
  history: (project, test, query) => withQuery(`${base}/projects/${seg(project)}/tests/history`, { test, ...query }),
  flaky: (project, query) => withQuery(`${base}/projects/${seg(project)}/flaky`, query),
  quarantine: (project) => `${base}/projects/${seg(project)}/quarantine`,
};
