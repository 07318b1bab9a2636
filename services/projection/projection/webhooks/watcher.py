"""Notices status changes and stores them as notifications (the outbox) in the same transaction.

A pass, in one transaction: compute the current year's status of every (target, area) some subscription
watches, compare each with the last status stored, store the changed ones, and insert one notification per
matching subscription. A pass holds a transaction-level advisory lock, so replicas never run two at once and
a change is stored, and notified, once. The first status stored for a (year, target, area) is a baseline:
it notifies nobody, since nothing was seen before it to change from (so a new year, or a newly watched area,
starts quietly). Statuses are sampled, not replayed: a change that is undone before the next pass is not
notified.

The watcher task runs a pass when the projector applies events (in this process), when the ledger's last
positions move (events applied by another replica), and at least once a minute regardless: a status can
change with the date alone (a count falls below its pro-rata line, the year ends).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import datetime, timezone
from typing import Any, Callable, Iterable

import orjson
import structlog
from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from kernel.domain.dates import today
from kernel.domain.regions import PROVINCE
from projection.attainment.calculators import CALCULATORS
from projection.attainment.period import Period, resolve
from projection.attainment.schemas import TargetAttainment
from projection.webhooks import watched
from projection.webhooks.tables import notifications, statuses, subscriptions

log = structlog.get_logger()

EVENT_TYPE = "attainment.status_changed"
PASS_LOCK = 7_301_20  # advisory lock id: one status pass at a time, across replicas
RECHECK_SECONDS = 60.0  # a pass at least this often, for changes the date alone makes
MIN_GAP_SECONDS = 0.5  # a burst of applied batches makes one pass, not one per batch

_LAST_POSITIONS = text(
    "SELECT s.source, (SELECT max(position) FROM projection_applied_events e WHERE e.source = s.source) AS position "
    "FROM unnest(CAST(:sources AS text[])) AS s(source)"
)


def _status(summary: TargetAttainment) -> str | None:
    return None if summary.status is None else str(summary.status)


def payload(summary: TargetAttainment, area: str, period: Period, previous: str, occurred_at: datetime) -> str:
    """The body of a notification: the same bytes on every attempt."""
    moment = occurred_at.isoformat()
    return orjson.dumps({
        "type": EVENT_TYPE,
        "timestamp": moment,
        "data": {
            "target": summary.id,
            "measure": summary.measure,
            "title": summary.title.model_dump(),
            "region": area,
            "year": period.year,
            "as_of": period.as_of.isoformat(),
            "previous_status": previous,
            "status": _status(summary),
            "actual": summary.actual,
            "threshold": summary.threshold,
            "comparator": summary.comparator,
            "occurred_at": moment,
        },
    }).decode()


async def run_pass(conn: AsyncConnection, only: set[watched.Pair] | None = None, *, wait: bool = False) -> int | None:
    """One pass in the caller's transaction: the notifications stored, or None when another pass holds the lock.

    `only` limits the pass to those pairs (a new subscription's, computed before it is stored); `wait` blocks
    on the lock instead of giving up.
    """
    lock = "SELECT pg_advisory_xact_lock(:k)" if wait else "SELECT pg_try_advisory_xact_lock(:k)"
    got = (await conn.execute(text(lock), {"k": PASS_LOCK})).scalar()
    if not wait and not got:
        return None
    subscribers = (await conn.execute(select(subscriptions.c.id, subscriptions.c.targets, subscriptions.c.regions))).all()
    wanted = only if only is not None else watched.union((s.targets, s.regions) for s in subscribers)
    if not wanted:
        return 0
    period = resolve(today().year, None, None)
    stored = {
        (r.target, r.region): r.status
        for r in await conn.execute(select(statuses).where(statuses.c.year == period.year))
    }
    occurred_at = datetime.now(timezone.utc)
    outbox: list[dict[str, Any]] = []
    for target, area in watched.ordered(wanted):
        summary = await CALCULATORS[target].summary(conn, period, None if area == PROVINCE else area)
        current, previous = _status(summary), stored.get((target, area))
        if current is None or current == previous:
            continue
        await conn.execute(
            pg_insert(statuses)
            .values(year=period.year, target=target, region=area, status=current, changed_at=occurred_at)
            .on_conflict_do_update(index_elements=["year", "target", "region"], set_={"status": current, "changed_at": occurred_at})
        )
        if previous is None:
            continue  # the baseline
        body = payload(summary, area, period, previous, occurred_at)
        for subscriber in subscribers:
            if (target, area) in watched.pairs(subscriber.targets, subscriber.regions):
                outbox.append({
                    "id": uuid.uuid4(), "subscription_id": subscriber.id, "type": EVENT_TYPE, "year": period.year,
                    "target": target, "region": area, "previous_status": previous, "status": current, "payload": body,
                    "state": "pending", "attempts": 0, "next_attempt_at": occurred_at, "created_at": occurred_at,
                })
    if outbox:
        await conn.execute(notifications.insert(), outbox)
        log.info("webhook notifications stored", count=len(outbox))
    return len(outbox)


class StatusWatcher:
    """The background task that runs passes; `on_stored` is called when a pass stored notifications."""

    def __init__(
        self, engine: AsyncEngine, projector: Any, sources: Iterable[str], interval: float, on_stored: Callable[[], None]
    ) -> None:
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
        last_pass = float("-inf")
        while True:
            generation = getattr(self.projector, "generation", None)
            try:
                positions = await self._positions()
                if positions != seen or time.monotonic() - last_pass >= RECHECK_SECONDS:
                    async with self.engine.begin() as conn:
                        stored = await run_pass(conn)
                    if stored is not None:  # else another replica ran one: look again next time
                        seen, last_pass = positions, time.monotonic()
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
