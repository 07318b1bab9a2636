"""Single-command ingest and a record's GET over HTTP with wrk at N connections, beside their baselines.

Baselines, same run, same connections: the bare app (bench.baseline_app: the same validation, nothing stored)
for the HTTP half, raw single-row INSERT transactions (bench.raw) for the database half. A write cannot go
faster than both halves done one after the other, so the write ceiling is 1 / (1/bare_http + 1/raw_tx) and
the ingest ratio is against it. After the load the projection must catch up with every event (it keeps up);
memory is sampled meanwhile.
"""

from __future__ import annotations

import asyncio
import time

import asyncpg
import httpx

from bench import data, wrkload
from bench.config import Sizes
from bench.cpu import CpuMeter
from bench.infra import Environment, Process
from bench.load import client
from bench.memory import RssSampler
from bench.raw import single_rows
from bench.report import Figure

CENTERS = 16
MEMORY_LIMIT_MB = 150
CATCH_UP_SECONDS = 30.0
POST_PATH = "/v1/onsite-services"


async def register_centers(env: Environment, enforcement: Process, centers: list[str], region: str) -> None:
    async with client(4, env.auth()) as http:
        for center in centers:
            response = await http.post(f"{enforcement.url}/v1/assistance-centers", json=data.center_body(center, region))
            if response.status_code not in (201, 409):
                raise RuntimeError(f"registering {center} failed: {response.status_code} {response.text[:200]}")


async def caught_up(env: Environment, projection: Process, database: str) -> float | None:
    """Seconds until the projection has applied every event the service stored (None: not within the bound)."""
    connection = await asyncpg.connect(env.dsn(database))
    try:
        head = await connection.fetchval("SELECT coalesce(max(position), 0) FROM events")
    finally:
        await connection.close()
    began = time.perf_counter()
    async with httpx.AsyncClient(headers=env.auth(), timeout=10) as http:
        while time.perf_counter() - began < CATCH_UP_SECONDS:
            status = (await http.get(f"{projection.url}/v1/status")).json()
            if all(s["position"] >= head for s in status["sources"] if s["source"] == "enforcement"):
                return time.perf_counter() - began
            await asyncio.sleep(0.1)
    return None


async def measure(env: Environment, sizes: Sizes, enforcement: Process, projection: Process,
                  baseline: Process, database: str) -> list[Figure]:
    centers = [f"load-{n}" for n in range(CENTERS)]
    await register_centers(env, enforcement, centers, data.SERVICE_REGION)
    bodies = data.service_bodies(centers, 1000)
    token = env.token()
    c, warm, seconds = sizes.connections, sizes.warmup_seconds, sizes.ingest_seconds
    load = {"connections": c, "warmup_seconds": warm, "seconds": seconds, "token": token}
    sampler = RssSampler({"enforcement": enforcement.pid, "projection": projection.pid, "baseline": baseline.pid},
                         children=True)
    roots = env.cpu_roots(enforcement=enforcement, projection=projection, baseline=baseline)

    async with sampler:
        async with CpuMeter(roots) as raw_cpu:
            raw = await single_rows(env.dsn(database), connections=c, seconds=seconds, warmup_seconds=warm,
                                    centers=centers)
        async with CpuMeter(roots) as bare_cpu:
            bare = await wrkload.closed_loop(baseline.url, targets=[POST_PATH], method="POST", bodies=bodies, **load)
        async with CpuMeter(roots) as served_cpu:
            served = await wrkload.closed_loop(enforcement.url, targets=[POST_PATH], method="POST", bodies=bodies,
                                               idempotency=True, **load)
        catch_up = await caught_up(env, projection, database)

        records = [f"/v1/assistance-centers/{center}" for center in centers]
        async with CpuMeter(roots) as bare_read_cpu:
            bare_read = await wrkload.closed_loop(baseline.url, targets=records, **load)
        async with CpuMeter(roots) as read_cpu:
            read = await wrkload.closed_loop(enforcement.url, targets=records, **load)
        short = {**load, "seconds": max(1.0, seconds / 4)}
        bare_health = await wrkload.closed_loop(baseline.url, targets=["/healthz"], **short)
        health = await wrkload.closed_loop(enforcement.url, targets=["/healthz"], **short)

    ceiling = 1 / (1 / bare.rate + 1 / raw.rate) if bare.rate and raw.rate else None
    ratio = served.rate / ceiling if ceiling else None
    kept_up = catch_up is not None
    errors = served.failed
    read_ratio = read.rate / bare_read.rate if bare_read.rate else None
    figures = [
        Figure(
            "ingest", f"single-command ingest (POST {POST_PATH}), {c} connections", served.rate, "req/s",
            "≥ 0.5 × write ceiling, 0 errors, projection keeps up", ceiling, ratio,
            ratio is not None and ratio >= 0.5 and errors == 0 and kept_up,
            {"service": served.summary(), "bare_http": bare.summary(), "raw_tx": raw.summary(),
             "write_ceiling": ceiling, "projection_caught_up_seconds": catch_up,
             "cpu_bare_http": bare_cpu.seconds(), "cpu_raw_tx": raw_cpu.seconds(),
             "shown": f"ceiling = 1/(1/{bare.rate:,.0f} bare HTTP + 1/{raw.rate:,.0f} raw tx); {served.shown()} "
                      f"(bare {bare.shown()}); {errors} errors; projection caught up "
                      + (f"{catch_up:.1f} s after" if kept_up else f"not within {CATCH_UP_SECONDS:.0f} s")
                      + "; relay in process in enforcement"},
            cpu=served_cpu.seconds(),
        ),
        Figure(
            "read", f"a record's GET (/v1/assistance-centers/{{id}}), {c} connections", read.rate, "req/s",
            "≥ 0.5 × bare app", bare_read.rate, read_ratio,
            read_ratio is not None and read_ratio >= 0.5 and read.failed == 0,
            {"service": read.summary(), "bare_http": bare_read.summary(), "healthz": health.summary(),
             "bare_healthz": bare_health.summary(), "cpu_bare_http": bare_read_cpu.seconds(),
             "shown": f"{read.shown()} (bare {bare_read.shown()}); /healthz {health.rate:,.0f} vs bare "
                      f"{bare_health.rate:,.0f} req/s; {read.failed} errors"},
            cpu=read_cpu.seconds(),
        ),
    ]
    for name in ("enforcement", "projection"):
        peak = sampler.peak_mb(name)
        figures.append(Figure(
            f"memory.{name}", f"resident memory of {name} under ingest load (largest process)", peak, "MB",
            f"≤ {MEMORY_LIMIT_MB} MB", met=peak <= MEMORY_LIMIT_MB,
            detail={"peak_mb": peak, "mean_mb": sampler.mean_mb(name), "processes": sampler.count(name),
                    "baseline_app_peak_mb": sampler.peak_mb("baseline"),
                    "shown": f"peak of {sampler.count(name)} process(es); mean {sampler.mean_mb(name)} MB "
                             f"(bare app {sampler.peak_mb('baseline')} MB)"},
        ))
    return figures
