"""Rebuilds every read model from nothing, from the services' feeds, while the live projection keeps serving.

How (a shadow schema, then a rename in one transaction):

1. A schema `projection_rebuild` is created in the projection's own database, and the projection's migrations
   (kernel ledger and read models) run into it, through connections whose `search_path` is that schema alone:
   the same tables, indexes and constraint names as the live ones in `public`.
2. A projector writing through such connections reads every source's feed from position 0 into the shadow
   tables (ledger and cursors included), a page per transaction (reading the next page meanwhile), without
   waiting for each commit to reach the disk, reporting progress page by page. The attainment summaries are
   kept as the pages are applied, as the live projector keeps them.
3. The swap, in one transaction on the live database: the live ledger is locked against writes (reads go on),
   the shadow catches up to the feeds' heads once more (so it holds at least every event the live tables hold),
   then every live table moves to a schema `projection_retired` and every shadow table moves to `public`. At
   commit both sets change places at once: a reader sees the old figures or the new ones, never a mix. The
   live projector's next statement resolves the table names again and writes into the new tables (its ledger
   rows decide, as always, whether an event is new). The retired tables are then dropped.

A deadlock with a reader, or a lock not obtained within `lock_timeout`, rolls the swap back and tries again.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import httpx
import orjson
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from kernel.db import migrate
from kernel.projection.projector import Projector, ReadModel
from kernel.projection.reconciler import FeedReconciler

SHADOW = "projection_rebuild"
RETIRED = "projection_retired"
KEEP = {"alembic_version"}  # the live schema's migration state stays where it is

Progress = Callable[[str, int, int], None]  # source, position applied, head


@dataclass
class RebuildResult:
    heads: dict[str, int] = field(default_factory=dict)
    applied: int = 0  # ledger rows of the new tables
    replaced: int = 0  # ledger rows the live tables held when they were retired
    tables: list[str] = field(default_factory=list)
    attempts: int = 0


class _ShadowReconciler(FeedReconciler):
    """The kernel's feed reconciler, run by hand and reporting each page."""

    def __init__(self, *args, on_page: Progress | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.on_page = on_page

    def _record(self, source: str, cursor: int, head: int, events) -> None:
        self.status[source].update(position=cursor, head=head)
        if self.on_page:
            self.on_page(source, cursor, head)


def shadow_engine(database_url: str) -> AsyncEngine:
    return create_async_engine(
        database_url, pool_size=4, max_overflow=4,
        connect_args={"server_settings": {"search_path": SHADOW}},
        json_serializer=lambda v: orjson.dumps(v).decode(), json_deserializer=orjson.loads,
    )


async def feed_heads(client: httpx.AsyncClient, feeds: dict[str, str], token: Callable[[], str]) -> dict[str, int]:
    heads = {}
    for source, url in feeds.items():
        response = await client.get(f"{url.rstrip('/')}/v1/events", params={"after": 0, "limit": 1},
                                    headers={"Authorization": f"Bearer {token()}"})
        response.raise_for_status()
        heads[source] = int(response.json()["head"])
    return heads


async def _catch_up(reconciler: _ShadowReconciler, passes: int = 20) -> None:
    for source in reconciler.feeds:
        for _ in range(passes):
            position = await reconciler.reconcile(source)
            head = reconciler.status[source]["head"]
            if head is not None and position >= head:
                break
        else:
            raise RuntimeError(f"{source}: could not apply its feed up to the head (position {position}, head {head})")


async def _swap(live: AsyncEngine, reconciler: _ShadowReconciler, lock_timeout: str) -> tuple[list[str], int]:
    async with live.begin() as conn:
        await conn.execute(text(f"SET LOCAL lock_timeout = '{lock_timeout}'"))
        await conn.execute(text("LOCK TABLE public.projection_applied_events IN EXCLUSIVE MODE"))
        await _catch_up(reconciler)
        replaced = (await conn.execute(text("SELECT count(*) FROM public.projection_applied_events"))).scalar_one()
        tables = (await conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = :s ORDER BY tablename"), {"s": SHADOW}
        )).scalars().all()
        tables = [t for t in tables if t not in KEEP]
        live_tables = set((await conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        )).scalars().all())
        await conn.execute(text(f'CREATE SCHEMA "{RETIRED}"'))
        for table in tables:
            if table in live_tables:
                await conn.execute(text(f'ALTER TABLE public."{table}" SET SCHEMA "{RETIRED}"'))
        for table in tables:
            await conn.execute(text(f'ALTER TABLE "{SHADOW}"."{table}" SET SCHEMA public'))
    return tables, replaced


async def rebuild(
    database_url: str,
    feeds: dict[str, str],
    token: Callable[[], str],
    version_locations: Sequence[Path],
    read_models: Callable[[], Sequence[ReadModel]],
    *,
    on_start: Callable[[dict[str, int]], None] | None = None,
    on_page: Progress | None = None,
    lock_timeout: str = "10s",
    swap_attempts: int = 5,
    client: httpx.AsyncClient | None = None,
) -> RebuildResult:
    result = RebuildResult()
    live = create_async_engine(database_url, pool_size=2, max_overflow=2)
    shadow = shadow_engine(database_url)
    own_client = client is None
    client = client or httpx.AsyncClient(timeout=httpx.Timeout(30.0))
    try:
        async with live.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA IF EXISTS "{SHADOW}" CASCADE'))
            await conn.execute(text(f'DROP SCHEMA IF EXISTS "{RETIRED}" CASCADE'))
            await conn.execute(text(f'CREATE SCHEMA "{SHADOW}"'))
        await migrate(shadow, list(version_locations))
        async with shadow.begin() as conn:
            for source in feeds:
                await conn.execute(text("INSERT INTO projection_source_cursors (source, position) VALUES (:s, 0)"), {"s": source})
        result.heads = await feed_heads(client, feeds, token)
        if on_start:
            on_start(result.heads)
        # the shadow tables can afford commits that do not wait for the disk: the swap's commit waits for all of it
        shadow_projector = Projector(shadow, read_models(), synchronous_commit=False)
        reconciler = _ShadowReconciler(shadow_projector, feeds, token, client=client, on_page=on_page)
        await _catch_up(reconciler)
        for attempt in range(1, swap_attempts + 1):
            result.attempts = attempt
            try:
                result.tables, result.replaced = await _swap(live, reconciler, lock_timeout)
                break
            except DBAPIError as exc:
                code = getattr(exc.orig, "sqlstate", None) or getattr(getattr(exc.orig, "__cause__", None), "sqlstate", None)
                if code not in ("40P01", "55P03") or attempt == swap_attempts:  # deadlock, lock not available
                    raise
                await asyncio.sleep(0.2 * attempt)
        async with live.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA IF EXISTS "{RETIRED}" CASCADE'))
            await conn.execute(text(f'DROP SCHEMA IF EXISTS "{SHADOW}" CASCADE'))
            result.applied = (await conn.execute(text("SELECT count(*) FROM public.projection_applied_events"))).scalar_one()
        return result
    finally:
        if own_client:
            await client.aclose()
        await shadow.dispose()
        await live.dispose()
