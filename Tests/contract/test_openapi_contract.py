"""The API against its own OpenAPI document, by schemathesis (its CLI, `st run`): for every
operation, generated requests, valid and invalid ones, sent with a write token so the write
endpoints are exercised too. Every check is on (`--checks all`): no 5xx, documented status
codes, content types, headers and body schemas, invalid data refused, valid data accepted.

Bounded: VERDICT_CONTRACT_EXAMPLES examples per operation and phase (default 25), a fixed seed
so a failure reproduces. The JSON report and a summary go to $VERDICT_TEST_OUTPUT/contract/."""

import json
import os
import pathlib
import subprocess
import sys

MAX_EXAMPLES = os.environ.get("VERDICT_CONTRACT_EXAMPLES", "25")
SEED = os.environ.get("VERDICT_CONTRACT_SEED", "1")
OUTPUT = pathlib.Path(os.environ.get("VERDICT_TEST_OUTPUT", "test-output")) / "contract"


def schemathesis_command():
    return [str(pathlib.Path(sys.executable).with_name("st"))]


def test_every_operation_matches_the_spec(verdict_server):
    url, token = verdict_server
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for old in OUTPUT.glob("*.json"):
        old.unlink()
    command = schemathesis_command() + [
        "--config-file", str(pathlib.Path(__file__).with_name("schemathesis.toml")), "run",
        f"{url}/api/openapi.json", "--url", url,
        "-H", f"Authorization: Bearer {token}",
        "--checks", "all", "--max-examples", MAX_EXAMPLES, "--seed", SEED,
        "--request-timeout", "30", "--report", "json", "--report-dir", str(OUTPUT),
        "--no-color",
    ]
    here = pathlib.Path(__file__).parent
    environment = dict(os.environ, SCHEMATHESIS_HOOKS="contract_hooks",
                       PYTHONPATH=os.pathsep.join(filter(None, [str(here), os.environ.get("PYTHONPATH")])))
    run = subprocess.run(command, capture_output=True, text=True, timeout=900, env=environment)
    (OUTPUT / "schemathesis.log").write_text(run.stdout + run.stderr)
    summary = summarize(run.stdout)
    (OUTPUT / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    print("\ncontract:", json.dumps(summary))
    assert run.returncode == 0, f"schemathesis found problems (see {OUTPUT}/schemathesis.log):\n{run.stdout[-6000:]}\n{run.stderr[-2000:]}"
    assert summary["operations_tested"] and summary["generated"], summary


def summarize(text):
    """The counts of schemathesis's closing summary."""
    summary = {"operations_tested": None, "generated": None, "failures": 0, "skipped": 0, "lines": []}
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("Tested:"):
            summary["operations_tested"] = int(stripped.split()[1])
        elif stripped.endswith("skipped") and "generated" in stripped:
            summary["lines"].append(stripped)
            words = stripped.replace(",", "").split()
            summary["generated"] = int(words[0])
            if "found" in words:
                summary["failures"] = int(words[words.index("found") + 1])
            summary["skipped"] = int(words[-2])
        elif "generated" in stripped and stripped[:1].isdigit():
            summary["lines"].append(stripped)
            summary["generated"] = int(stripped.split()[0])
    return summary
