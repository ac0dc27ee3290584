"""A fresh Verdict server for the contract test: VERDICT_BIN on a free loopback port, with a
database in a temporary folder and a known write token."""

import os
import secrets
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

import pytest


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def verdict_server():
    """`(url, token)` of a server started from VERDICT_BIN; skips without it."""
    binary = os.environ.get("VERDICT_BIN")
    if not binary:
        pytest.skip("set VERDICT_BIN to the verdict binary to run the contract test")
    folder = tempfile.mkdtemp(prefix="verdict-contract-")
    token = "vdt_" + secrets.token_hex(16)
    port = free_port()
    log = open(os.path.join(folder, "server.log"), "w")
    process = subprocess.Popen(
        [binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--db", os.path.join(folder, "v.db"), "--token", token],
        stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"verdict serve exited with {process.returncode}; see {log.name}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                break
        except (urllib.error.URLError, OSError):
            if time.time() > deadline:
                raise
            time.sleep(0.1)
    yield url, token
    process.terminate()
    process.wait(timeout=30)
    log.close()
