"""CPU seconds each process of a run used during one figure, so that the next bottleneck is visible.

Each entry is a root process and, where asked, its descendants (PostgreSQL's backends, a service's worker
processes), sampled at the start, every half second (backends come and go) and at the end; a process born
during the figure counts from zero. The bench process itself is one entry: whatever it runs in process (the
rebuild's projector, the transactions' command bus, the Python load client) is its CPU. wrk is a child the
bench waits for, so its CPU is accounted when it exits (`bench.wrkload`), not here.
"""

from __future__ import annotations

import asyncio
import os
from contextlib import suppress

import psutil


def _cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


class CpuMeter:
    def __init__(self, roots: dict[str, tuple[int, bool]], interval: float = 0.5) -> None:
        """`roots`: name -> (pid, whether its descendants count too)."""
        self.roots = {name: (psutil.Process(pid), children) for name, (pid, children) in roots.items()}
        self.interval = interval
        self.first: dict[tuple[str, int], float] = {}
        self.last: dict[tuple[str, int], float] = {}
        self._task: asyncio.Task | None = None

    def _members(self, root: psutil.Process, children: bool) -> list[psutil.Process]:
        members = [root]
        if children:
            with suppress(psutil.Error):
                members += root.children(recursive=True)
        return members

    def sample(self, initial: bool = False) -> None:
        for name, (root, children) in self.roots.items():
            for member in self._members(root, children):
                with suppress(psutil.Error):
                    key = (name, member.pid)
                    used = _cpu(member)
                    if initial:
                        self.first[key] = used
                    self.first.setdefault(key, 0.0)
                    self.last[key] = used

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            self.sample()

    async def __aenter__(self) -> "CpuMeter":
        self.sample(initial=True)
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(self, *exc) -> None:
        assert self._task is not None
        self._task.cancel()
        with suppress(asyncio.CancelledError):
            await self._task
        self.sample()

    def seconds(self) -> dict[str, float]:
        used: dict[str, float] = {name: 0.0 for name in self.roots}
        for (name, _pid), last in self.last.items():
            used[name] += max(0.0, last - self.first.get((name, _pid), 0.0))
        return {name: round(value, 2) for name, value in used.items()}


def text(seconds: dict[str, float]) -> str:
    return ", ".join(f"{name} {value:.1f}" for name, value in seconds.items())


def bench_process() -> tuple[int, bool]:
    return (os.getpid(), False)
