"""A small load client: asyncio and httpx on loopback, closed loop (N connections) or open loop (a fixed rate)."""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass, field
from typing import Awaitable, Callable

import httpx


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


@dataclass
class LoadResult:
    ok: int = 0
    errors: int = 0
    elapsed: float = 0.0
    latencies: list[float] = field(default_factory=list)  # seconds, successful operations only
    statuses: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.ok / self.elapsed if self.elapsed else 0.0

    def ms(self, q: float) -> float | None:
        value = percentile(self.latencies, q)
        return None if value is None else value * 1000

    def summary(self) -> dict:
        return {"ok": self.ok, "errors": self.errors, "seconds": round(self.elapsed, 2), "per_second": round(self.rate, 1),
                "p50_ms": _round(self.ms(50)), "p99_ms": _round(self.ms(99)), "statuses": self.statuses}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


Operation = Callable[[int], Awaitable[bool]]  # one operation (its sequence number) -> succeeded


async def closed_loop(operation: Operation, *, workers: int, seconds: float, max_operations: int | None = None,
                      warmup_seconds: float = 0.0) -> LoadResult:
    """`workers` tasks each run operations back to back; the first `warmup_seconds` are not counted."""
    counter = itertools.count()
    if warmup_seconds > 0:
        await _closed(operation, counter, workers, warmup_seconds, None, LoadResult())
    result = LoadResult()
    await _closed(operation, counter, workers, seconds, max_operations, result)
    return result


async def _closed(operation, counter, workers, seconds, max_operations, result: LoadResult) -> None:
    started = time.perf_counter()
    deadline = started + seconds

    async def worker() -> None:
        while time.perf_counter() < deadline and (max_operations is None or result.ok + result.errors < max_operations):
            n = next(counter)
            began = time.perf_counter()
            try:
                succeeded = await operation(n)
            except Exception as exc:  # counted, not raised: the figure reports errors beside its rate
                key = type(exc).__name__
                result.statuses[key] = result.statuses.get(key, 0) + 1
                succeeded = False
            if succeeded:
                result.ok += 1
                result.latencies.append(time.perf_counter() - began)
            else:
                result.errors += 1

    await asyncio.gather(*(worker() for _ in range(workers)))
    result.elapsed = time.perf_counter() - started


async def open_loop(operation: Operation, *, rate: float, seconds: float, max_in_flight: int = 128) -> LoadResult:
    """Start operations at a fixed rate for `seconds` (skipping a start when `max_in_flight` are pending)."""
    result = LoadResult()
    in_flight: set[asyncio.Task] = set()
    skipped = 0

    async def one(n: int) -> None:
        began = time.perf_counter()
        try:
            succeeded = await operation(n)
        except Exception as exc:
            key = type(exc).__name__
            result.statuses[key] = result.statuses.get(key, 0) + 1
            succeeded = False
        if succeeded:
            result.ok += 1
            result.latencies.append(time.perf_counter() - began)
        else:
            result.errors += 1

    started = time.perf_counter()
    n = 0
    while (now := time.perf_counter()) < started + seconds:
        due = started + n / rate
        if due > now:
            await asyncio.sleep(due - now)
        if len(in_flight) >= max_in_flight:
            skipped += 1
        else:
            task = asyncio.create_task(one(n))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)
        n += 1
    if in_flight:
        await asyncio.wait(in_flight, timeout=30)
    result.elapsed = time.perf_counter() - started
    if skipped:
        result.statuses["skipped"] = skipped
    return result


def client(connections: int, headers: dict[str, str] | None = None) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    return httpx.AsyncClient(headers=headers, limits=limits, timeout=httpx.Timeout(30.0))


def poster(http: httpx.AsyncClient, url: str, bodies: list[bytes], *, idempotency: bool = False,
           expect: int = 201) -> Operation:
    """An operation that POSTs the n-th body of the pool (JSON), with a fresh Idempotency-Key when asked."""
    base = {"content-type": "application/json"}

    async def post(n: int) -> bool:
        headers = {**base, "Idempotency-Key": f"bench-{n}-{time.monotonic_ns()}"} if idempotency else base
        response = await http.post(url, content=bodies[n % len(bodies)], headers=headers)
        return response.status_code == expect

    return post
