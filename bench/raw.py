"""The raw PostgreSQL baselines: what the server does for the same rows with no service in front.

- single-row INSERT transactions at N connections (asyncpg, one prepared statement, autocommit), the
  irreducible half of a write that is not HTTP;
- executemany and COPY of the bulk import's rows, one transaction per batch.

All insert into `raw_events`, a copy of the event store's `events` table (same columns, constraints, indexes).
"""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
import orjson

from bench import data
from bench.load import LoadResult, closed_loop

RAW_INSERT = (
    "INSERT INTO raw_events (event_id, stream_id, stream_type, version, type, data, metadata) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)"
)
COLUMNS = ["event_id", "stream_id", "stream_type", "version", "type", "data", "metadata"]
METADATA = orjson.dumps({"actor": "bench", "correlation_id": "c", "causation_id": "c", "idempotency_key": "k"}).decode()


async def prepare(connection: asyncpg.Connection) -> None:
    await connection.execute("CREATE TABLE IF NOT EXISTS raw_events (LIKE events INCLUDING ALL)")


async def single_rows(dsn: str, *, connections: int, seconds: float, warmup_seconds: float,
                      centers: list[str]) -> LoadResult:
    """Closed loop of one-row INSERT transactions, one per connection at a time."""
    rows = []
    for n in range(256):
        service_id = str(uuid.uuid4())
        rows.append((f"onsite-service-{service_id}",
                     orjson.dumps(data.service_event_data(service_id, centers[n % len(centers)], n)).decode()))
    pool = await asyncpg.create_pool(dsn, min_size=connections, max_size=connections)
    try:
        async with pool.acquire() as connection:
            await prepare(connection)
        held = [await pool.acquire() for _ in range(connections)]
        free: asyncio.Queue = asyncio.Queue()
        for connection in held:
            free.put_nowait(connection)

        async def insert(n: int) -> bool:
            connection = await free.get()
            try:
                stream, event = rows[n % len(rows)]
                await connection.execute(RAW_INSERT, uuid.uuid4(), f"{stream}-{n}", "onsite-service", 1,
                                         data.RECORDED, event, METADATA)
            finally:
                free.put_nowait(connection)
            return True

        try:
            return await closed_loop(insert, workers=connections, seconds=seconds, warmup_seconds=warmup_seconds)
        finally:
            for connection in held:
                await pool.release(connection)
    finally:
        await pool.close()


async def batches(connection: asyncpg.Connection, batches_of_rows, *, copy: bool) -> float:
    """Seconds to insert every batch, each in its own transaction, by executemany or by COPY."""
    import time

    used = 0.0
    for rows in batches_of_rows:
        began = time.perf_counter()
        async with connection.transaction():
            if copy:
                await connection.copy_records_to_table("raw_events", records=rows, columns=COLUMNS)
            else:
                await connection.executemany(RAW_INSERT, rows)
        used += time.perf_counter() - began
    return used
