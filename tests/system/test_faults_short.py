"""The fault suite's short form, as its own process: `python -m faults --short` must pass every check.

It starts its own PostgreSQL, broker and services, loads them while killing and restarting each process (one at
a time, then all at once), and checks the stores, the projection's ledger and its figures against a projection
built from nothing. Here the run's summary is read back and every part of it asserted, so that a run that
skipped a fault or checked nothing does not pass.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.system
ROOT = Path(__file__).resolve().parents[2]
COMPONENTS = ("enforcement relay leader", "financing", "training", "outreach", "projection", "broker", "postgresql")


@pytest.mark.timeout(720)
def test_the_short_fault_run_loses_nothing_and_applies_everything_once(tmp_path):
    summary_path, output = tmp_path / "summary.json", tmp_path / "faults.txt"
    with open(output, "wb") as out:
        run = subprocess.Popen([sys.executable, "-m", "faults", "--short", "--seed", "2019", "--json", str(summary_path)],
                               cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        try:
            run.wait(timeout=600)
        finally:
            if run.poll() is None:  # too slow: it stops the processes it started when asked to (SIGTERM)
                run.send_signal(signal.SIGTERM)
                try:
                    run.wait(timeout=90)
                except subprocess.TimeoutExpired:
                    run.kill()
                    run.wait()
    printed = output.read_text(errors="replace")
    assert summary_path.exists(), printed[-4000:]
    summary = json.loads(summary_path.read_text())
    failed = [f"{c['name']}: {c['detail']}" for c in summary["checks"] if not c["passed"]]
    assert run.returncode == 0 and summary["passed"] and not failed, "\n".join(failed) + "\n" + printed[-4000:]

    names = {c["name"] for c in summary["checks"]}
    assert {"each acknowledged write stored exactly once", "projection: every event applied exactly once",
            "figures equal those of a projection built from nothing"} <= names
    for component in COMPONENTS:
        assert summary["survived"].get(component, 0) >= 1, f"{component} was not killed and survived"
    assert all(o["catch_up_seconds"] is not None for o in summary["outcomes"])
    acknowledged = sum(s["acknowledged"] for s in summary["services"].values())
    assert acknowledged > 200 and all(s["acknowledged"] > 0 and s["changes"] > 0 for s in summary["services"].values())
    assert sum(s["retried"] for s in summary["services"].values()) > 0, "no write ever met a fault"
