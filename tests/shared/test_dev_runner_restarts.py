"""`ipo run` (what `make run` starts) restarts a process that dies, and only that one.

Under honcho's manager, one SIGKILLed service stopped all seven processes and nothing came back. Here `ipo run`
runs a Procfile of two small processes (each appends its pid to a file, then sleeps): SIGKILL one and it is
started again after the back-off, said on the console in Chinese and English, while the other runs on untouched;
killed again at once, it waits twice as long; Ctrl-C (SIGINT) stops both and `ipo run` exits 130.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kernel.supervisor import Backoff
from tests.system.helpers import wait_for

CHILD = """\
import os, sys, time
from pathlib import Path
with Path(sys.argv[1] + ".pids").open("a") as pids:
    pids.write(f"{os.getpid()}\\n")
print(sys.argv[1], "up", flush=True)
time.sleep(3600)
"""


def pids(folder: Path, name: str) -> list[int]:
    path = folder / f"{name}.pids"
    return [int(line) for line in path.read_text().split()] if path.exists() else []


def alive(pid: int) -> bool:
    """Running (a zombie left to an init that does not reap counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


@pytest.fixture
def ipo_run(tmp_path):
    (tmp_path / "child.py").write_text(CHILD)
    (tmp_path / "Procfile").write_text("alpha: python child.py alpha\nbeta: python child.py beta\n")
    env = {**os.environ, "IPO_PROCFILE": str(tmp_path / "Procfile"), "IPO_DATA_DIR": str(tmp_path / "data"),
           "IPO_DEMO": "0", "DEV_POSTGRES_PORT": "1", "DEV_KAFKA_PORT": "1"}
    env.pop("DATABASE_SERVER_URL", None)
    output = (tmp_path / "console.txt").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "kernel.cli", "run"], cwd=tmp_path, env=env,
                               stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    yield process, tmp_path
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    for name in ("alpha", "beta"):
        for pid in pids(tmp_path, name):
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
    output.close()


def test_a_killed_process_is_started_again_and_the_other_left_alone(ipo_run):
    runner, folder = ipo_run
    console = folder / "console.txt"
    wait_for(lambda: len(pids(folder, "alpha")) == 1 and len(pids(folder, "beta")) == 1, 60, "both processes started")
    [beta] = pids(folder, "beta")

    killed = time.monotonic()
    os.kill(pids(folder, "alpha")[0], signal.SIGKILL)
    wait_for(lambda: len(pids(folder, "alpha")) == 2, 30, "alpha was not started again")
    assert time.monotonic() - killed >= 1.0, "started again before the first back-off (1 s)"
    assert alive(pids(folder, "alpha")[1]) and alive(beta) and pids(folder, "beta") == [beta], "beta was touched"
    text = console.read_text(errors="replace")
    assert "alpha 意外退出" in text and "restarting in 1 s" in text, text

    os.kill(pids(folder, "alpha")[1], signal.SIGKILL)  # again at once: the back-off doubles
    wait_for(lambda: len(pids(folder, "alpha")) == 3, 30, "alpha was not started a second time")
    assert "restarting in 2 s" in console.read_text(errors="replace")
    assert runner.poll() is None and alive(beta)

    os.kill(runner.pid, signal.SIGINT)  # Ctrl-C
    assert runner.wait(timeout=30) == 130
    assert not alive(pids(folder, "alpha")[-1]) and not alive(beta), "Ctrl-C left a process running"
    assert len(pids(folder, "alpha")) == 3, "a process was started again while everything stopped"


def test_the_back_off_doubles_to_30_s_and_starts_over_after_a_minute_up():
    backoff = Backoff()
    delays, previous = [], None
    for _ in range(7):
        previous = backoff.delay(previous, uptime=0.5)
        delays.append(previous)
    assert delays == [1, 2, 4, 8, 16, 30, 30]
    assert backoff.delay(30, uptime=59) == 30
    assert backoff.delay(30, uptime=60) == 1
