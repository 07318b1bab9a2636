"""The completeness path: each source's HTTP feed, read in order from the last position known complete.

Positions are dense, so "every position up to N is applied" is exact. On start and every few seconds, the
cursor first moves over what Kafka already applied; whatever is still missing (a lost broker, an expired
retention, a deferred out-of-order event) is fetched from the feed and applied, a page per transaction, the next
page read while one is applied.
"""

from __future__ import annotations

import asyncio
import time
from contextlib import suppress
from typing import Callable

import httpx
import structlog
from sqlalchemy import text

from kernel.observability import PROJECTION_LAG_EVENTS, PROJECTION_LAG_SECONDS
from kernel.projection.projector import Projector
from kernel.projection.received import from_envelope

log = structlog.get_logger()

_CURSOR = text("SELECT position FROM projection_source_cursors WHERE source = :source")
_INIT = text("INSERT INTO projection_source_cursors (source, position) VALUES (:source, 0) ON CONFLICT DO NOTHING")
_SAVE = text(
    "UPDATE projection_source_cursors SET position = GREATEST(position, :position), head = :head, updated_at = now() "
    "WHERE source = :source"
)
_APPLIED_AFTER = text(
    "SELECT position FROM projection_applied_events WHERE source = :source AND position > :after "
    "ORDER BY position LIMIT :limit"
)
PAGE = 1000


async def _discard(task: asyncio.Task | None) -> None:
    if task is not None:
        task.cancel()
        with suppress(asyncio.CancelledError, Exception):
            await task


class FeedReconciler:
    def __init__(
        self,
        projector: Projector,
        feeds: dict[str, str],
        token: Callable[[], str],
        *,
        interval: float = 3.0,
        fast_path_working: Callable[[], bool] = lambda: True,
        degraded_interval: float = 0.25,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self.projector = projector
        self.feeds = feeds
        self.token = token
        self.interval = interval
        self.fast_path_working = fast_path_working
        self.degraded_interval = degraded_interval
        self._client = client
        self._task: asyncio.Task | None = None
        self._kick = asyncio.Event()
        self.status: dict[str, dict] = {s: {"position": 0, "head": None, "error": "not reconciled yet"} for s in feeds}
        self.last_complete_pass: float | None = None

    async def start(self) -> None:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=httpx.Timeout(10.0))
        async with self.projector.engine.begin() as conn:
            for source in self.feeds:
                await conn.execute(_INIT, {"source": source})
        self._task = asyncio.create_task(self._run(), name="projection:reconciler")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task
        if self._client is not None:
            await self._client.aclose()

    @property
    def alive(self) -> bool:
        return self._task is not None and not self._task.done()

    def kick(self) -> None:
        self._kick.set()

    async def _run(self) -> None:
        while True:
            await self.reconcile_all()
            self._kick.clear()
            # while Kafka is not delivering (starting up, or the broker is away) the feeds are the fast path
            interval = self.interval if self.fast_path_working() else self.degraded_interval
            with suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._kick.wait(), timeout=interval)

    async def reconcile_all(self) -> None:
        ok = True
        for source in self.feeds:
            try:
                await self.reconcile(source)
                self.status[source]["error"] = None
            except Exception as exc:
                ok = False
                self.status[source]["error"] = f"{type(exc).__name__}: {exc}"[:300]
                log.warning("feed reconciliation failed", source=source, error=self.status[source]["error"])
        if ok:
            self.last_complete_pass = time.time()

    async def reconcile(self, source: str) -> int:
        """Bring `source` up to its feed's head; returns the position now known complete."""
        engine = self.projector.engine
        async with engine.connect() as conn:
            cursor = (await conn.execute(_CURSOR, {"source": source})).scalar_one()
            cursor = await self._skip_applied(conn, source, cursor)
        head = cursor
        page = await self._fetch(source, cursor)
        while True:
            head = page["head"]
            events = [from_envelope(e) for e in page["events"]]
            # the next page is read while this one is applied
            ahead = asyncio.create_task(self._fetch(source, events[-1].position)) if events and events[-1].position < head else None
            try:
                if events:
                    await self.projector.apply(events, path="feed")
                    async with engine.connect() as conn:
                        cursor = await self._skip_applied(conn, source, cursor)
                self._record(source, cursor, head, events)
            except BaseException:
                await _discard(ahead)
                raise
            if not events or cursor >= head or cursor < events[-1].position:
                # done; or something in the page could not be applied (it is logged): try again next pass
                await _discard(ahead)
                break
            if ahead is not None and cursor == events[-1].position:
                page = await ahead
            else:  # Kafka applied past this page meanwhile: read on from there
                await _discard(ahead)
                page = await self._fetch(source, cursor)
        async with engine.begin() as conn:
            await conn.execute(_SAVE, {"source": source, "position": cursor, "head": head})
        return cursor

    @staticmethod
    async def _skip_applied(conn, source: str, cursor: int) -> int:
        while True:
            rows = (await conn.execute(_APPLIED_AFTER, {"source": source, "after": cursor, "limit": 10_000})).scalars().all()
            for position in rows:
                if position != cursor + 1:
                    return cursor
                cursor = position
            if len(rows) < 10_000:
                return cursor

    async def _fetch(self, source: str, after: int) -> dict:
        assert self._client is not None
        response = await self._client.get(
            f"{self.feeds[source].rstrip('/')}/v1/events",
            params={"after": after, "limit": PAGE},
            headers={"Authorization": f"Bearer {self.token()}"},
        )
        response.raise_for_status()
        return response.json()

    def _record(self, source: str, cursor: int, head: int, events) -> None:
        self.status[source].update(position=cursor, head=head)
        lag = max(head - cursor, 0)
        PROJECTION_LAG_EVENTS.labels(source).set(lag)
        missing = [e for e in events if e.position > cursor]
        PROJECTION_LAG_SECONDS.labels(source).set(
            max(time.time() - missing[0].recorded_at.timestamp(), 0.0) if lag and missing else 0.0
        )
