"""Append to and read from one service's event store (PostgreSQL, SQLAlchemy Core over asyncpg)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Sequence

from sqlalchemy import bindparam, func, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from kernel.eventstore.tables import events, streams
from kernel.events import DomainEvent, StoredEvent


class StreamConflict(Exception):
    """The stream is not at the version the decision was made on: another write got there first."""

    def __init__(self, stream_id: str, expected: int) -> None:
        super().__init__(f"stream {stream_id} is no longer at version {expected}")
        self.stream_id = stream_id
        self.expected = expected


@dataclass
class PendingAppend:
    stream_id: str
    stream_type: str
    expected_version: int
    events: list[DomainEvent] = field(default_factory=list)


def _row_to_stored(row: Any) -> StoredEvent:
    return StoredEvent(
        position=row.position,
        event_id=row.event_id,
        stream_id=row.stream_id,
        stream_type=row.stream_type,
        version=row.version,
        type=row.type,
        data=row.data,
        metadata=row.metadata,
        recorded_at=row.recorded_at,
    )


_COLUMNS = (
    events.c.position,
    events.c.event_id,
    events.c.stream_id,
    events.c.stream_type,
    events.c.version,
    events.c.type,
    events.c.data,
    events.c.metadata,
    events.c.recorded_at,
)

_GUARD = text("SELECT stream_id, version FROM streams WHERE stream_id = ANY(:ids) FOR SHARE")


class EventStore:
    """Stateless operations on the store; the caller owns the connection and the transaction."""

    @staticmethod
    async def load(conn: AsyncConnection, stream_id: str) -> list[StoredEvent]:
        rows = await conn.execute(
            select(*_COLUMNS).where(events.c.stream_id == stream_id).order_by(events.c.version)
        )
        return [_row_to_stored(r) for r in rows]

    @staticmethod
    async def load_many(conn: AsyncConnection, stream_ids: Sequence[str]) -> dict[str, list[StoredEvent]]:
        """Several streams' events in one query, by stream."""
        if not stream_ids:
            return {}
        rows = await conn.execute(
            select(*_COLUMNS).where(events.c.stream_id.in_(list(stream_ids))).order_by(events.c.stream_id, events.c.version)
        )
        loaded: dict[str, list[StoredEvent]] = {}
        for row in rows:
            loaded.setdefault(row.stream_id, []).append(_row_to_stored(row))
        return loaded

    @staticmethod
    async def stream_ids(conn: AsyncConnection, stream_type: str, *, limit: int, after: str = "") -> list[str]:
        rows = await conn.execute(
            select(streams.c.stream_id)
            .where(streams.c.stream_type == stream_type, streams.c.stream_id > after)
            .order_by(streams.c.stream_id)
            .limit(limit)
        )
        return [r.stream_id for r in rows]

    @staticmethod
    async def check_guards(conn: AsyncConnection, guards: dict[str, int]) -> None:
        """Each stream read for a decision must still be at the version read (share-locked until commit)."""
        if not guards:
            return
        rows = await conn.execute(_GUARD, {"ids": list(guards)})
        current = {r.stream_id: r.version for r in rows}
        for stream_id, expected in guards.items():
            if current.get(stream_id, 0) != expected:
                raise StreamConflict(stream_id, expected)

    @staticmethod
    async def append(
        conn: AsyncConnection, appends: Sequence[PendingAppend], metadata: dict[str, Any]
    ) -> dict[str, int]:
        """Append each stream's events with an optimistic check; returns each stream's new version."""
        new_versions: dict[str, int] = {}
        rows: list[dict[str, Any]] = []
        for pending in appends:
            if not pending.events:
                continue
            new_version = pending.expected_version + len(pending.events)
            if pending.expected_version == 0:
                created = await conn.execute(
                    pg_insert(streams)
                    .values(stream_id=pending.stream_id, stream_type=pending.stream_type, version=new_version)
                    .on_conflict_do_nothing(index_elements=[streams.c.stream_id])
                    .returning(streams.c.stream_id)
                )
                if created.first() is None:
                    raise StreamConflict(pending.stream_id, 0)
            else:
                moved = await conn.execute(
                    update(streams)
                    .where(streams.c.stream_id == pending.stream_id, streams.c.version == pending.expected_version)
                    .values(version=new_version, updated_at=func.now())
                )
                if moved.rowcount != 1:
                    raise StreamConflict(pending.stream_id, pending.expected_version)
            for offset, event in enumerate(pending.events, start=1):
                rows.append(
                    {
                        "event_id": uuid.uuid4(),
                        "stream_id": pending.stream_id,
                        "stream_type": pending.stream_type,
                        "version": pending.expected_version + offset,
                        "type": event.event_type,
                        "data": event.data(),
                        "metadata": metadata,
                    }
                )
            new_versions[pending.stream_id] = new_version
        if rows:
            await conn.execute(insert(events), rows)
        return new_versions

    @staticmethod
    async def read_after(conn: AsyncConnection, after: int, limit: int) -> list[StoredEvent]:
        """Positioned events after `after`, in position order. Positions are dense, so nothing is skipped."""
        rows = await conn.execute(
            select(*_COLUMNS)
            .where(events.c.position > bindparam("after"))
            .order_by(events.c.position)
            .limit(bindparam("limit")),
            {"after": after, "limit": limit},
        )
        return [_row_to_stored(r) for r in rows]

    @staticmethod
    async def head(conn: AsyncConnection) -> int:
        return (await conn.execute(text("SELECT last_position FROM event_sequence WHERE id = 1"))).scalar_one()
