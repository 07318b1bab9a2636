"""Bulk import through the event store's batch append, beside a raw executemany INSERT of the same rows.

There is no import endpoint yet, so the import path is `EventStore.append` with one PendingAppend per command
(a new on-site service stream each) and `bulk_batch` commands per transaction. The raw side inserts the same
event rows, batch by batch, with asyncpg's executemany into a copy of the `events` table (same columns,
constraints and indexes). Only the transactions are timed; building each batch's events is not.
"""

from __future__ import annotations

import time
import uuid

import asyncpg
import orjson

from bench import data
from bench.config import Sizes
from bench.infra import Environment
from bench.report import Figure
from enforcement.onsite_services.domain import OnsiteServiceRecorded
from kernel.db import EVENTSTORE_MIGRATIONS, ensure_database, make_engine, migrate
from kernel.eventstore.store import EventStore, PendingAppend

DATABASE = "bench_bulk"
METADATA = {"actor": "bench-import", "correlation_id": "bulk", "causation_id": "bulk", "idempotency_key": None}
RAW_INSERT = (
    "INSERT INTO raw_events (event_id, stream_id, stream_type, version, type, data, metadata) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)"
)
CENTERS = [f"bulk-{n}" for n in range(64)]


def batch_events(start: int, count: int) -> list[PendingAppend]:
    appends = []
    for n in range(start, start + count):
        service_id = str(uuid.uuid4())
        event = OnsiteServiceRecorded.model_validate(data.service_event_data(service_id, CENTERS[n % len(CENTERS)], n))
        appends.append(PendingAppend(f"onsite-service-{service_id}", "onsite-service", 0, [event]))
    return appends


def raw_rows(appends: list[PendingAppend]) -> list[tuple]:
    metadata = orjson.dumps(METADATA).decode()
    return [
        (uuid.uuid4(), a.stream_id, a.stream_type, 1, a.events[0].event_type, orjson.dumps(a.events[0].data()).decode(), metadata)
        for a in appends
    ]


async def measure(env: Environment, sizes: Sizes) -> list[Figure]:
    url = env.database_url(DATABASE)
    await ensure_database(url)
    engine = make_engine(url, pool_size=2, max_overflow=0)
    total, batch = sizes.bulk_commands, max(1, min(sizes.bulk_batch, sizes.bulk_commands))
    store_seconds = raw_seconds = 0.0
    transactions = 0
    try:
        await migrate(engine, [EVENTSTORE_MIGRATIONS])
        async with engine.begin() as conn:
            await conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS raw_events (LIKE events INCLUDING ALL)")
        raw = await asyncpg.connect(env.dsn(DATABASE))
        try:
            for start in range(0, total, batch):
                appends = batch_events(start, min(batch, total - start))
                rows = raw_rows(appends)
                began = time.perf_counter()
                async with engine.begin() as conn:
                    await EventStore.append(conn, appends, METADATA)
                store_seconds += time.perf_counter() - began
                began = time.perf_counter()
                async with raw.transaction():
                    await raw.executemany(RAW_INSERT, rows)
                raw_seconds += time.perf_counter() - began
                transactions += 1
            stored = await raw.fetchval("SELECT count(*) FROM events")
            copied = await raw.fetchval("SELECT count(*) FROM raw_events")
        finally:
            await raw.close()
    finally:
        await engine.dispose()
    if stored != total or copied != total:
        raise RuntimeError(f"bulk stored {stored} events and {copied} raw rows, expected {total}")
    rate, base = total / store_seconds, total / raw_seconds
    ratio = rate / base
    return [Figure(
        "bulk", f"bulk import of {total:,} commands (batch append)", rate, "cmd/s", "≥ 0.5 × baseline", base, ratio,
        ratio >= 0.5,
        {"commands": total, "per_transaction": batch, "transactions": transactions,
         "store_seconds": round(store_seconds, 2), "raw_seconds": round(raw_seconds, 2),
         "shown": f"{transactions} transactions of {batch}; {store_seconds:.1f} s vs raw executemany {raw_seconds:.1f} s"},
    )]
