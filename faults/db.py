"""Reading the databases directly, with a fresh connection per query: the server may have been restarted since."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import asyncpg
import orjson


async def _connect(dsn: str) -> asyncpg.Connection:
    conn = await asyncpg.connect(dsn, timeout=5)
    await conn.set_type_codec("jsonb", encoder=lambda v: orjson.dumps(v).decode(), decoder=orjson.loads,
                              schema="pg_catalog")
    return conn


async def fetch(dsn: str, sql: str, *args: Any) -> list[asyncpg.Record]:
    conn = await _connect(dsn)
    try:
        return await conn.fetch(sql, *args)
    finally:
        await conn.close()


async def fetchval(dsn: str, sql: str, *args: Any) -> Any:
    conn = await _connect(dsn)
    try:
        return await conn.fetchval(sql, *args)
    finally:
        await conn.close()


async def patiently(query, *, timeout: float = 60.0):
    """Run `query()` until it does not raise (the server or a database may be coming back)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return await query()
        except (OSError, asyncpg.PostgresError, asyncio.TimeoutError, asyncpg.InterfaceError):
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.2)
