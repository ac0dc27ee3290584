#!/usr/bin/env python3
"""Fills a Verdict server with a realistic demo project: a few dozen CI runs of ~300 tests,
posted by four parallel pytest-xdist workers, with flaky tests, one broken test, grouped
failures, two branches, commits and CI links.

Usage: scripts/demo.py --server http://127.0.0.1:8080 --token TOKEN [--project acme-shop]

Run keys are fixed (ci-1001…), so running it again stores nothing new. Standard library only.
"""

import argparse
import hashlib
import json
import random
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

WORKERS = ["gw0", "gw1", "gw2", "gw3"]
RUNS = 32
FEATURE = "feature/checkout-v2"
HOUR = 3600 * 1000

RETRY_FLAKE = "tests/payments/test_webhooks.py::TestStripeWebhook::test_retry_on_timeout"
FLIP_FLAKE = "tests/realtime/test_ws.py::TestReconnect::test_resume_after_drop"
TIMING_FLAKE = "tests/cache/test_ttl.py::TestExpiry::test_entry_expires_after_ttl"
BROKEN = "tests/export/test_pdf.py::TestPdfExport::test_unicode_filenames"

MODULES = {
    "tests/api/test_orders.py": ["TestCreateOrder", "TestCancelOrder", "TestListOrders"],
    "tests/api/test_users.py": ["TestSignup", "TestLogin", "TestProfile"],
    "tests/api/test_products.py": ["TestCatalog", "TestInventory"],
    "tests/payments/test_webhooks.py": ["TestStripeWebhook"],
    "tests/payments/test_refunds.py": ["TestRefunds"],
    "tests/checkout/test_cart.py": ["TestCart", "TestCoupons"],
    "tests/checkout/test_checkout_v2.py": ["TestCheckoutV2"],
    "tests/pricing/test_discounts.py": ["TestDiscounts", "TestTaxes"],
    "tests/search/test_query.py": ["TestQuery"],
    "tests/realtime/test_ws.py": ["TestReconnect", "TestBroadcast"],
    "tests/cache/test_ttl.py": ["TestExpiry"],
    "tests/export/test_pdf.py": ["TestPdfExport"],
    "tests/export/test_csv.py": ["TestCsvExport"],
    "tests/unit/test_money.py": [None],
    "tests/unit/test_slugify.py": [None],
}
VERBS = ["creates", "rejects", "updates", "lists", "deletes", "paginates", "validates", "caches", "retries", "audits"]
NOUNS = ["empty_input", "duplicate_key", "large_payload", "unicode_name", "expired_token", "missing_field",
         "concurrent_write", "zero_amount", "negative_quantity", "default_currency"]
PARAMS = ["EUR", "USD", "JPY", "10-percent", "free shipping", "query with spaces", "ünïcødé", "a/b"]


def build_tests(rng):
    """About 300 pytest node ids with a stable base duration each."""
    tests = []
    for module, classes in MODULES.items():
        for cls in classes:
            count = rng.randint(9, 16) if cls else 14
            names = set()
            while len(names) < count:
                name = f"test_{rng.choice(VERBS)}_{rng.choice(NOUNS)}"
                if rng.random() < 0.15:
                    name += f"[{rng.choice(PARAMS)}]"
                names.add(name)
            for name in sorted(names):
                nodeid = f"{module}::{cls}::{name}" if cls else f"{module}::{name}"
                tests.append(nodeid)
    for special in (RETRY_FLAKE, FLIP_FLAKE, TIMING_FLAKE, BROKEN):
        if special not in tests:
            tests.append(special)
    tests.sort()
    base = {}
    for t in tests:
        if "test_pdf" in t or "test_ws" in t:
            base[t] = rng.uniform(800, 4500)
        elif rng.random() < 0.06:
            base[t] = rng.uniform(2500, 9000)
        else:
            base[t] = rng.lognormvariate(4.6, 0.8)
    return tests, base


def traceback(test, error, detail):
    module = test.split("::")[0]
    func = test.split("::")[-1].split("[")[0]
    return (f"Traceback (most recent call last):\n"
            f'  File "/builds/acme/shop/{module}", line {40 + len(func)}, in {func}\n'
            f"    response = client.post(url, json=payload)\n"
            f'  File "/builds/acme/shop/shop/testing/client.py", line 88, in post\n'
            f"    return self._check(self._session.post(url, **kwargs))\n"
            f'  File "/builds/acme/shop/shop/testing/client.py", line 131, in _check\n'
            f"    raise {error}({detail!r})\n"
            f"{error}: {detail}")


def outcome(test, run, rng):
    """(status, message) of a test's first attempt in a run."""
    index, branch = run["index"], run["branch"]
    if int(hashlib.md5(test.encode()).hexdigest(), 16) % 37 == 0:
        return "skipped", "requires a PostgreSQL 16 service"
    if test == BROKEN and index >= 22:
        return "failed", "UnicodeEncodeError: 'latin-1' codec can't encode character '\\u0141' in position 7: ordinal not in range(256)"
    if test == RETRY_FLAKE and rng.random() < 0.35:
        return "failed", f"TimeoutError: webhook delivery timed out after 5.0s (delivery id=whd_{rng.getrandbits(48):012x})"
    if test == FLIP_FLAKE and (run["flip"] or rng.random() < 0.2):
        return "failed", f"ConnectionResetError: [Errno 104] Connection reset by peer (session {rng.randint(1000, 9999)})"
    if test == TIMING_FLAKE and rng.random() < 0.15:
        return "error", f"AssertionError: entry still present {rng.randint(1, 40)} ms after TTL expired"
    if branch == FEATURE and "test_checkout_v2" in test and run["feature_break"] and rng.random() < 0.6:
        return "failed", "KeyError: 'shipping_address'"
    if branch == FEATURE and "TestDiscounts" in test and run["feature_break"] and rng.random() < 0.5:
        order = rng.randint(1000, 9999)
        return "failed", f"AssertionError: order {order} total {rng.randint(10, 300)}.99 != {rng.randint(10, 300)}.49"
    return "passed", None


def schedule(tests, base, run, rng):
    """pytest-xdist style load scheduling: each worker takes the next test when it is free."""
    free = {w: run["start"] + rng.randint(900, 2200) for w in WORKERS}  # collection time
    per_worker = {w: [] for w in WORKERS}
    queue = list(tests)
    while queue:
        worker = min(free, key=free.get)
        test = queue.pop(0)
        status, message = outcome(test, run, rng)
        attempts = [(status, message)]
        if test == RETRY_FLAKE and status == "failed":
            attempts.append(("passed", None))
        for attempt, (st, msg) in enumerate(attempts, start=1):
            duration = 0 if st == "skipped" else int(base[test] * rng.uniform(0.85, 1.25))
            if st == "failed" and "timed out" in (msg or ""):
                duration = 5000 + rng.randint(0, 40)
            result = {"test": test, "status": st, "attempt": attempt, "duration_ms": duration,
                      "started_at": free[worker], "worker": worker,
                      "file": test.split("::")[0], "suite": test.split("::")[1] if test.count("::") > 1 else ""}
            if msg:
                result["message"] = msg
                if st in ("failed", "error"):
                    result["trace"] = traceback(test, msg.split(":")[0], msg.split(": ", 1)[-1])
                    result["output"] = f"----- captured log -----\nINFO shop.api: POST /api/v1/orders 500\nWARNING shop.db: retrying ({attempt}/3)"
            per_worker[worker].append(result)
            free[worker] += duration + rng.randint(3, 25)
    return per_worker


def plan_runs(now_ms):
    runs = []
    start = now_ms - RUNS * 9 * HOUR
    for i in range(RUNS):
        feature = i % 5 == 3 or i >= RUNS - 3 and i != RUNS - 1
        start += rng_offset(i)
        branch = FEATURE if feature else "main"
        sha = hashlib.sha1(f"acme-shop-{i if i != 12 else 11}".encode()).hexdigest()
        runs.append({
            "index": i, "key": f"ci-{1001 + i}", "branch": branch, "commit": sha, "start": start,
            "flip": i == 11,  # runs 11 and 12 share a commit: the websocket test fails once, passes once
            "feature_break": feature and i >= RUNS - 8,
        })
    return runs


def rng_offset(i):
    return int((7 + (i * 37 % 5)) * HOUR)


class Client:
    def __init__(self, server, token):
        self.server = server.rstrip("/")
        self.token = token

    def exists(self, path):
        """Whether a GET of `path` answers 200 (404 means no)."""
        try:
            with urllib.request.urlopen(urllib.request.Request(self.server + path), timeout=30) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None
            raise SystemExit(f"GET {path}: {error.code} {error.read().decode(errors='replace')}")
        except urllib.error.URLError as error:
            raise SystemExit(f"GET {path}: {error.reason} (is the server at {self.server} running?)")

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.server + path, data=data, method=method, headers={
            "Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
        for attempt in range(5):
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    return json.loads(response.read() or b"null")
            except urllib.error.HTTPError as error:
                if error.code in (429, 503) and attempt < 4:
                    time.sleep(0.2 * (attempt + 1))
                    continue
                raise SystemExit(f"{method} {path}: {error.code} {error.read().decode(errors='replace')}")
            except urllib.error.URLError as error:
                raise SystemExit(f"{method} {path}: {error.reason} (is the server at {self.server} running?)")


def run_path(project, key):
    return f"/api/v1/projects/{urllib.parse.quote(project, safe='')}/runs/{urllib.parse.quote(key, safe='')}"


def post_run(client, project, run, per_worker):
    base = run_path(project, run["key"])
    client.call("PUT", base, {
        "name": f"{run['branch']} #{run['index'] + 1001}", "branch": run["branch"], "commit": run["commit"],
        "url": f"https://ci.example.com/acme/shop/builds/{run['index'] + 1001}",
        "attributes": {"python": "3.12", "runner": "linux-4core", "xdist": "-n 4 --dist load"},
        "started_at": run["start"]})

    def post_worker(worker, results):
        for i in range(0, len(results), 40):
            client.call("POST", base + "/results", {"worker": worker, "results": results[i:i + 40]})

    threads = [threading.Thread(target=post_worker, args=(w, r)) for w, r in per_worker.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    end = max(r["started_at"] + r["duration_ms"] for rs in per_worker.values() for r in rs)
    # finished_at is sent for servers that accept back-filled finish times; others use their clock.
    client.call("POST", base + "/finish", {"finished_at": end + 1500})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="http://127.0.0.1:8080")
    parser.add_argument("--token", required=True)
    parser.add_argument("--project", default="acme-shop")
    args = parser.parse_args()
    client = Client(args.server, args.token)
    began = time.time()
    rng = random.Random(20240611)
    tests, base = build_tests(rng)
    # Anchored to the hour so a second run of the script builds the very same runs.
    now_ms = int(time.time() // 3600 * 3600 * 1000)
    runs = plan_runs(now_ms - 2 * HOUR)
    skipped = 0
    for run in runs:
        existing = client.exists(run_path(args.project, run["key"]))
        if existing and existing.get("status") != "running":
            skipped += 1
            continue
        per_worker = schedule(tests, base, run, random.Random(run["index"]))
        post_run(client, args.project, run, per_worker)
        print(f"posted {run['key']} ({run['branch']})", file=sys.stderr)
    if skipped:
        print(f"{skipped} runs were already there and were left as they are", file=sys.stderr)
    print(f"demo project '{args.project}': {len(runs)} runs of {len(tests)} tests in {time.time() - began:.1f} s; "
          f"open {args.server}/#/p/{args.project}")


if __name__ == "__main__":
    main()
