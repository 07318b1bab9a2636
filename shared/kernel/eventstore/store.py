"""Append to and read from one service's event store (PostgreSQL, SQLAlchemy Core over asyncpg)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Sequence

import orjson

from sqlalchemy import bindparam, select, text
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

_CREATE_STREAMS = text(
    "INSERT INTO streams (stream_id, stream_type, version) "
    "SELECT * FROM unnest(CAST(:ids AS text[]), CAST(:types AS text[]), CAST(:versions AS int[])) "
    "ON CONFLICT (stream_id) DO NOTHING RETURNING stream_id"
)
_MOVE_STREAMS = text(
    "UPDATE streams s SET version = m.version, updated_at = now() "
    "FROM unnest(CAST(:ids AS text[]), CAST(:expected AS int[]), CAST(:versions AS int[])) AS m(stream_id, expected, version) "
    "WHERE s.stream_id = m.stream_id AND s.version = m.expected RETURNING s.stream_id"
)
_INSERT_EVENTS = text(
    "INSERT INTO events (event_id, stream_id, stream_type, version, type, data, metadata) "
    "SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:streams AS text[]), CAST(:types AS text[]), "
    "CAST(:versions AS int[]), CAST(:kinds AS text[]), CAST(:data AS jsonb[]), CAST(:metadata AS jsonb[]))"
)

_GUARD = text("SELECT stream_id, version FROM streams WHERE stream_id = ANY(:ids) FOR SHARE")


def _require_all(appends: Sequence[PendingAppend], done: set[str]) -> None:
    for pending in appends:
        if pending.stream_id not in done:
            raise StreamConflict(pending.stream_id, pending.expected_version)


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
        conn: AsyncConnection, appends: Sequence[PendingAppend], metadata: dict[str, Any] | Sequence[dict[str, Any]]
    ) -> dict[str, int]:
        """Append each stream's events with an optimistic check; returns each stream's new version.

        However many streams, this is three statements at most: new streams created together, existing streams
        moved together (each only from the version decided on), and every event inserted together. `metadata`
        is one mapping for all, or one per append (a batch of commands, each with its own causation).
        """
        appends = [p for p in appends if p.events]
        if not appends:
            return {}
        per_append = [metadata] * len(appends) if isinstance(metadata, dict) else list(metadata)
        created = [p for p in appends if p.expected_version == 0]
        moved = [p for p in appends if p.expected_version > 0]
        if created:
            result = await conn.execute(
                _CREATE_STREAMS,
                {
                    "ids": [p.stream_id for p in created],
                    "types": [p.stream_type for p in created],
                    "versions": [len(p.events) for p in created],
                },
            )
            _require_all(created, {r.stream_id for r in result})
        if moved:
            result = await conn.execute(
                _MOVE_STREAMS,
                {
                    "ids": [p.stream_id for p in moved],
                    "expected": [p.expected_version for p in moved],
                    "versions": [p.expected_version + len(p.events) for p in moved],
                },
            )
            _require_all(moved, {r.stream_id for r in result})
        columns: dict[str, list[Any]] = {k: [] for k in ("ids", "streams", "types", "versions", "kinds", "data", "metadata")}
        for pending, meta in zip(appends, per_append):
            encoded_meta = orjson.dumps(meta).decode()
            for offset, event in enumerate(pending.events, start=1):
                columns["ids"].append(uuid.uuid4())
                columns["streams"].append(pending.stream_id)
                columns["types"].append(pending.stream_type)
                columns["versions"].append(pending.expected_version + offset)
                columns["kinds"].append(event.event_type)
                columns["data"].append(orjson.dumps(event.data()).decode())
                columns["metadata"].append(encoded_meta)
        await conn.execute(_INSERT_EVENTS, columns)
        return {p.stream_id: p.expected_version + len(p.events) for p in appends}

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
