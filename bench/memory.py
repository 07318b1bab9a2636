"""Resident memory of the service processes, sampled while a load runs (psutil)."""

from __future__ import annotations

import asyncio
from contextlib import suppress

import psutil

MB = 1024 * 1024


class RssSampler:
    def __init__(self, pids: dict[str, int], interval: float = 0.25) -> None:
        self.processes = {name: psutil.Process(pid) for name, pid in pids.items()}
        self.interval = interval
        self.peak: dict[str, int] = {name: 0 for name in pids}
        self.samples: dict[str, list[int]] = {name: [] for name in pids}
        self._task: asyncio.Task | None = None

    def sample(self) -> None:
        for name, process in self.processes.items():
            with suppress(psutil.Error):
                rss = process.memory_info().rss
                self.samples[name].append(rss)
                self.peak[name] = max(self.peak[name], rss)

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
