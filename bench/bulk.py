"""Bulk import through the service's own import endpoint, beside a raw executemany INSERT of the same rows.

The import side is a real enforcement process: NDJSON batches of `bulk_batch` on-site services each, POSTed
to /v1/import one after another (parsed, validated, decided against the batch, appended together, idempotency
records kept per line). The raw side inserts one event row per command, batch by batch, with asyncpg's
executemany into a copy of the `events` table (same columns, constraints and indexes), on the same server.
"""

from __future__ import annotations

import time
import uuid

import asyncpg
import httpx
import orjson

from bench import data
from bench.config import Sizes
from bench.cpu import CpuMeter
from bench.raw import batches, prepare
from bench.infra import Environment
from bench.report import Figure

DATABASE = "bench_bulk"
METADATA = {"actor": "bench-import", "correlation_id": "bulk", "causation_id": "bulk", "idempotency_key": None}
RECORDED = "enforcement.OnsiteServiceRecorded.v1"
CENTERS = [f"bulk-{n}" for n in range(64)]


def batch_body(start: int, count: int) -> bytes:
    lines = []
    for n in range(start, start + count):
        line = {"kind": "onsite-service", "ref": f"bulk-{n}", **data.service_body(CENTERS[n % len(CENTERS)], n)}
        lines.append(orjson.dumps(line))
    return b"\n".join(lines)


def raw_rows(start: int, count: int) -> list[tuple]:
    metadata = orjson.dumps(METADATA).decode()
    rows = []
    for n in range(start, start + count):
        service_id = str(uuid.uuid4())
        event = data.service_event_data(service_id, CENTERS[n % len(CENTERS)], n)
        rows.append((uuid.uuid4(), f"onsite-service-{service_id}", "onsite-service", 1, RECORDED, orjson.dumps(event).decode(), metadata))
    return rows


async def measure(env: Environment, sizes: Sizes) -> list[Figure]:
    total, batch = sizes.bulk_commands, max(1, min(sizes.bulk_batch, sizes.bulk_commands))
    enforcement = env.service("enforcement", "enforcement-bulk", DATABASE)
    import_seconds = 0.0
    requests = 0
    try:
        async with httpx.AsyncClient(base_url=enforcement.url, headers=env.auth(), timeout=120) as http:
            for center in CENTERS:
                (await http.post("/v1/assistance-centers", json=data.center_body(center))).raise_for_status()
            async with CpuMeter(env.cpu_roots(enforcement=enforcement)) as meter:
                for start in range(0, total, batch):
                    body = batch_body(start, min(batch, total - start))
                    began = time.perf_counter()
                    response = await http.post("/v1/import", content=body, headers={"Content-Type": "application/x-ndjson"})
                    import_seconds += time.perf_counter() - began
                    response.raise_for_status()
                    report = response.json()
                    if report["refused"]:
                        raise RuntimeError(f"the import refused lines: {report['lines'][:3]}")
                    requests += 1
        raw = await asyncpg.connect(env.dsn(DATABASE))
        try:
            await prepare(raw)
            groups = [raw_rows(start, min(batch, total - start)) for start in range(0, total, batch)]
            async with CpuMeter(env.cpu_roots()) as raw_cpu:
                raw_seconds = await batches(raw, groups, copy=False)
            copied = await raw.fetchval("SELECT count(*) FROM raw_events")
            await raw.execute("TRUNCATE raw_events")
            async with CpuMeter(env.cpu_roots()) as copy_cpu:
                copy_seconds = await batches(raw, groups, copy=True)
            copied_too = await raw.fetchval("SELECT count(*) FROM raw_events")
            stored = await raw.fetchval("SELECT count(*) FROM events WHERE type = $1", RECORDED)
        finally:
            await raw.close()
    finally:
        enforcement.stop()
    if stored != total or copied != total or copied_too != total:
        raise RuntimeError(f"bulk stored {stored} events and {copied}/{copied_too} raw rows, expected {total}")
    rate, base, copy_rate = total / import_seconds, total / raw_seconds, total / copy_seconds
    ratio = rate / base
    return [Figure(
        "bulk", f"bulk import of {total:,} commands (POST /v1/import)", rate, "cmd/s", "≥ 0.5 × raw executemany", base, ratio,
        ratio >= 0.5,
        {"commands": total, "per_request": batch, "requests": requests,
         "import_seconds": round(import_seconds, 2), "raw_seconds": round(raw_seconds, 2),
         "copy_seconds": round(copy_seconds, 2), "copy_per_second": round(copy_rate, 1),
         "cpu_raw_executemany": raw_cpu.seconds(), "cpu_raw_copy": copy_cpu.seconds(),
         "shown": f"{requests} requests of {batch} lines; {import_seconds:.1f} s vs raw executemany {raw_seconds:.1f} s; "
                  f"raw COPY {copy_seconds:.1f} s ({copy_rate:,.0f} rows/s, {rate / copy_rate:.2f} of it)"},
        cpu=meter.seconds(),
    )]
