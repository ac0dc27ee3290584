#!/usr/bin/env python3
"""Builds a large test history through Verdict's HTTP API and measures the history endpoints.

    generate  posts N tests x M runs (default 10,000 x 200 = 2 million results) into a project:
              4 workers per run, 2 % flaky tests (fail now and then; retried in most runs),
              1 % broken tests (always fail), a few outage runs (most tests error), every
              tenth run re-running the previous run's commit. Run keys are fixed (build-0001...),
              so a second call with --first-run continues the same history.
    measure   times /flaky, /tests/history, /runs/{run}/compare and /runs/{run}/failures
              (p50/p99 over --calls calls each) and checks /flaky against the planted truth.

Everything is derived from --seed, so both commands agree on which tests are flaky or broken.
Standard library only.

    scripts/generate_history.py generate --url http://127.0.0.1:8080 --token T --runs 20
    scripts/generate_history.py measure  --url http://127.0.0.1:8080 --runs 20
"""

import argparse
import concurrent.futures
import datetime
import http.client
import json
import random
import statistics
import sys
import threading
import time
import urllib.parse

WORKERS = 4


class Plan:
    """The planted truth: which tests are flaky (and how often) or broken, which runs are outages."""

    def __init__(self, args):
        rng = random.Random(args.seed)
        self.tests = args.tests
        self.runs = args.runs
        self.keys = [f"tests/pkg_{i // 500:02d}/test_mod_{i // 20:04d}.py::test_case_{i:05d}" for i in range(args.tests)]
        order = list(range(args.tests))
        rng.shuffle(order)
        flaky_count = round(args.tests * args.flaky)
        broken_count = round(args.tests * args.broken)
        # Flaky tests fail in 5-30 % of runs; broken ones in every run.
        self.flaky = {i: rng.uniform(0.05, 0.30) for i in order[:flaky_count]}
        self.broken = set(order[flaky_count:flaky_count + broken_count])
        self.outages = set(int(r) for r in args.outages.split(",") if r) if args.outages is not None else \
            {max(1, round(args.runs * f)) for f in (0.25, 0.6, 0.85)}
        self.seed = args.seed
        self.days = args.days

    def run_key(self, n):
        return f"build-{n:04d}"

    def commit(self, n):
        # Every tenth run re-runs the previous run's commit (a CI retry of the same build).
        return f"{(n - 1 if n % 10 == 0 else n) * 2654435761 % 2**32:08x}"

    def started_at(self, n, now_ms):
        # Runs spread evenly over --days, the last one an hour ago.
        span = self.days * 86_400_000
        return now_ms - 3_600_000 - span + (span * n) // max(1, self.runs)

    def results(self, n, worker):
        """The results one worker posts in run n: tests i with i % WORKERS == worker."""
        rng = random.Random(f"{self.seed}/{n}/{worker}")
        retries = rng.random() < 0.7  # most runs retry failed tests once
        outage = n in self.outages
        out = []
        for i in range(worker, self.tests, WORKERS):
            key = self.keys[i]
            duration = 5 + (i * 7919 + n * 31) % 400
            base = {"test": key, "duration_ms": duration}
            if outage and rng.random() < 0.8:
                out.append(dict(base, status="error", message=f"ConnectionError: could not connect to db-{n % 3}.internal:5432 after {rng.randint(1, 30)}s"))
            elif i in self.broken:
                out.append(dict(base, status="failed",
                                message=f"AssertionError: expected {i % 7} rows, got {rng.randint(8, 99)} (query id {rng.getrandbits(48):012x})"))
            elif i in self.flaky and rng.random() < self.flaky[i]:
                failure = dict(base, status="failed", attempt=1,
                               message=f"TimeoutError: no answer from 127.0.0.1:{rng.randint(30000, 60000)} within {rng.randint(100, 900)}ms")
                out.append(failure)
                if retries:
                    out.append(dict(base, status="passed", attempt=2))
            else:
                out.append(dict(base, status="passed"))
        return out


class Client:
    """One keep-alive connection per thread."""

    local = threading.local()

    def __init__(self, url, token):
        parsed = urllib.parse.urlparse(url)
        self.host, self.port = parsed.hostname, parsed.port or 80
        self.token = token

    def connection(self):
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=300)
            self.local.conn = conn
        return conn

    def request(self, method, path, body=None):
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        data = json.dumps(body).encode() if body is not None else b""
        for attempt in range(5):
            conn = self.connection()
            try:
                conn.request(method, path, body=data, headers=headers)
                response = conn.getresponse()
                payload = response.read()
            except (http.client.HTTPException, OSError):
                conn.close()
                self.local.conn = None
                time.sleep(0.2 * (attempt + 1))
                continue
            if response.status == 503:
                time.sleep(0.5 * (attempt + 1))
                continue
            return response.status, payload
        raise RuntimeError(f"{method} {path}: no answer after 5 attempts")


def generate(args):
    plan = Plan(args)
    client = Client(args.url, args.token)
    base = f"/api/v1/projects/{args.project}"
    now_ms = int(time.time() * 1000)
    last = args.last_run or args.runs
    started = time.time()
    posted = 0

    def post(n, worker):
        status, payload = client.request("POST", f"{base}/runs/{plan.run_key(n)}/results",
                                         {"worker": f"gw{worker}", "results": plan.results(n, worker)})
        if status not in (200, 201):
            raise RuntimeError(f"run {n} gw{worker}: {status} {payload[:200]!r}")
        return json.loads(payload)["accepted"]

    def finish(n, futures):
        nonlocal posted
        posted += sum(f.result() for f in futures)
        status, payload = client.request("POST", f"{base}/runs/{plan.run_key(n)}/finish")
        if status != 200:
            raise RuntimeError(f"finish run {n}: {status} {payload[:200]!r}")
        if n % 10 == 0 or n == last:
            elapsed = time.time() - started
            print(f"run {n}/{last}: {posted:,} results in {elapsed:.0f}s ({posted / max(elapsed, 1e-9):,.0f}/s)", flush=True)

    in_flight = []
    with concurrent.futures.ThreadPoolExecutor(args.parallel) as pool:
        for n in range(args.first_run, last + 1):
            # Runs are created in order, so run ids follow their start times; their workers post in parallel.
            started_at = datetime.datetime.fromtimestamp(plan.started_at(n, now_ms) / 1000, datetime.timezone.utc)
            status, payload = client.request("PUT", f"{base}/runs/{plan.run_key(n)}", {
                "name": f"CI #{n}", "branch": "main", "commit": plan.commit(n),
                "started_at": started_at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            })
            if status != 200:
                raise RuntimeError(f"PUT run {n}: {status} {payload[:200]!r}")
            in_flight.append((n, [pool.submit(post, n, w) for w in range(WORKERS)]))
            # Two runs in flight keep the server busy and memory flat.
            if len(in_flight) > 2:
                finish(*in_flight.pop(0))
        for n, futures in in_flight:
            finish(n, futures)
    print(json.dumps({"runs": last - args.first_run + 1, "results": posted, "seconds": round(time.time() - started, 1),
                      "flaky": len(plan.flaky), "broken": len(plan.broken), "outages": sorted(plan.outages)}))


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def measure(args):
    plan = Plan(args)
    client = Client(args.url, None)
    base = f"/api/v1/projects/{args.project}"
    last = plan.run_key(args.last_run or args.runs)
    flaky_test = plan.keys[min(plan.flaky)]
    endpoints = {
        "/flaky": f"{base}/flaky",
        "/tests/history": f"{base}/tests/history?test={urllib.parse.quote(flaky_test, safe='')}&limit=50",
        "/runs/{run}/compare": f"{base}/runs/{last}/compare",
        "/runs/{run}/failures": f"{base}/runs/{last}/failures",
    }
    report = {}
    for name, path in endpoints.items():
        status, payload = client.request("GET", path)  # warm the page cache and the statement cache
        if status != 200:
            raise RuntimeError(f"GET {path}: {status} {payload[:200]!r}")
        samples = []
        for _ in range(args.calls):
            t0 = time.perf_counter()
            status, payload = client.request("GET", path)
            samples.append((time.perf_counter() - t0) * 1000)
        report[name] = {"p50_ms": round(statistics.median(samples), 1), "p99_ms": round(percentile(samples, 99), 1),
                        "min_ms": round(min(samples), 1), "bytes": len(payload)}
    for name, figures in report.items():
        print(f"{name:24s} p50 {figures['p50_ms']:7.1f} ms   p99 {figures['p99_ms']:7.1f} ms   "
              f"min {figures['min_ms']:7.1f} ms   {figures['bytes']:,} bytes")

    # How the model did against the planted truth.
    status, payload = client.request("GET", f"{base}/flaky?limit=10000")
    tests = json.loads(payload)["tests"]
    index = {key: i for i, key in enumerate(plan.keys)}
    said = {t["test"]: t["classification"] for t in tests}
    flaky_said = {index[k] for k, c in said.items() if c == "flaky"}
    broken_said = {index[k] for k, c in said.items() if c == "broken"}
    truth_flaky = set(plan.flaky)
    # A flaky test that happened never to fail in the window cannot be found; say which those are.
    never_failed, clean_streaks = 0, []
    for i in truth_flaky - flaky_said:
        status, payload = client.request(
            "GET", f"{base}/tests/history?limit=1000&test={urllib.parse.quote(plan.keys[i], safe='')}")
        verdicts = [e["verdict"] for e in json.loads(payload)["history"] if e["run"] not in
                    {plan.run_key(n) for n in plan.outages}]
        never_failed += not any(v in ("failed", "flaky") for v in verdicts)
        streak = next((t["signals"].get("streak", {}).get("clean") for t in tests if t["test"] == plan.keys[i]), None)
        clean_streaks.append(streak)
    accuracy = {
        "flaky_planted": len(truth_flaky), "flaky_found": len(flaky_said & truth_flaky),
        "false_flaky": len(flaky_said - truth_flaky), "broken_planted": len(plan.broken),
        "broken_found": len(broken_said & plan.broken), "broken_called_flaky": len(flaky_said & plan.broken),
        "missed_flaky": len(truth_flaky - flaky_said), "missed_flaky_that_never_failed": never_failed,
        "missed_flaky_rates": sorted(round(plan.flaky[i], 3) for i in truth_flaky - flaky_said),
        "missed_flaky_clean_streaks": sorted((s for s in clean_streaks if s is not None), reverse=True),
        "listed": len(tests),
    }
    print(json.dumps(accuracy))
    print(json.dumps({"latency": report, "accuracy": accuracy}), file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["generate", "measure"])
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--token", default=None, help="a write token (generate)")
    parser.add_argument("--project", default="bench")
    parser.add_argument("--tests", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=200, help="runs in the whole history")
    parser.add_argument("--first-run", type=int, default=1, help="generate: start here (to continue a history)")
    parser.add_argument("--last-run", type=int, default=None, help="generate: stop here; measure: the run to compare (default --runs)")
    parser.add_argument("--flaky", type=float, default=0.02, help="share of flaky tests")
    parser.add_argument("--broken", type=float, default=0.01, help="share of broken tests")
    parser.add_argument("--outages", default=None, help="comma-separated outage run numbers (default: at 25, 60, 85 %% of --runs)")
    parser.add_argument("--days", type=int, default=25, help="the runs' start times span this many days up to now")
    parser.add_argument("--parallel", type=int, default=4, help="concurrent HTTP connections")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--calls", type=int, default=20, help="measure: calls per endpoint")
    args = parser.parse_args()
    generate(args) if args.command == "generate" else measure(args)


if __name__ == "__main__":
    main()
