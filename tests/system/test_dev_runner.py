"""`ipo run` with real processes: the embedded PostgreSQL and the enforcement service from a Procfile, the
service SIGKILLed under it comes back on its own, and takes writes again (the broker is left out: a command
service's writes do not need it, and its readiness does not either)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import httpx
import pytest

from kernel.infra.postgres import free_port
from kernel.testing.fixtures import SIGNING_KEY
from tests.system.helpers import wait_for

pytestmark = pytest.mark.system
CENTER = {"center_id": "dev-1", "name": "武汉中心", "region": "420100", "registered_on": "2019-01-01"}


def answers(url: str) -> int:
    try:
        return httpx.get(url, timeout=2).status_code
    except httpx.HTTPError:
        return 0


def test_a_service_killed_under_ipo_run_is_started_again(tmp_path, auth):
    port = free_port()
    (tmp_path / "Procfile").write_text("postgres: python -m kernel.cli postgres\nenforcement: python -m enforcement\n")
    env = {**os.environ, "IPO_PROCFILE": str(tmp_path / "Procfile"), "IPO_DATA_DIR": str(tmp_path / "data"),
           "IPO_DEMO": "0", "DEV_POSTGRES_PORT": str(free_port()), "ENFORCEMENT_PORT": str(port),
           "KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{free_port()}",  # no broker at all
           "AUTH_SIGNING_KEY": SIGNING_KEY, "ENVIRONMENT": "test", "LOG_LEVEL": "WARNING"}
    env.pop("DATABASE_SERVER_URL", None)
    url = f"http://127.0.0.1:{port}"
    with (tmp_path / "console.txt").open("wb") as output:
        runner = subprocess.Popen([sys.executable, "-m", "kernel.cli", "run"], cwd=tmp_path, env=env,
                                  stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_for(lambda: answers(f"{url}/readyz") == 200, 120, "enforcement never became ready under ipo run")
            with httpx.Client(headers=auth(), timeout=30) as http:
                assert http.post(f"{url}/v1/assistance-centers", json=CENTER).status_code == 201
                os.kill(_listening_pid(port), signal.SIGKILL)
                wait_for(lambda: answers(f"{url}/healthz") == 0, 10, "the service did not die")
                wait_for(lambda: answers(f"{url}/readyz") == 200, 120, "enforcement was not started again")
                assert http.get(f"{url}/v1/assistance-centers/dev-1").status_code == 200
            console = (tmp_path / "console.txt").read_text(errors="replace")
            assert "enforcement 意外退出" in console and "restarting in 1 s" in console, console[-3000:]
            assert "postgres 意外退出" not in console
        finally:
            os.kill(runner.pid, signal.SIGINT)
            try:
                assert runner.wait(timeout=60) == 130
            finally:
                if runner.poll() is None:
                    os.killpg(runner.pid, signal.SIGKILL)
    assert answers(f"{url}/healthz") == 0, "Ctrl-C left the service running"


def _listening_pid(port: int) -> int:
    """The pid of the process listening on the port, from /proc (the socket's inode among its descriptors)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as lines:
            for line in list(lines)[1:]:
                fields = line.split()
                if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "0A":  # LISTEN
                    inodes.add(fields[9])
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                if os.readlink(f"/proc/{pid}/fd/{fd}").removeprefix("socket:[").rstrip("]") in inodes:
                    return int(pid)
        except OSError:
            continue
    raise AssertionError(f"nothing listens on {port}")
