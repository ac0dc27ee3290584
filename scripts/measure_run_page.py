#!/usr/bin/env python3
"""Times a run page with 20,000 results in headless Chromium: from navigation until the test
list says "… of 20,000 tests", the worker timeline has its bars, and the next frame is painted.

Usage: scripts/measure_run_page.py [--verdict .build/release/verdict] [--public public] [--results 20000] [--repeat 5]

--public serves a working copy of the UI instead of the one embedded in the binary, so two
versions of the page can be compared on the same server.
Needs selenium (the test virtualenv has it) and Debian's chromium and chromium-driver.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(url, token, path, body):
    request = urllib.request.Request(url + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verdict", default=".build/release/verdict")
    parser.add_argument("--results", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--public", help="serve the UI from this folder (verdict serve --public)")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="verdict-page-")
    port, token = free_port(), "measure"
    command = [args.verdict, "serve", "--port", str(port), "--db", f"{folder}/v.db", "--token", token]
    if args.public:
        command += ["--public", args.public]
    server = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        start = 1_795_840_000_000
        workers = 4
        per_worker = args.results // workers
        for w in range(workers):
            clock = start
            for batch in range(0, per_worker, 1000):
                results = []
                for i in range(batch, min(batch + 1000, per_worker)):
                    n = w * per_worker + i
                    status = "failed" if n % 97 == 0 else "passed"
                    results.append({"test": f"tests/pkg{n % 40}/test_mod{n % 300}.py::test_{n}", "status": status,
                                    "duration_ms": 20 + n % 50, "started_at": clock,
                                    "message": f"AssertionError: {n} != 0" if status == "failed" else None})
                    clock += 20 + n % 50
                post(url, token, "/api/v1/projects/big/runs/r1/results", {"worker": f"gw{w}", "results": results})
        post(url, token, "/api/v1/projects/big/runs/r1/finish", {})

        options = webdriver.ChromeOptions()
        options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"]:
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
        expected = f"of {args.results:,} tests"
        times = []
        try:
            for _ in range(args.repeat):
                driver.get("about:blank")
                began = time.monotonic()
                driver.get(f"{url}/#/p/big/runs/r1")
                WebDriverWait(driver, 120, poll_frequency=0.02).until(
                    lambda d: expected in (d.find_element(By.CSS_SELECTOR, ".count").text if d.find_elements(By.CSS_SELECTOR, ".count") else "")
                    and len(d.find_elements(By.CSS_SELECTOR, "#timeline rect, #timeline canvas[data-bars]")) > 0)
                # Drawn is not shown: wait until the browser has produced the next frame, so
                # style, layout and paint of what was drawn are counted too.
                driver.execute_async_script(
                    "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => setTimeout(done, 0));")
                times.append(time.monotonic() - began)
        finally:
            driver.quit()
        print(f"run page with {args.results} results: median {statistics.median(times) * 1000:.0f} ms "
              f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}) over {len(times)} loads")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
