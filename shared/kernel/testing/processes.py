"""Child processes that a test, benchmark or fault run starts and owns, each signalled by its own id only.

`ChildProcess` is one child however it was started (PostgreSQL and the broker come from `kernel.infra` as a
ready `Popen`): whether it is `running`, its `pid`, `kill` (SIGKILL: no shutdown, nothing flushed) and `stop`
(its stop signal, then SIGKILL if it has not ended in time).

`ManagedProcess` is a server of ours run from a command line, its output appended to a log file: started, it
is ready once GET /healthz answers 200, and starting fails as soon as it exits. Each call has a form for plain
code and one for an event loop (`…_async`) that never blocks the loop.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Iterable, Iterator

import httpx

START_TIMEOUT = 90.0  # seconds until a server must answer /healthz; start-up is mostly imports on a small machine
KILL_WAIT = 10.0  # seconds for the kernel to reap a process after SIGKILL
POLL_INTERVAL = 0.1


def python_module(module: str) -> list[str]:
    """The command line that runs `python -m <module>` with this interpreter."""
    return [sys.executable, "-m", module]


def stop_all(processes: Iterable[ChildProcess | None]) -> None:
    """Stop each in the order given (None: skipped); one that cannot be stopped is reported, the rest still are."""
    for process in processes:
        if process is None:
            continue
        try:
            process.stop()
        except Exception as exc:  # keep stopping the others
            print(f"could not stop {process}: {exc}", file=sys.stderr)


@dataclass
class ChildProcess:
    """One child process; subclasses say how it is asked to stop and how long it is given."""

    popen: subprocess.Popen | None = field(default=None, kw_only=True)

    stop_signal: ClassVar[int] = signal.SIGTERM
    stop_timeout: ClassVar[float] = 20.0

    def __str__(self) -> str:
        return type(self).__name__

    @property
    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    @property
    def pid(self) -> int:
        if self.popen is None:
            raise RuntimeError(f"{self} was never started")
        return self.popen.pid

    @property
    def process(self) -> subprocess.Popen | None:
        """The `Popen`, under the name the test kit's servers have always given it."""
        return self.popen

    def start(self) -> "ChildProcess":
        """Start it and wait until it is ready."""
        self._start()
        return self

    async def start_async(self) -> "ChildProcess":
        await asyncio.to_thread(self._start)
        return self

    def _start(self) -> None:
        """Set `popen` to the started and ready process (the async form runs this in a thread)."""
        raise NotImplementedError

    def kill(self) -> None:
        """SIGKILL, and wait until it is reaped; nothing if it is not running."""
        self._sigkill()

    async def kill_async(self) -> None:
        await asyncio.to_thread(self._sigkill)

    def stop(self) -> None:
        """Ask it to end (`stop_signal`); SIGKILL if it has not within `stop_timeout` seconds."""
        if self.popen is None or not self.running:
            return
        self.popen.send_signal(self.stop_signal)
        try:
            self.popen.wait(timeout=self.stop_timeout)
        except subprocess.TimeoutExpired:
            self._sigkill()

    def _sigkill(self) -> None:
        # the public calls end in `_start` and `_sigkill`, so that a subclass may make `start` and `kill`
        # coroutines (the fault suite does) without breaking the others
        if self.popen is not None and self.running:
            self.popen.kill()
            self.popen.wait(timeout=KILL_WAIT)


@dataclass
class ManagedProcess(ChildProcess):
    """A server as an OS process on loopback, ready when GET /healthz answers 200; `starts` counts its launches."""

    name: str
    command: list[str]
    port: int
    env: dict[str, str] = field(default_factory=dict)  # on top of this process's own environment
    log_path: Path | None = None  # appended to, so that a restart keeps what came before; None: discarded
    cwd: Path | None = None
    starts: int = field(default=0, init=False)

    def __str__(self) -> str:
        return self.name

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def launch(self) -> None:
        """Start the process without waiting for it (several can then start at once)."""
        log = open(self.log_path, "ab") if self.log_path is not None else subprocess.DEVNULL
        try:
            self.popen = subprocess.Popen(self.command, env={**os.environ, **self.env}, cwd=self.cwd, stdout=log,
                                          stderr=subprocess.STDOUT)
        finally:
            if log is not subprocess.DEVNULL:
                log.close()  # the child has its own copy
        self.starts += 1

    def start(self, timeout: float = START_TIMEOUT) -> "ManagedProcess":
        self.launch()
        return self.wait_healthy(timeout)

    async def start_async(self, timeout: float = START_TIMEOUT) -> "ManagedProcess":
        self.launch()
        return await self.wait_healthy_async(timeout)

    def wait_healthy(self, timeout: float = START_TIMEOUT) -> "ManagedProcess":
        with httpx.Client(timeout=1.0) as client:
            for _ in self._attempts(timeout):
                try:
                    if client.get(f"{self.url}/healthz").status_code == 200:
                        return self
                except httpx.HTTPError:
                    pass
                time.sleep(POLL_INTERVAL)
        raise self._late(timeout)

    async def wait_healthy_async(self, timeout: float = START_TIMEOUT) -> "ManagedProcess":
        async with httpx.AsyncClient(timeout=1.0) as client:
            for _ in self._attempts(timeout):
                try:
                    if (await client.get(f"{self.url}/healthz")).status_code == 200:
                        return self
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(POLL_INTERVAL)
        raise self._late(timeout)

    def _attempts(self, timeout: float) -> Iterator[None]:
        """One turn per health check until the deadline; raises as soon as the process has exited."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.running:
                code = None if self.popen is None else self.popen.returncode
                raise RuntimeError(f"{self.name} exited with {code} while starting; see {self.log_path}")
            yield

    def _late(self, timeout: float) -> TimeoutError:
        return TimeoutError(f"{self.name} did not start within {timeout}s; see {self.log_path}")
