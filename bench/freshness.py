"""Freshness: how long after a POST's 201 the write shows in /v1/attainment, under a sustained write rate.

The load writes to centers in one region at `freshness_rate` per second. Meanwhile one probe at a time
records a service for a new (center, month) of a probe center in another region and polls that region's
attainment until its T04 `center_months_met` counts it; only probes move that figure, so each probe times
exactly its own write. The time runs from the 201 to the poll response that shows it.
"""

from __future__ import annotations

import asyncio
import math
import time

import orjson

from bench import data
from bench.config import Sizes
from bench.cpu import CpuMeter
from bench.infra import Environment, Process
from bench.ingest import register_centers
from bench.load import LoadResult, client, open_loop, percentile, poster
from bench.report import Figure

PROBE_SPACING = 0.1  # seconds between probe starts, at most one in flight
POLL_INTERVAL = 0.01
PROBE_TIMEOUT = 10.0
TARGET_P99_MS = 250
SUSTAINED = 0.98  # of the rate asked, achieved: the figure counts only when the load was really there


async def met(http, projection: Process) -> int:
    response = await http.get(f"{projection.url}/v1/attainment", params={"year": 2019, "region": data.PROBE_REGION})
    response.raise_for_status()
    report = response.json()
    return next(t for t in report["targets"] if t["id"] == "T04")["detail"]["center_months_met"]


async def wait_until(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not reached within {timeout}s")
        await asyncio.sleep(0.1)


async def measure(env: Environment, sizes: Sizes, enforcement: Process, projection: Process) -> list[Figure]:
    probes_needed = math.ceil(sizes.freshness_seconds / PROBE_SPACING) + 1
    probe_centers = [f"probe-{n}" for n in range(math.ceil(probes_needed / 12))]
    load_centers = [f"fresh-{n}" for n in range(16)]
    await register_centers(env, enforcement, probe_centers, data.PROBE_REGION)
    await register_centers(env, enforcement, load_centers, data.SERVICE_REGION)
    slots = [(c, m) for c in probe_centers for m in range(1, 13)]

    latencies: list[float] = []
    lost = 0
    async with client(4, env.auth()) as http:
        async def centers_visible() -> bool:
            response = await http.get(f"{projection.url}/v1/attainment", params={"year": 2019, "region": data.PROBE_REGION})
            if response.status_code != 200:
                raise RuntimeError(f"/v1/attainment answered {response.status_code}: {response.text[:300]}")
            report = response.json()
            return next(t for t in report["targets"] if t["id"] == "T04")["detail"]["centers"] >= len(probe_centers)

        await wait_until(centers_visible, 60, "the probe centers in the projection")
        seen = await met(http, projection)

        async def probe() -> None:
            nonlocal seen, lost
            deadline = time.perf_counter() + sizes.freshness_seconds
            for center, month in slots:
                if time.perf_counter() >= deadline:
                    return
                started = time.perf_counter()
                body = data.service_body(center, 0, data.month_day(month))
                response = await http.post(f"{enforcement.url}/v1/onsite-services", content=orjson.dumps(body),
                                           headers={"content-type": "application/json"})
                if response.status_code != 201:
                    lost += 1
                    continue
                created = time.perf_counter()
                while True:
                    current = await met(http, projection)
                    if current > seen:
                        latencies.append(time.perf_counter() - created)
                        seen = current
                        break
                    if time.perf_counter() - created > PROBE_TIMEOUT:
                        lost += 1
                        break
                    await asyncio.sleep(POLL_INTERVAL)
                await asyncio.sleep(max(0.0, PROBE_SPACING - (time.perf_counter() - started)))

        async with client(64, env.auth()) as load_http, CpuMeter(env.cpu_roots(enforcement=enforcement, projection=projection)) as meter:
            bodies = data.service_bodies(load_centers, 1000)
            load_task = asyncio.create_task(open_loop(
                poster(load_http, f"{enforcement.url}/v1/onsite-services", bodies),
                rate=sizes.freshness_rate, seconds=sizes.freshness_seconds,
            ))
            await probe()
            load: LoadResult = await load_task

    cpu = meter.seconds()
    client_share = cpu["bench"] / load.elapsed if load.elapsed else 0.0
    warning = (f"freshness uses the Python load client (an open-loop rate, which wrk does not keep): it took "
               f"{cpu['bench']:.1f} CPU s in {load.elapsed:.0f} s ({client_share:.0%} of a core) of the machine it measures")
    achieved = load.rate
    p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
    p50_ms = None if p50 is None else p50 * 1000
    p99_ms = None if p99 is None else p99 * 1000
    return [Figure(
        "freshness", f"freshness, 201 → visible in /v1/attainment, at {sizes.freshness_rate:.0f} writes/s", p99_ms, "ms",
        f"p99 ≤ {TARGET_P99_MS} ms at the rate asked, sustained",
        met=p99_ms is not None and p99_ms <= TARGET_P99_MS and lost == 0 and load.errors == 0
        and achieved >= SUSTAINED * sizes.freshness_rate,
        detail={"p50_ms": p50_ms, "p99_ms": p99_ms, "max_ms": max(latencies) * 1000 if latencies else None,
                "probes": len(latencies), "lost_probes": lost, "load": load.summary(), "warning": warning,
                "achieved_rate": round(achieved, 1), "client_cpu_share": round(client_share, 2),
                "shown": f"p99; p50 {p50_ms or 0:.0f} ms; {len(latencies)} probes, {lost} lost; "
                         f"load {achieved:.0f}/s achieved of {sizes.freshness_rate:.0f} asked, {load.errors} errors, "
                         f"p99 POST {load.ms(99) or 0:.0f} ms; Python client {client_share:.0%} of a core"},
        cpu=cpu,
    )]
