"""The background task that runs the webhook passes (`watcher.run_pass`), as often as they are needed.

The watcher task runs a pass when the projector applies events (in this process), when the ledger's last
positions or the projection's own event store move (events applied by another replica, a period step), and at
least once a minute regardless: a status can change with the date alone (a count falls below its pro-rata line,
a center-month comes within 7 days of its end, the year ends).

Restatements and missing items, the costly part of a pass, are looked at every `FULL_PASS_SECONDS` at most.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, Callable, Iterable

import structlog
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from projection.webhooks.watcher import run_pass

log = structlog.get_logger()

RECHECK_SECONDS = 60.0  # a pass at least this often, for changes the date alone makes
MIN_GAP_SECONDS = 0.5  # a burst of applied batches makes one pass, not one per batch
# restatements and missing items are computed over every approved period and the whole province (about half a
# second for a year of 200 approved periods): at most this often, a pass between them looking at statuses,
# outlooks and period steps only (a new subscription's baseline pass always computes everything)
FULL_PASS_SECONDS = 5.0

_LAST_POSITIONS = text(
    "SELECT s.source, (SELECT max(position) FROM projection_applied_events e WHERE e.source = s.source) AS position "
    "FROM unnest(CAST(:sources AS text[])) AS s(source) "
    "UNION ALL SELECT 'projection', (SELECT max(id) FROM events)"  # the periods' own store: a step
)


class StatusWatcher:
    """The background task that runs passes; `on_stored` is called when a pass stored notifications."""

    def __init__(
        self, engine: AsyncEngine, projector: Any, sources: Iterable[str], interval: float, on_stored: Callable[[], None],
        settings: Any = None,
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.projector = projector
        self.sources = sorted(set(sources))
        self.interval = interval
        self.on_stored = on_stored
        self.error: str | None = None
        self._task: asyncio.Task | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="webhook-status-watcher")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _positions(self) -> tuple:
        async with self.engine.connect() as conn:
            rows = await conn.execute(_LAST_POSITIONS, {"sources": self.sources})
            return tuple(rows.all())

    async def _run(self) -> None:
        seen: tuple | None = None
        last_pass = last_full = float("-inf")
        owed = False  # events arrived that only a full pass has looked at for restatements and missing items
        while True:
            generation = getattr(self.projector, "generation", None)
            try:
                positions = await self._positions()
                now = time.monotonic()
                full = now - last_full >= FULL_PASS_SECONDS
                if positions != seen or (owed and full) or now - last_pass >= RECHECK_SECONDS:
                    async with self.engine.begin() as conn:
                        stored = await run_pass(conn, settings=self.settings, full=full)
                    if stored is not None:  # else another replica ran one: look again next time
                        seen, last_pass = positions, now
                        last_full, owed = (now, False) if full else (last_full, True)
                    if stored:
                        self.on_stored()
                self.error = None
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database went away, a calculator failed: try again later
                self.error = repr(exc)
                log.exception("webhook status pass failed")
            await asyncio.sleep(MIN_GAP_SECONDS)
            if getattr(self.projector, "generation", None) == generation:
                await self._wait_for_events()

    async def _wait_for_events(self) -> None:
        """Until the projector applies a batch, or the interval passes."""
        changed = getattr(self.projector, "changed", None)
        if changed is None:
            await asyncio.sleep(self.interval)
            return
        async with changed:
            try:
                await asyncio.wait_for(changed.wait(), self.interval)
            except TimeoutError:
                pass
