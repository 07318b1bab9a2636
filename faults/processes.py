"""The processes of one run, each of which can be killed (SIGKILL, no shutdown) and started again in place.

A restarted process keeps its port and its data folder, so the others find it where it was. Only processes
this run started are signalled, each by its own id: PostgreSQL's postmaster and the backends it forked, the
broker, and the service processes. They are the kernel's test servers (`kernel.testing`), with the start and
the kill the fault plan awaits, and PostgreSQL killed with all its backends at once, as a crash leaves it.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from dataclasses import dataclass

from kernel.testing.processes import KILL_WAIT, ManagedProcess
from kernel.testing.servers import KafkaBroker, PostgresServer


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


class _Awaited:
    """The fault plan awaits a process's `start` and `kill` on its event loop: here they are the async forms."""

    async def start(self) -> None:
        await self.start_async()  # type: ignore[attr-defined]

    async def kill(self) -> None:
        await self.kill_async()  # type: ignore[attr-defined]


@dataclass
class PostgresProcess(_Awaited, PostgresServer):
    """PostgreSQL with normal durability (fsync and synchronous commit on): a commit answered is on disk."""

    fast: bool = False

    async def kill_async(self) -> None:
        """SIGKILL the postmaster and every backend: no checkpoint, no shutdown; the next start recovers from WAL."""
        if self.popen is None or not self.running:
            return
        pid = self.popen.pid
        os.kill(pid, signal.SIGSTOP)  # it forks no new backend while its children are listed
        backends = _children(pid)
        for child in backends:
            try:
                os.kill(child, signal.SIGKILL)
            except ProcessLookupError:
                pass
        os.kill(pid, signal.SIGKILL)
        await asyncio.to_thread(self.popen.wait, KILL_WAIT)
        deadline = time.monotonic() + 10
        while not all(_gone(child) for child in backends) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)


class BrokerProcess(_Awaited, KafkaBroker):
    """The in-memory broker: killed, it forgets every topic, message and consumer-group offset."""


class ServiceProcess(_Awaited, ManagedProcess):
    """One service replica (`python -m <module>`); started when GET /healthz answers 200."""
