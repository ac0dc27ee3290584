"""The real ReportPortal agent (pytest-reportportal + reportportal-client from PyPI) against the
real Verdict server: `pytest --reportportal` pointed at Verdict must just work, and the native
API must then show one run per launch with every test, log and attachment.

Run with the packages of requirements.txt installed (`make test` does it):

    VERDICT_BIN=.build/debug/verdict python -m pytest Tests/agent

The sample suite and the agent script come from `shared/reportportal/` beside the repository
(`RP_SHARED` overrides where that folder is).
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SHARED = Path(os.environ.get("RP_SHARED", REPO.parent / "shared" / "reportportal"))
LARGE_SUITE = HERE / "large-suite"
TOKEN = "agent-test-token"

SAMPLE_TESTS = {
    "tests/test_basic.py::test_pass",
    "tests/test_basic.py::test_fail",
    "tests/test_basic.py::test_error_in_fixture",
    "tests/test_basic.py::test_skip",
    "tests/test_basic.py::test_xfail",
    "tests/test_logging.py::test_logging_and_attachment",
    "tests/test_logging.py::test_flaky",
    "tests/test_params.py::TestCalculator::test_add[1-2-3]",
    "tests/test_params.py::TestCalculator::test_add[2-3-5]",
    "tests/test_params.py::TestCalculator::test_add[10-5-15]",
    "tests/test_params.py::TestCalculator::test_multiply",
    "tests/test_params.py::TestCalculator::test_divide_by_zero",
    "tests/test_params.py::test_upper[lower]",
    "tests/test_params.py::test_upper[mixed]",
}
SAMPLE_COUNTS = {"total": 14, "passed": 10, "failed": 2, "error": 0, "skipped": 2, "flaky": 0}
SAMPLE_FILES = {
    "result.json": b'{"ok": true, "items": [1, 2, 3]}',
    "notes.txt": b"hello from the sample suite\n",
}


class Verdict:
    """`verdict serve` on a free loopback port with a database in a temporary folder."""

    def __init__(self, folder):
        binary = os.environ.get("VERDICT_BIN") or str(REPO / ".build" / "debug" / "verdict")
        if not os.path.isabs(binary):
            binary = str(REPO / binary)
        if not os.access(binary, os.X_OK):
            pytest.fail(f"no verdict binary at {binary}: run `swift build` or set VERDICT_BIN")
        self.process = subprocess.Popen(
            [binary, "serve", "--host", "127.0.0.1", "--port", "0", "--db", str(Path(folder) / "verdict.db"), "--token", TOKEN],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.lines = []
        listening = threading.Event()

        def drain():
            for line in self.process.stderr:
                self.lines.append(line)
                if "verdict listening on http://" in line:
                    listening.set()

        threading.Thread(target=drain, daemon=True).start()
        if not listening.wait(30):
            self.process.kill()
            pytest.fail("verdict did not start:\n" + "".join(self.lines))
        line = next(l for l in self.lines if "verdict listening on http://" in l)
        self.base = re.search(r"(http://[^ ]+)", line).group(1)

    def get(self, path):
        with urllib.request.urlopen(self.base + path, timeout=30) as response:
            return response.read(), dict(response.headers)

    def json(self, path):
        return json.loads(self.get(path)[0])

    def only_run(self, project):
        runs = self.json(f"/api/v1/projects/{project}/runs")["runs"]
        assert len(runs) == 1, f"{len(runs)} runs in {project}"
        return runs[0]

    def results(self, project, run):
        out, cursor = [], None
        while True:
            page = self.json(f"/api/v1/projects/{project}/runs/{run}/results?limit=5000" + (f"&after={cursor}" if cursor else ""))
            out += page["results"]
            cursor = page["next"]
            if not cursor:
                return out

    def logs(self, project, run, query=""):
        return self.json(f"/api/v1/projects/{project}/runs/{run}/logs?limit=5000{query}")["logs"]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="module")
def verdict():
    with tempfile.TemporaryDirectory(prefix="verdict-agent-") as folder:
        server = Verdict(folder)
        yield server
        server.stop()


def agent_environment(verdict, project, token=TOKEN):
    env = dict(os.environ)
    for name in list(env):
        if name.startswith("RP_") and name != "RP_SHARED":
            del env[name]
    env.update({
        "RP_ENDPOINT": verdict.base, "RP_PROJECT": project, "RP_API_KEY": token,
        "AGENT_NO_ANALYTICS": "1", "PYTHONDONTWRITEBYTECODE": "1",
        # run-agent.sh reuses this virtualenv instead of installing the agent again.
        "RP_AGENT_VENV": sys.prefix,
    })
    return env


def run_sample_suite(verdict, project, *args, token=TOKEN, timeout=600):
    """The shared script: the unmodified agent from PyPI on `shared/reportportal/sample-suite`."""
    script = SHARED / "run-agent.sh"
    if not script.exists():
        pytest.fail(f"{script} is missing: the shared ReportPortal folder belongs beside the repository (or set RP_SHARED)")
    done = subprocess.run(["bash", str(script), verdict.base, project, token, *args], env=agent_environment(verdict, project, token),
                          capture_output=True, text=True, timeout=timeout)
    return done.returncode, done.stdout + done.stderr


def assert_sample_run(verdict, project, output):
    run = verdict.only_run(project)
    assert run["counts"] == SAMPLE_COUNTS, output[-3000:]
    assert run["attempts"] == 14
    assert run["status"] == "failed"
    assert run["finished_at"] is not None
    assert run["name"] == "sample-suite"
    assert run["branch"] == "main" and run["commit"] == "0123456789abcdef"
    results = verdict.results(project, run["key"])
    assert {r["test"] for r in results} == SAMPLE_TESTS
    failed = {r["test"]: r for r in results if r["status"] == "failed"}
    assert failed["tests/test_basic.py::test_fail"]["message"] == "AssertionError: arithmetic is broken"
    assert failed["tests/test_basic.py::test_fail"]["attributes"]["rp.issue"] == "pb001"
    assert "fixture error" in failed["tests/test_basic.py::test_error_in_fixture"]["message"]
    logs = verdict.logs(project, run["key"], "&test=tests/test_logging.py::test_logging_and_attachment")
    messages = [log["message"] for log in logs]
    assert "plain info message from the test" in messages
    assert "log line inside a nested step" in messages
    files = {log["attachment"]["name"]: log["attachment"] for log in logs if log["attachment"]}
    assert set(files) == set(SAMPLE_FILES)
    for name, content in SAMPLE_FILES.items():
        body, headers = verdict.get(files[name]["url"])
        assert body == content
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Content-Disposition"].startswith("attachment;")
    # The agent never had to complain about an answer.
    assert "Unable to get" not in output and "Unable to decode" not in output, output[-3000:]
    return run, results


SCENARIOS = {
    "serial": [],
    "xdist4": ["-n", "4"],
    "loadscope": ["-n", "4", "--dist", "loadscope"],
    "reruns": ["--reruns", "2"],
    "hierarchy-xdist4": ["-o", "rp_hierarchy_code=True", "-n", "4"],
    "async-batched": ["-o", "rp_client_type=ASYNC_BATCHED", "-o", "rp_hierarchy_code=True"],
    # The async clients cannot be handed to xdist workers (the agent fails to pickle them).
    "async-thread": ["-o", "rp_client_type=ASYNC_THREAD"],
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_sample_suite_lands_in_one_run(verdict, scenario):
    project = f"agent-{scenario}"
    code, output = run_sample_suite(verdict, project, *SCENARIOS[scenario])
    # 1 is pytest's answer for a suite with failures; 3 would mean the agent crashed pytest.
    assert code == 1, output[-3000:]
    run, _ = assert_sample_run(verdict, project, output)
    if scenario.startswith("xdist") or scenario in ("loadscope", "hierarchy-xdist4"):
        assert 1 <= len(run["workers"]) <= 8


def test_launch_rerun_adds_attempts_to_the_same_run(verdict):
    project = "agent-rerun"
    assert run_sample_suite(verdict, project)[0] == 1
    code, output = run_sample_suite(verdict, project, "--rp-rerun", "-n", "2")
    assert code == 1, output[-3000:]
    run = verdict.only_run(project)
    assert run["attempts"] == 28
    assert run["counts"]["total"] == 14
    attempts = {r["attempt"] for r in verdict.results(project, run["key"])}
    assert attempts == {1, 2}


def test_wrong_token_is_reported_clearly_and_the_tests_still_run(verdict):
    # The agent logs refused calls as warnings; live logs make them visible here.
    code, output = run_sample_suite(verdict, "agent-denied", "-o", "log_cli=true", "-o", "log_cli_level=WARNING",
                                    token="not-the-token")
    assert code == 1, output[-3000:]
    assert "the token is unknown or revoked" in output, output[-3000:]
    assert "agent-denied" not in {p["name"] for p in verdict.json("/api/v1/projects")["projects"]}


def collected_node_ids(env):
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
                          cwd=LARGE_SUITE, env=env, capture_output=True, text=True, timeout=300)
    return {line.strip() for line in done.stdout.splitlines() if "::" in line}


def run_large_suite(env, *args):
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args],
                          cwd=LARGE_SUITE, env=env, capture_output=True, text=True, timeout=1200)
    return done.returncode, done.stdout + done.stderr, time.monotonic() - started


def test_large_suite_with_xdist_lands_complete(verdict):
    project = "agent-large"
    env = agent_environment(verdict, project)
    expected = collected_node_ids(env)
    assert len(expected) == 510
    plain_code, _, plain_seconds = run_large_suite(env, "-n", "4")
    code, output, seconds = run_large_suite(env, "-n", "4", "--reportportal")
    assert code == plain_code == 1, output[-3000:]
    run = verdict.only_run(project)
    assert run["counts"] == {"total": 510, "passed": 470, "failed": 10, "error": 0, "skipped": 30, "flaky": 0}
    assert run["attempts"] == 510
    results = verdict.results(project, run["key"])
    assert {r["test"] for r in results} == expected
    attachments = [log for log in verdict.logs(project, run["key"]) if log["attachment"]]
    assert sorted(log["attachment"]["name"] for log in attachments) == [f"report-{i}.txt" for i in range(5)]
    print(f"\nlarge suite, -n 4: {plain_seconds:.1f} s without reporting, {seconds:.1f} s with --reportportal to Verdict")
