"""Resident memory of the service processes, sampled while a load runs (psutil).

With `children`, a service's worker processes are sampled too; the figure is per process (the largest one),
since the bound holds for each process.
"""

from __future__ import annotations

import asyncio
from contextlib import suppress

import psutil

MB = 1024 * 1024


class RssSampler:
    def __init__(self, pids: dict[str, int], interval: float = 0.25, children: bool = False) -> None:
        self.processes = {name: psutil.Process(pid) for name, pid in pids.items()}
        self.children = children
        self.interval = interval
        self.peak: dict[str, int] = {name: 0 for name in pids}
        self.samples: dict[str, list[int]] = {name: [] for name in pids}
        self.seen: dict[str, set[int]] = {name: set() for name in pids}
        self._task: asyncio.Task | None = None

    def _members(self, process: psutil.Process) -> list[psutil.Process]:
        members = [process]
        if self.children:
            with suppress(psutil.Error):
                members += process.children(recursive=True)
        return members

    def sample(self) -> None:
        for name, process in self.processes.items():
            for member in self._members(process):
                with suppress(psutil.Error):
                    rss = member.memory_info().rss
                    self.samples[name].append(rss)
                    self.peak[name] = max(self.peak[name], rss)
                    self.seen[name].add(member.pid)

    async def _run(self) -> None:
        while True:
            self.sample()
            await asyncio.sleep(self.interval)

    async def __aenter__(self) -> "RssSampler":
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(self, *exc) -> None:
        assert self._task is not None
        self._task.cancel()
        with suppress(asyncio.CancelledError):
            await self._task
        self.sample()

    def peak_mb(self, name: str) -> float:
        return round(self.peak[name] / MB, 1)

    def mean_mb(self, name: str) -> float:
        samples = self.samples[name]
        return round(sum(samples) / len(samples) / MB, 1) if samples else 0.0

    def count(self, name: str) -> int:
        return len(self.seen[name])
