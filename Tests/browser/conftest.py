"""Fixtures for the browser checks: a Verdict server (given, or started from VERDICT_BIN), its
data posted through the API, and a headless Chromium."""

import os
import pathlib
import secrets
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

import pytest

from verdict_api import Api
from dataset import post_big_run, post_dataset

OUTPUT = pathlib.Path(os.environ.get("VERDICT_TEST_OUTPUT", "test-output"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url, process=None, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"verdict serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise RuntimeError(f"{url}/healthz did not answer within {timeout} s")


@pytest.fixture(scope="session")
def server():
    """`(url, token)` of a running server: VERDICT_URL, or VERDICT_BIN started on a free port."""
    url = os.environ.get("VERDICT_URL")
    if url:
        yield url.rstrip("/"), os.environ.get("VERDICT_TOKEN", "")
        return
    binary = os.environ.get("VERDICT_BIN")
    if not binary:
        pytest.skip("set VERDICT_URL (and VERDICT_TOKEN) or VERDICT_BIN to run the browser checks")
    folder = tempfile.mkdtemp(prefix="verdict-browser-")
    token = secrets.token_hex(16)
    port = free_port()
    command = [binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--db", f"{folder}/v.db", "--token", token]
    if os.environ.get("VERDICT_PUBLIC"):
        command += ["--public", os.environ["VERDICT_PUBLIC"]]
    log = open(f"{folder}/server.log", "w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", process)
        yield f"http://127.0.0.1:{port}", token
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="session")
def api(server):
    return Api(*server)


@pytest.fixture(scope="session")
def data(api):
    """The project every check looks at, posted through the API once per session."""
    return post_dataset(api)


@pytest.fixture(scope="session")
def big_run(api):
    """A run of 20,000 results in a project of its own, posted once per session when a check asks."""
    return post_big_run(api)


@pytest.fixture(scope="session")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,900", "--force-prefers-reduced-motion"):
        options.add_argument(argument)
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_window_size(1280, 900)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def screenshots():
    folder = OUTPUT / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
