"""The attainment query with the rebuild's events applied: a projection process on the rebuilt database,
driven by wrk at N connections (throughput and p99), then by one connection (latency alone)."""

from __future__ import annotations

from bench import wrkload
from bench.config import Sizes
from bench.cpu import CpuMeter
from bench.infra import Environment
from bench.report import Figure
from kernel.infra.postgres import free_port

TARGET_RATE = 2_000
TARGET_LOADED_P99_MS = 50
TARGET_P99_MS = 20
AREAS = (None, "420100", "420500", "420300")


def paths() -> list[str]:
    return [f"/v1/attainment?year=2019" + (f"&region={area}" if area else "") for area in AREAS]


async def measure(env: Environment, sizes: Sizes, database: str, events: int) -> list[Figure]:
    # a source with no events and an unreachable feed: the process serves the rebuilt read models as they are
    service = env.projection("projection-query", database, {"idle": f"http://127.0.0.1:{free_port()}"},
                             reconcile_interval_seconds="3600")
    load = {"targets": paths(), "token": env.token(), "warmup_seconds": sizes.warmup_seconds,
            "seconds": sizes.query_seconds}
    try:
        async with CpuMeter(env.cpu_roots(projection=service)) as meter:
            loaded = await wrkload.closed_loop(service.url, connections=sizes.connections, **load)
        alone = await wrkload.closed_loop(service.url, connections=1, threads=1, **load)
    finally:
        service.stop()
    loaded_met = (loaded.rate >= TARGET_RATE and loaded.p99_ms is not None and loaded.p99_ms <= TARGET_LOADED_P99_MS
                  and loaded.failed == 0)
    return [
        Figure(
            "query", f"GET /v1/attainment, {events:,} events applied, {sizes.connections} connections", loaded.rate,
            "req/s", f"≥ {TARGET_RATE:,} req/s with p99 ≤ {TARGET_LOADED_P99_MS} ms", met=loaded_met,
            detail={**loaded.summary(), "events": events,
                    "shown": f"{loaded.shown()}; {loaded.failed} errors; province and three regions in turn"},
            cpu=meter.seconds(),
        ),
        Figure(
            "query.latency", f"attainment query p99, one connection, {events:,} events applied", alone.p99_ms, "ms",
            f"≤ {TARGET_P99_MS} ms", met=alone.p99_ms is not None and alone.p99_ms <= TARGET_P99_MS and alone.failed == 0,
            detail={**alone.summary(), "events": events,
                    "shown": f"p50 {alone.p50_ms} ms; {alone.ok} sequential queries ({alone.rate:,.0f}/s)"},
        ),
    ]
