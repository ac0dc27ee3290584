"""The data the browser checks look at: five finished runs and one in progress, posted by
three workers, with a broken test, a retry flake, a new failure, and hostile names."""

import secrets
import time
from dataclasses import dataclass, field

XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_MESSAGE = "</script><script>alert(1)</script>"
BROKEN = "tests/test_io.py::TestWrite::test_disk_full"
FLAKY = "tests/test_net.py::test_retry"
NEW_FAILURE = "tests/test_api.py::test_orders[EUR]"
FIXED = "tests/test_math.py::test_fixed_now"
SKIPPED = "tests/test_slow.py::test_big"
SPACED = "tests/test_io.py::test_read file"
FILLER = [f"tests/test_bulk.py::test_case_{i:02d}" for i in range(30)]
WORKERS = ["gw0", "gw1", "gw2"]
FEATURE = "feature/login"


@dataclass
class Dataset:
    project: str
    runs: list  # newest first, as the UI lists them
    finished: dict = field(default_factory=dict)  # run key -> {test: verdict}
    attempts: dict = field(default_factory=dict)  # run key -> number of stored results
    latest: str = ""
    live: str = ""
    live_posted: int = 0
    tests: list = field(default_factory=list)


def outcomes(index, final):
    """(test, [statuses of attempts], message) for the run `index` of the main line (0-based)."""
    rows = [(t, ["passed"], None) for t in FILLER]
    rows += [
        (SPACED, ["passed"], None),
        ("tests/test_math.py::TestDivide::test_by_zero[0]", ["passed"], None),
        (SKIPPED, ["skipped"], "needs a GPU"),
        (BROKEN, ["failed"], f"OSError: [Errno 28] No space left on device: '/tmp/out-{index}.bin'"),
        (FLAKY, ["failed", "passed"] if index % 2 == 1 or final else ["passed"], "TimeoutError: timed out after 5.0 s"),
        (NEW_FAILURE, ["failed"] if final else ["passed"], "AssertionError: total 12.50 != 12.00"),
        (XSS_NAME, ["failed"] if final else ["passed"], XSS_MESSAGE),
        (FIXED, ["failed"] if index == 2 and not final else ["passed"], "AssertionError: 1 != 2"),
    ]
    return rows


def results_for(rows, start_ms):
    """Spreads attempts over the workers as a scheduler would, with real start times."""
    clock = {w: start_ms + 200 * i for i, w in enumerate(WORKERS)}
    per_worker = {w: [] for w in WORKERS}
    for test, statuses, message in rows:
        worker = min(clock, key=clock.get)
        for attempt, status in enumerate(statuses, start=1):
            duration = 0 if status == "skipped" else 40 + (len(test) * 7 + attempt * 13) % 400
            result = {"test": test, "status": status, "attempt": attempt, "duration_ms": duration,
                      "started_at": clock[worker], "worker": worker, "file": test.split("::")[0]}
            if status in ("failed", "error", "skipped") and message:
                result["message"] = message
                if status != "skipped":
                    result["trace"] = f"Traceback (most recent call last):\n  File \"{result['file']}\", line 3\n{message}"
            per_worker[worker].append(result)
            clock[worker] += duration + 5
    return per_worker


def post_dataset(api):
    project = f"browser-{secrets.token_hex(4)}"
    now = int(time.time() * 1000)
    plan = [("r1", "main", 0), ("r2", "main", 1), ("r3", "main", 2), ("f1", FEATURE, None), ("r4", "main", 3)]
    data = Dataset(project=project, runs=[])
    for position, (key, branch, index) in enumerate(plan):
        start = now - (len(plan) - position) * 3600_000
        final = key == "r4"
        rows = outcomes(index if index is not None else 0, final)
        api.put_run(project, key, name=f"{branch} {key}", branch=branch, commit=f"{position:02d}" + "ab" * 19,
                    url=f"https://ci.example.com/build/{key}", attributes={"python": "3.12"}, started_at=start)
        per_worker = results_for(rows, start)
        for worker, results in per_worker.items():
            api.post_results(project, key, worker, results)
        api.finish(project, key)
        data.finished[key] = {test: verdict(statuses) for test, statuses, _ in rows}
        data.attempts[key] = sum(len(r) for r in per_worker.values())
        data.runs.insert(0, key)
    data.latest = "r4"
    data.tests = [test for test, _, _ in outcomes(3, True)]
    # The run in progress: ten results now, more posted by the live check.
    data.live = "live-1"
    api.put_run(project, data.live, name="main live-1", branch="main", commit="ff" * 20, started_at=now - 60_000)
    live = [{"test": f"tests/test_live.py::test_step_{i:02d}", "status": "passed", "duration_ms": 30,
             "started_at": now - 50_000 + i * 40} for i in range(10)]
    api.post_results(project, data.live, "gw0", live)
    data.live_posted = 10
    data.runs.insert(0, data.live)
    return data


def verdict(statuses):
    if statuses[-1] == "passed" and any(s in ("failed", "error") for s in statuses):
        return "flaky"
    return statuses[-1]


BIG_WORKERS = ["gw0", "gw1", "gw2", "gw3"]
BIG_SLOW = "tests/w2/test_slow.py::test_times_out"


@dataclass
class BigRun:
    """A run of 20,000 results: four workers running tests back to back, a failure every 97th
    test, and one 30-second failing test in the middle of gw2's lane (which makes the others
    wait at the end). `lanes` has each worker's `(test, start_ms, end_ms, status)` in order."""
    project: str
    run: str
    start: int
    end: int
    lanes: dict
    total: int


def post_big_run(api, per_worker=5000):
    project = f"big-{secrets.token_hex(4)}"
    run = "big-1"
    start = int(time.time() * 1000) - 3600_000
    api.put_run(project, run, name="20,000 results", branch="main", started_at=start)
    lanes = {}
    for w, worker in enumerate(BIG_WORKERS):
        clock = start
        lane = []
        results = []
        for i in range(per_worker):
            slow = worker == "gw2" and i == per_worker // 2
            test = BIG_SLOW if slow else f"tests/w{w}/test_part{i // 100:02d}.py::test_{i:04d}"
            status = "failed" if slow or i % 97 == 13 else "passed"
            duration = 30_000 if slow else 10 + (i * 7) % 30
            result = {"test": test, "status": status, "duration_ms": duration, "started_at": clock}
            if status == "failed":
                result["message"] = f"AssertionError: {i} != 0"
            results.append(result)
            lane.append((test, clock, clock + duration, status))
            clock += duration
        api.post_results(project, run, worker, results)
        lanes[worker] = lane
    api.finish(project, run)
    end = max(lane[-1][2] for lane in lanes.values())
    return BigRun(project=project, run=run, start=start, end=end, lanes=lanes, total=per_worker * len(BIG_WORKERS))
