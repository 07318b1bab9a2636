"""A command service's own read models (fast lookups), fed from its own event store in position order.

The write path appends events only; these tables follow a moment later, through the same projector and
ledger as the projection service, so they are exactly-once in effect and can be rebuilt from the store.
A read that must see the caller's own write calls `catch_up()` first.
"""

from __future__ import annotations

import asyncio
from contextlib import suppress

import structlog
from sqlalchemy import text

from kernel.eventstore.sequencer import assign_positions
from kernel.eventstore.store import EventStore
from kernel.projection.projector import Projector
from kernel.projection.received import from_envelope

log = structlog.get_logger()

_CURSOR = text("SELECT position FROM projection_source_cursors WHERE source = :source")
_INIT = text("INSERT INTO projection_source_cursors (source, position) VALUES (:source, 0) ON CONFLICT DO NOTHING")
_SAVE = text("UPDATE projection_source_cursors SET position = :position, head = :position, updated_at = now() WHERE source = :source")


class StoreFollower:
    def __init__(self, projector: Projector, service: str, *, batch: int = 1000, poll_interval: float = 0.2) -> None:
        self.projector = projector
        self.service = service
        self.batch = batch
        self.poll_interval = poll_interval
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None
        self._lock = asyncio.Lock()

    def wake(self) -> None:
        self._wake.set()

    async def start(self) -> None:
        async with self.projector.engine.begin() as conn:
            await conn.execute(_INIT, {"source": self.service})
        self._task = asyncio.create_task(self._run(), name=f"follower:{self.service}")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task

    @property
    def alive(self) -> bool:
        return self._task is not None and not self._task.done()

    async def _run(self) -> None:
        while True:
            try:
                moved = await self.catch_up()
            except Exception:
                log.exception("local read models could not catch up", service=self.service)
                moved = 0
            if not moved:
                self._wake.clear()
                with suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=self.poll_interval)

    async def catch_up(self) -> int:
        """Apply everything recorded so far; returns how many events were read."""
        engine = self.projector.engine
        total = 0
        async with self._lock:
            await assign_positions(engine, wait=True)  # read-your-writes for the endpoints that catch up
            while True:
                async with engine.connect() as conn:
                    cursor = (await conn.execute(_CURSOR, {"source": self.service})).scalar_one()
                    stored = await EventStore.read_after(conn, cursor, self.batch)
                if not stored:
                    return total
                await self.projector.apply([from_envelope(e.envelope(self.service)) for e in stored], path="store")
                async with engine.begin() as conn:
                    await conn.execute(_SAVE, {"source": self.service, "position": stored[-1].position})
                total += len(stored)
