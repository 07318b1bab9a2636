"""Applies received events to read models, each exactly once in effect.

In one transaction per batch: events are ordered by position within each source; an event is applied only
when it is the next version of its stream (a duplicate is ignored; an event whose predecessor has not arrived
is left for the reconciler, which reads the source's feed in order); the ledger row is inserted first and the
read models change only for rows this transaction inserted, so two appliers racing on the same event cannot
both count it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Protocol, Sequence

from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from kernel.observability import PROJECTION_APPLIED, PROJECTION_DUPLICATES
from kernel.projection.received import ReceivedEvent
from kernel.projection.tables import applied_events

_LAST_VERSIONS = text(
    """
    SELECT source, stream_id, max(version) AS version FROM projection_applied_events
    WHERE source = ANY(:sources) AND stream_id = ANY(:streams) GROUP BY source, stream_id
    """
)
_CHUNK = 1000


class ReadModel(Protocol):
    """One read model: the event types it reads, and how a batch of them (in order) changes its tables."""

    name: str
    event_types: frozenset[str]

    async def apply(self, conn: AsyncConnection, events: Sequence[ReceivedEvent]) -> None: ...

    async def clear(self, conn: AsyncConnection) -> None: ...


@dataclass
class ApplyResult:
    applied: list[ReceivedEvent] = field(default_factory=list)
    duplicates: int = 0
    deferred: list[ReceivedEvent] = field(default_factory=list)


class Projector:
    def __init__(self, engine: AsyncEngine, read_models: Sequence[ReadModel]) -> None:
        self.engine = engine
        self.read_models = list(read_models)
        self._lock = asyncio.Lock()
        self.changed = asyncio.Condition()
        self.generation = 0  # counts committed batches, so readers can wait for "something new"

    async def apply(self, events: Sequence[ReceivedEvent], path: str) -> ApplyResult:
        if not events:
            return ApplyResult()
        async with self._lock:
            async with self.engine.begin() as conn:
                result = await self._apply_in(conn, events)
        for source in {e.source for e in result.applied}:
            PROJECTION_APPLIED.labels(source, path).inc(sum(1 for e in result.applied if e.source == source))
        for source in {e.source for e in events}:
            dup = sum(1 for e in events if e.source == source) - sum(1 for e in result.applied if e.source == source)
            if dup:
                PROJECTION_DUPLICATES.labels(source).inc(dup)
        if result.applied:
            async with self.changed:
                self.generation += 1
                self.changed.notify_all()
        return result

    async def _apply_in(self, conn: AsyncConnection, events: Sequence[ReceivedEvent]) -> ApplyResult:
        ordered = sorted({(e.source, e.stream_id, e.version): e for e in events}.values(), key=lambda e: (e.source, e.position))
        rows = await conn.execute(
            _LAST_VERSIONS,
            {"sources": sorted({e.source for e in ordered}), "streams": sorted({e.stream_id for e in ordered})},
        )
        last = {(r.source, r.stream_id): r.version for r in rows}
        result = ApplyResult()
        candidates: list[ReceivedEvent] = []
        for event in ordered:
            current = last.get((event.source, event.stream_id), 0)
            if event.version <= current:
                result.duplicates += 1
            elif event.version == current + 1:
                candidates.append(event)
                last[(event.source, event.stream_id)] = event.version
            else:
                result.deferred.append(event)
        ours: set[tuple[str, str, int]] = set()
        for start in range(0, len(candidates), _CHUNK):
            chunk = candidates[start : start + _CHUNK]
            inserted = await conn.execute(
                pg_insert(applied_events)
                .values(
                    [
                        {"source": e.source, "stream_id": e.stream_id, "version": e.version, "position": e.position,
                         "event_id": e.event_id, "type": e.type, "recorded_at": e.recorded_at}
                        for e in chunk
                    ]
                )
                .on_conflict_do_nothing()
                .returning(applied_events.c.source, applied_events.c.stream_id, applied_events.c.version)
            )
            ours.update((r.source, r.stream_id, r.version) for r in inserted)
        result.applied = [e for e in candidates if (e.source, e.stream_id, e.version) in ours]
        result.duplicates += len(candidates) - len(result.applied)
        for model in self.read_models:
            relevant = [e for e in result.applied if e.type in model.event_types]
            if relevant:
                await model.apply(conn, relevant)
        return result
