"""Attainment query latency with the rebuild's events applied: a projection process on the rebuilt database."""

from __future__ import annotations

import itertools

from bench.config import Sizes
from bench.infra import Environment
from bench.load import client, closed_loop
from bench.report import Figure
from kernel.infra.postgres import free_port

TARGET_P99_MS = 20
AREAS = (None, "420100", "420500", "420300")


async def measure(env: Environment, sizes: Sizes, database: str, events: int) -> list[Figure]:
    # a source with no events and an unreachable feed: the process serves the rebuilt read models as they are
    service = env.projection("projection-query", database, {"idle": f"http://127.0.0.1:{free_port()}"},
                             reconcile_interval_seconds="3600")
    areas = itertools.cycle(AREAS)
    async with client(1, env.auth()) as http:
        async def query(n: int) -> bool:
            area = next(areas)
            params = {"year": 2019, **({"region": area} if area else {})}
            response = await http.get(f"{service.url}/v1/attainment", params=params)
            return response.status_code == 200

        result = await closed_loop(query, workers=1, seconds=sizes.query_seconds, max_operations=sizes.query_max_requests,
                                   warmup_seconds=sizes.warmup_seconds)
    service.stop()
    p99 = result.ms(99)
    return [Figure(
        "query", f"attainment query p99, {events:,} events applied", p99, "ms", f"≤ {TARGET_P99_MS} ms",
        met=p99 is not None and p99 <= TARGET_P99_MS and result.errors == 0,
        detail={**result.summary(), "events": events,
                "shown": f"p50 {result.ms(50) or 0:.1f} ms; {result.ok} sequential queries, province and regions"},
    )]
