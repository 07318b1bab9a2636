"""The processes of one run, each of which can be killed (SIGKILL, no shutdown) and started again in place.

A restarted process keeps its port and its data folder, so the others find it where it was. Only processes
this run started are signalled, each by its own id: PostgreSQL's postmaster and the backends it forked, the
broker, and the service processes.
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

import httpx

from kernel.infra import broker, postgres


def _children(pid: int) -> list[int]:
    """The ids of the processes whose parent is `pid` (Linux /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry))
    return found


def _gone(pid: int) -> bool:
    """Exited (or a zombie waiting to be reaped, which holds no resources)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] == b"Z"
    except OSError:
        return True


@dataclass
class PostgresProcess:
    """PostgreSQL with normal durability (fsync and synchronous commit on): a commit answered is on disk."""

    data_dir: Path
    port: int
    log_file: Path
    popen: subprocess.Popen | None = None

    @property
    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    async def start(self) -> None:
        self.popen = await asyncio.to_thread(
            postgres.start, self.data_dir, self.port, fast=False, log_file=self.log_file
        )

    async def kill(self) -> None:
        """SIGKILL the postmaster and every backend: no checkpoint, no shutdown; the next start recovers from WAL."""
        if not self.running:
            return
        assert self.popen is not None
        pid = self.popen.pid
        os.kill(pid, signal.SIGSTOP)  # it forks no new backend while its children are listed
        backends = _children(pid)
        for child in backends:
            try:
                os.kill(child, signal.SIGKILL)
            except ProcessLookupError:
                pass
        os.kill(pid, signal.SIGKILL)
        await asyncio.to_thread(self.popen.wait, 10)
        deadline = time.monotonic() + 10
        while not all(_gone(child) for child in backends) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)

    def stop(self) -> None:
        if not self.running:
            return
        assert self.popen is not None
        self.popen.send_signal(signal.SIGINT)  # fast shutdown
        try:
            self.popen.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait(timeout=10)


@dataclass
class BrokerProcess:
    """The in-memory broker: killed, it forgets every topic, message and consumer-group offset."""

    port: int
    popen: subprocess.Popen | None = None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    async def start(self) -> None:
        self.popen = await asyncio.to_thread(broker.start, self.port)

    async def kill(self) -> None:
        if self.running:
            assert self.popen is not None
            self.popen.kill()
            await asyncio.to_thread(self.popen.wait, 10)

    def stop(self) -> None:
        if not self.running:
            return
        assert self.popen is not None
        self.popen.terminate()
        try:
            self.popen.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait(timeout=10)


@dataclass
class ServiceProcess:
    """One service replica (`python -m <module>`); started when GET /healthz answers 200."""

    name: str
    module: str
    port: int
    env: dict[str, str]
    log_path: Path
    popen: subprocess.Popen | None = None
    starts: int = field(default=0)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def launch(self) -> None:
        log = open(self.log_path, "ab")
        self.popen = subprocess.Popen(
            [sys.executable, "-m", self.module], env={**os.environ, **self.env}, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        self.starts += 1

    async def healthy(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        async with httpx.AsyncClient(timeout=1.0) as client:
            while time.monotonic() < deadline:
                if self.popen is None or self.popen.poll() is not None:
                    code = None if self.popen is None else self.popen.returncode
                    raise RuntimeError(f"{self.name} exited with {code} while starting; see {self.log_path}")
                try:
                    if (await client.get(f"{self.url}/healthz")).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.1)
        raise TimeoutError(f"{self.name} did not start within {timeout}s; see {self.log_path}")

    async def start(self) -> None:
        self.launch()
        await self.healthy()

    async def kill(self) -> None:
        if self.running:
            assert self.popen is not None
            self.popen.kill()
            await asyncio.to_thread(self.popen.wait, 10)

    def stop(self) -> None:
        if not self.running:
            return
        assert self.popen is not None
        self.popen.terminate()
        try:
            self.popen.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait(timeout=10)
