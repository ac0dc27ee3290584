"""A small client of Verdict's JSON API for the browser checks."""

import json
import urllib.error
import urllib.parse
import urllib.request


def quote(segment):
    return urllib.parse.quote(segment, safe="")


class Api:
    def __init__(self, url, token):
        self.url = url
        self.token = token

    def request(self, method, path, body=None):
        """`(status, json)` of a request; errors are answers too."""
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            text = error.read()
            try:
                return error.code, json.loads(text)
            except ValueError:
                return error.code, text.decode(errors="replace")

    def ok(self, method, path, body=None):
        status, answer = self.request(method, path, body)
        assert 200 <= status < 300, f"{method} {path}: {status} {answer}"
        return answer

    def headers(self, path):
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return dict(response.headers)

    def run_path(self, project, run):
        return f"/api/v1/projects/{quote(project)}/runs/{quote(run)}"

    def put_run(self, project, run, **info):
        return self.ok("PUT", self.run_path(project, run), info)

    def post_results(self, project, run, worker, results):
        return self.ok("POST", self.run_path(project, run) + "/results", {"worker": worker, "results": results})

    def finish(self, project, run):
        return self.ok("POST", self.run_path(project, run) + "/finish", {})

    def missing(self, path):
        """Whether GET `path` answers 404 (an endpoint not built yet)."""
        return self.request("GET", path)[0] == 404
