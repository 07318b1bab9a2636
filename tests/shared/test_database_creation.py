"""Replicas starting together on a new server each ask for their database: every one of them starts."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from kernel.db import ensure_database, make_engine


async def test_many_concurrent_creators_of_one_database_all_succeed(new_database):
    url = new_database("created_together")
    results = await asyncio.gather(*(ensure_database(url) for _ in range(12)), return_exceptions=True)
    assert [r for r in results if isinstance(r, BaseException)] == []
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            assert (await conn.execute(text("SELECT current_database()"))).scalar_one().endswith("created_together")
    finally:
        await engine.dispose()
