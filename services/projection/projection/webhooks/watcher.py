"""Notices what subscribers asked for and stores it as notifications (the outbox) in the same transaction.

A pass, in one transaction: for the types some subscription asks for (`event_types`), find what is new (see
`notices`): the current year's status, and outlook, of every (target, area) some subscription watches, compared
with the last stored; the period steps, restatements and missing items not noticed yet. Each is stored (a
status in `statuses`, anything else in `notices` by its key) and one notification inserted per subscription whose
types and filter select it. A pass holds a transaction-level advisory lock, so replicas never run two at once; a
notice is moreover inserted only if its key is not stored yet (`INSERT ... ON CONFLICT DO NOTHING`, a changed
outlook only by the update that changes it), so even two passes at once store, and notify, each once.

The first status (or outlook) stored for a (year, target, area) is a baseline: it notifies nobody, since
nothing was seen before it to change from (a new year, or a newly watched area, starts quietly). A new
subscription's pass runs before it is stored: what is already there (a period's steps, today's missing items)
becomes the baseline it is compared with, and only what comes after is notified to it. Statuses and outlooks
are sampled, not replayed: a change that is undone before the next pass is not notified.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

import orjson
import structlog
from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from kernel.domain.dates import today
from kernel.domain.regions import PROVINCE
from projection.attainment.calculators import CALCULATORS
from projection.attainment.period import Period, resolve
from projection.attainment.schemas import TargetAttainment
from projection.quality.outlook_reads import outlook as target_outlook
from projection.settings import ProjectionSettings
from projection.webhooks import notices as found, watched
from projection.webhooks.event_types import (
    OUTLOOK_CHANGED, PERIOD_RESTATED, QUALITY_MISSING, STATUS_CHANGED, Notice, Selection,
)
from projection.webhooks.tables import notices, notifications, statuses, subscriptions

log = structlog.get_logger()

EVENT_TYPE = STATUS_CHANGED
PASS_LOCK = 7_301_20  # advisory lock id: one status pass at a time, across replicas
# the completeness settings a pass uses when it is given none: the settings' own defaults, declared once there
DEFAULTS = ProjectionSettings.model_construct()


def _status(summary: TargetAttainment) -> str | None:
    return None if summary.status is None else str(summary.status)


def envelope(event_type: str, occurred_at: datetime, data: dict[str, Any]) -> str:
    """The body of a notification: the same bytes on every attempt."""
    return orjson.dumps({"type": event_type, "timestamp": occurred_at.isoformat(), "data": data}).decode()


def payload(summary: TargetAttainment, area: str, period: Period, previous: str, occurred_at: datetime) -> str:
    """The body of a status change."""
    return envelope(EVENT_TYPE, occurred_at, status_data(summary, area, period, previous, occurred_at))


def status_data(summary: TargetAttainment, area: str, period: Period, previous: str, occurred_at: datetime) -> dict[str, Any]:
    return {
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
        "occurred_at": occurred_at.isoformat(),
    }


async def _changed_statuses(conn: AsyncConnection, wanted: set[watched.Pair], summaries: dict, period: Period,
                            occurred_at: datetime) -> list[Notice]:
    stored = {
        (r.target, r.region): r.status
        for r in await conn.execute(select(statuses).where(statuses.c.year == period.year))
    }
    out = []
    for target, area in watched.ordered(wanted):
        summary = summaries[(target, area)]
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
        out.append(Notice(type=EVENT_TYPE, key=f"{period.year}/{target}/{area}", year=period.year, region=area,
                          data=status_data(summary, area, period, previous, occurred_at), target=target,
                          subject=f"{target} {area}", previous_status=previous, status=current))
    return out


async def _changed_outlooks(conn: AsyncConnection, wanted: set[watched.Pair], summaries: dict, period: Period,
                            occurred_at: datetime) -> list[Notice]:
    out = []
    for target, area in watched.ordered(wanted):
        summary = summaries[(target, area)]
        notice = found.outlook_notice(summary, area, period, await target_outlook(
            conn, summary, period, None if area == PROVINCE else area), occurred_at)
        if notice is None:
            continue
        previous = await change(conn, notice, occurred_at)
        if previous is not None:
            notice.data["previous_likely_status"] = previous
            out.append(Notice(**{**notice.__dict__, "previous_status": previous}))
    return out


async def change(conn: AsyncConnection, notice: Notice, occurred_at: datetime) -> str | None:
    """Stores a change notice's value: the value it replaced, or None for a baseline or an unchanged value. The row
    is locked first, so that of two passes at once only one sees (and notifies) the change."""
    inserted = (await conn.execute(
        pg_insert(notices).values(type=notice.type, key=notice.key, value=notice.value, year=notice.year,
                                  region=notice.region, seen_at=occurred_at)
        .on_conflict_do_nothing(index_elements=["type", "key"]).returning(notices.c.key)
    )).first()
    if inserted is not None:
        return None  # the baseline
    stored = (await conn.execute(
        select(notices.c.value).where(notices.c.type == notice.type, notices.c.key == notice.key).with_for_update()
    )).scalar()
    if stored == notice.value:
        return None
    await conn.execute(notices.update().where(notices.c.type == notice.type, notices.c.key == notice.key)
                       .values(value=notice.value, seen_at=occurred_at))
    return stored


async def first_seen(conn: AsyncConnection, found_now: list[Notice], occurred_at: datetime) -> list[Notice]:
    """Stores the notices whose key is not stored yet and answers those: a key another pass stores first (or has
    stored) is left out, each notice is stored once."""
    if not found_now:
        return []
    rows = [{"type": n.type, "key": n.key, "value": n.value, "year": n.year, "region": n.region, "seen_at": occurred_at}
            for n in found_now]
    stored = set()
    for start in range(0, len(rows), 500):
        result = await conn.execute(
            pg_insert(notices).values(rows[start:start + 500]).on_conflict_do_nothing(index_elements=["type", "key"])
            .returning(notices.c.type, notices.c.key)
        )
        stored |= {(r.type, r.key) for r in result}
    return [n for n in found_now if (n.type, n.key) in stored]


def outbox(notices_: list[Notice], subscribers: list[tuple[Any, Selection]], occurred_at: datetime) -> list[dict[str, Any]]:
    """One notification per notice and subscription selecting it, in the notices' order (a microsecond apart, the
    order the sender delivers a subscription's notifications in)."""
    rows: list[dict[str, Any]] = []
    for notice in notices_:
        body = envelope(notice.type, occurred_at, notice.data)
        for subscriber, selection in subscribers:
            if selection.wants(notice):
                at = occurred_at + timedelta(microseconds=len(rows))
                rows.append({
                    "id": uuid.uuid4(), "subscription_id": subscriber.id, "type": notice.type, "year": notice.year,
                    "target": notice.target, "region": notice.region, "previous_status": notice.previous_status,
                    "status": notice.status, "subject": notice.subject, "payload": body, "state": "pending",
                    "attempts": 0, "next_attempt_at": at, "created_at": at,
                })
    return rows


async def find(conn: AsyncConnection, selections: list[Selection], settings: Any, occurred_at: datetime,
               full: bool = True) -> list[Notice]:
    """Everything new of the types `selections` ask for, stored as seen (see the module's doc), in a pass's order:
    period steps, restatements, missing items, statuses, outlooks (restatements and missing items only when `full`)."""
    types = set().union(*(s.types for s in selections))
    period = resolve(today().year, None, None)
    out = await first_seen(conn, await found.period_steps(conn, types), occurred_at)
    if full and PERIOD_RESTATED in types:
        out += await first_seen(conn, await found.restatements(conn, occurred_at), occurred_at)
    if full and QUALITY_MISSING in types:
        out += await first_seen(conn, await found.missing(conn, period, settings or DEFAULTS), occurred_at)
    status_pairs = set().union(*(s.pairs(STATUS_CHANGED) for s in selections))
    outlook_pairs = set().union(*(s.pairs(OUTLOOK_CHANGED) for s in selections))
    summaries = {}
    for target, area in watched.ordered(status_pairs | outlook_pairs):
        summaries[(target, area)] = await CALCULATORS[target].summary(conn, period, None if area == PROVINCE else area)
    if status_pairs:
        out += await _changed_statuses(conn, status_pairs, summaries, period, occurred_at)
    if outlook_pairs:
        out += await _changed_outlooks(conn, outlook_pairs, summaries, period, occurred_at)
    return out


async def run_pass(conn: AsyncConnection, extra: Selection | set[watched.Pair] | None = None, *, wait: bool = False,
                   settings: Any = None, full: bool = True) -> int | None:
    """One pass in the caller's transaction: the notifications stored, or None when another pass holds the lock.

    `extra` is a new subscription's selection (computed before it is stored, so that what is there now is its
    baseline); `wait` blocks on the lock instead of giving up.
    """
    lock = "SELECT pg_advisory_xact_lock(:k)" if wait else "SELECT pg_try_advisory_xact_lock(:k)"
    got = (await conn.execute(text(lock), {"k": PASS_LOCK})).scalar()
    if not wait and not got:
        return None
    rows = (await conn.execute(
        select(subscriptions.c.id, subscriptions.c.targets, subscriptions.c.regions, subscriptions.c.event_types)
    )).all()
    subscribers = [(r, Selection.of(r.event_types, r.targets, r.regions)) for r in rows]
    selections = [s for _, s in subscribers]
    if isinstance(extra, set):  # pairs (the earlier form): their statuses
        selections.append(Selection.of(None, sorted({t for t, _ in extra}), sorted({a for _, a in extra})))
    elif extra is not None:
        selections.append(extra)
    if not selections:
        return 0
    occurred_at = datetime.now(timezone.utc)
    stored = outbox(await find(conn, selections, settings, occurred_at, full or extra is not None), subscribers, occurred_at)
    if stored:
        await conn.execute(notifications.insert(), stored)
        log.info("webhook notifications stored", count=len(stored))
    return len(stored)
