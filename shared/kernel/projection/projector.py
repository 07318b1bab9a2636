"""Applies received events to read models, each exactly once in effect, a batch per transaction.

In one transaction per batch (a Kafka poll, a feed page, a page of a service's own store):

1. the ledger table is locked against other appliers (`SHARE ROW EXCLUSIVE`: readers go on, a second projector
   on the same database waits), so the read models are only ever changed by one transaction at a time and
   a read model may read, compute and write (as the attainment summaries do) without a race;
2. events are ordered by position within each source, and an event is applied only when it is the next
   version of its stream (a duplicate is skipped; an event whose predecessor has not arrived is left for the
   reconciler, which reads the source's feed in order);
3. the ledger rows of the batch are inserted by one statement (`ON CONFLICT DO NOTHING`), and the read models
   change only for the rows this statement inserted, so even two appliers that got past the lock could not
   both count an event;
4. each read model receives the applied events it reads, in order, through its `apply_batch` hook (one
   multi-row write per table), or, when it has none, one event at a time through `apply`.

Rolled back together: a failure anywhere leaves neither ledger rows nor read-model changes behind.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Protocol, Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from kernel.observability import PROJECTION_APPLIED, PROJECTION_DUPLICATES
from kernel.projection.received import ReceivedEvent

# readers (the reconciler, the API) are not blocked; another applier, or the rebuild's swap, is
_LOCK = text("LOCK TABLE projection_applied_events IN SHARE ROW EXCLUSIVE MODE")
# the last applied version of each stream of the batch that has one: one index probe per stream
_LAST_VERSIONS = text(
    """
    SELECT s.source, s.stream_id, a.version
    FROM unnest(CAST(:sources AS text[]), CAST(:streams AS text[])) AS s(source, stream_id)
    CROSS JOIN LATERAL (
        SELECT version FROM projection_applied_events AS l
        WHERE l.source = s.source AND l.stream_id = s.stream_id ORDER BY l.version DESC LIMIT 1
    ) AS a
    """
)
_RECORD = text(
    """
    INSERT INTO projection_applied_events (source, stream_id, version, position, event_id, type, recorded_at)
    SELECT * FROM unnest(CAST(:sources AS text[]), CAST(:streams AS text[]), CAST(:versions AS integer[]),
                         CAST(:positions AS bigint[]), CAST(:ids AS uuid[]), CAST(:types AS text[]),
                         CAST(:recorded AS timestamptz[]))
    ON CONFLICT DO NOTHING
    """
)
# after a conflict (which the lock leaves to anomalies, such as two streams claiming one position): which of the
# candidates' rows are this transaction's own
_OURS = text(
    """
    SELECT a.source, a.stream_id, a.version FROM projection_applied_events AS a
    JOIN unnest(CAST(:sources AS text[]), CAST(:streams AS text[]), CAST(:versions AS integer[]), CAST(:ids AS uuid[]))
         AS c(source, stream_id, version, event_id)
      ON a.source = c.source AND a.stream_id = c.stream_id AND a.version = c.version AND a.event_id = c.event_id
    """
)


class ReadModel(Protocol):
    """One read model: the event types it reads, and how they change its tables.

    `apply_batch(conn, events)`, when a read model has it, receives every applied event of the batch that it
    reads, in order, and should write each table once (a multi-row statement); a read model without it is
    given the same events one at a time, as `apply(conn, [event])`.
    """

    name: str
    event_types: frozenset[str]

    async def apply(self, conn: AsyncConnection, events: Sequence[ReceivedEvent]) -> None: ...

    async def clear(self, conn: AsyncConnection) -> None: ...


@dataclass
class ApplyResult:
    applied: list[ReceivedEvent] = field(default_factory=list)
    duplicates: int = 0
    deferred: list[ReceivedEvent] = field(default_factory=list)


async def apply_to(model: ReadModel, conn: AsyncConnection, events: Sequence[ReceivedEvent]) -> None:
    """The batch to a read model: through its `apply_batch` hook, else event by event."""
    batch = getattr(model, "apply_batch", None)
    if batch is not None:
        await batch(conn, events)
        return
    for event in events:
        await model.apply(conn, [event])


_NO_FLUSH_WAIT = text("SET LOCAL synchronous_commit = off")


class Projector:
    """`synchronous_commit=False` lets a commit return before its WAL is on disk (PostgreSQL writes it a moment
    later, in order). A crash may then lose the last batches, each whole, ledger rows included: what a rebuild's
    shadow tables can afford (they are swapped in by a synchronous commit, which makes everything before it
    durable); the live projector keeps the default."""

    def __init__(self, engine: AsyncEngine, read_models: Sequence[ReadModel], *, synchronous_commit: bool = True) -> None:
        self.engine = engine
        self.read_models = list(read_models)
        self.synchronous_commit = synchronous_commit
        self._lock = asyncio.Lock()
        self.changed = asyncio.Condition()
        self.generation = 0  # counts committed batches, so readers can wait for "something new"
        self.applying_since: float | None = None  # when the batch being applied began (readiness sees a stall)

    async def apply(self, events: Sequence[ReceivedEvent], path: str) -> ApplyResult:
        if not events:
            return ApplyResult()
        async with self._lock:
            self.applying_since = time.monotonic()
            try:
                async with self.engine.begin() as conn:
                    result = await self._apply_in(conn, events)
            finally:
                self.applying_since = None
        applied: dict[str, int] = {}
        offered: dict[str, int] = {}
        for e in result.applied:
            applied[e.source] = applied.get(e.source, 0) + 1
        for e in events:
            offered[e.source] = offered.get(e.source, 0) + 1
        for source, n in applied.items():
            PROJECTION_APPLIED.labels(source, path).inc(n)
        for source, n in offered.items():
            if n - applied.get(source, 0):
                PROJECTION_DUPLICATES.labels(source).inc(n - applied.get(source, 0))
        if result.applied:
            async with self.changed:
                self.generation += 1
                self.changed.notify_all()
        return result

    async def _apply_in(self, conn: AsyncConnection, events: Sequence[ReceivedEvent]) -> ApplyResult:
        await conn.execute(_LOCK)
        if not self.synchronous_commit:
            await conn.execute(_NO_FLUSH_WAIT)
        # one event per (source, stream, version), in position order within each source
        ordered = sorted({(e.source, e.stream_id, e.version): e for e in events}.values(), key=lambda e: (e.source, e.position))
        streams = sorted({(e.source, e.stream_id) for e in ordered})
        rows = await conn.execute(
            _LAST_VERSIONS, {"sources": [s for s, _ in streams], "streams": [s for _, s in streams]}
        )
        last = {(r.source, r.stream_id): r.version for r in rows}
        result = ApplyResult()
        candidates: list[ReceivedEvent] = []
        for event in ordered:
            key = (event.source, event.stream_id)
            current = last.get(key, 0)
            if event.version <= current:
                result.duplicates += 1
            elif event.version == current + 1:
                candidates.append(event)
                last[key] = event.version
            else:
                result.deferred.append(event)
        if not candidates:
            return result
        keys = {
            "sources": [e.source for e in candidates], "streams": [e.stream_id for e in candidates],
            "versions": [e.version for e in candidates], "ids": [e.event_id for e in candidates],
        }
        inserted = await conn.execute(_RECORD, {
            **keys, "positions": [e.position for e in candidates], "types": [e.type for e in candidates],
            "recorded": [e.recorded_at for e in candidates],
        })
        if inserted.rowcount == len(candidates):
            result.applied = candidates
        else:
            # the streams' last versions were read under the lock, so no row of these (stream, version)s
            # existed: the rows carrying these event ids are the ones this statement inserted
            ours = {(r.source, r.stream_id, r.version) for r in await conn.execute(_OURS, keys)}
            result.applied = [e for e in candidates if (e.source, e.stream_id, e.version) in ours]
            result.duplicates += len(candidates) - len(result.applied)
        for model in self.read_models:
            types = model.event_types
            relevant = [e for e in result.applied if e.type in types]
            if relevant:
                await apply_to(model, conn, relevant)
        return result
