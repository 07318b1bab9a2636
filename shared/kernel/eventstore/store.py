"""Append to and read from one service's event store (PostgreSQL, SQLAlchemy Core over asyncpg)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Sequence

import orjson

from sqlalchemy import bindparam, select, text
from sqlalchemy.exc import DBAPIError
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

# the same three writes, the guards and the idempotency record as one statement: one round trip per command
_COMMIT = text(
    "WITH created AS ("
    " INSERT INTO streams (stream_id, stream_type, version)"
    " SELECT * FROM unnest(CAST(:c_ids AS text[]), CAST(:c_types AS text[]), CAST(:c_versions AS int[]))"
    " ON CONFLICT (stream_id) DO NOTHING RETURNING stream_id"
    "), moved AS ("
    " UPDATE streams s SET version = m.version, updated_at = now()"
    " FROM unnest(CAST(:m_ids AS text[]), CAST(:m_expected AS int[]), CAST(:m_versions AS int[])) AS m(stream_id, expected, version)"
    " WHERE s.stream_id = m.stream_id AND s.version = m.expected RETURNING s.stream_id"
    "), guarded AS ("
    " SELECT stream_id, version FROM streams WHERE stream_id = ANY(CAST(:g_ids AS text[])) FOR SHARE"
    "), appended AS ("
    " INSERT INTO events (event_id, stream_id, stream_type, version, type, data, metadata)"
    " SELECT * FROM unnest(CAST(:e_ids AS uuid[]), CAST(:e_streams AS text[]), CAST(:e_types AS text[]),"
    " CAST(:e_versions AS int[]), CAST(:e_kinds AS text[]), CAST(:e_data AS jsonb[]), CAST(:e_metadata AS jsonb[]))"
    " RETURNING 1"
    "), kept AS ("
    " INSERT INTO idempotency_keys (principal, key, request_hash, status_code, response)"
    " SELECT CAST(:principal AS text), CAST(:key AS text), CAST(:hash AS text), CAST(:status AS smallint), CAST(:response AS jsonb)"
    " WHERE CAST(:keep AS boolean) ON CONFLICT DO NOTHING RETURNING key"
    "), checked AS ("
    " SELECT"
    " (SELECT id FROM unnest(CAST(:c_ids AS text[])) AS id WHERE id NOT IN (SELECT stream_id FROM created) LIMIT 1) AS not_created,"
    " (SELECT id FROM unnest(CAST(:m_ids AS text[])) AS id WHERE id NOT IN (SELECT stream_id FROM moved) LIMIT 1) AS not_moved,"
    " (SELECT g.id FROM unnest(CAST(:g_ids AS text[]), CAST(:g_versions AS int[])) AS g(id, version)"
    "  LEFT JOIN guarded ON guarded.stream_id = g.id WHERE coalesce(guarded.version, 0) <> g.version LIMIT 1) AS moved_guard,"
    " CAST(:keep AS boolean) AND NOT EXISTS (SELECT 1 FROM kept) AS key_taken"
    ")"
    # a refusal raises, and PostgreSQL undoes every insert and update above: the statement is the whole write
    " SELECT CASE"
    "  WHEN not_created IS NOT NULL THEN eventstore_refuse('stream ' || not_created)"
    "  WHEN not_moved IS NOT NULL THEN eventstore_refuse('stream ' || not_moved)"
    "  WHEN moved_guard IS NOT NULL THEN eventstore_refuse('stream ' || moved_guard)"
    "  WHEN key_taken THEN eventstore_refuse('key')"
    "  ELSE (SELECT count(*) FROM appended) END AS appended"
    " FROM checked"
)
REFUSED = "ES409"  # the SQLSTATE eventstore_refuse raises (migration es_0003)

_GUARD = text("SELECT stream_id, version FROM streams WHERE stream_id = ANY(:ids) FOR SHARE")


@dataclass(frozen=True)
class KeptAnswer:
    """The answer a request gave, kept under its Idempotency-Key in the same statement as its events."""

    principal: str
    key: str
    request_hash: str
    status_code: int
    response: Any


def _refusal(exc: DBAPIError) -> str:
    """The reason eventstore_refuse was given ("key", or "stream <id>")."""
    cause = exc.orig.__cause__ if exc.orig is not None else None
    return str(getattr(cause, "message", None) or exc.orig).strip()


def _require_all(appends: Sequence[PendingAppend], asked: list[str], done: set[str]) -> None:
    for stream_id in asked:
        if stream_id not in done:
            pending = next(p for p in appends if p.stream_id == stream_id)
            raise StreamConflict(stream_id, pending.expected_version)


def _stream_columns(appends: Sequence[PendingAppend]) -> tuple[dict[str, list[Any]], dict[str, list[Any]]]:
    """New streams (ids, types, versions) and moved streams (ids, expected, versions) as column arrays."""
    created: dict[str, list[Any]] = {"ids": [], "types": [], "versions": []}
    moved: dict[str, list[Any]] = {"ids": [], "expected": [], "versions": []}
    for p in appends:
        if p.expected_version == 0:
            created["ids"].append(p.stream_id)
            created["types"].append(p.stream_type)
            created["versions"].append(len(p.events))
        else:
            moved["ids"].append(p.stream_id)
            moved["expected"].append(p.expected_version)
            moved["versions"].append(p.expected_version + len(p.events))
    return created, moved


def _event_columns(appends: Sequence[PendingAppend], metadata: dict[str, Any] | Sequence[dict[str, Any]]) -> dict[str, list[Any]]:
    per_append = [metadata] * len(appends) if isinstance(metadata, dict) else list(metadata)
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
    return columns


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
        created, moved = _stream_columns(appends)
        if created["ids"]:
            _require_all(appends, created["ids"], {r.stream_id for r in await conn.execute(_CREATE_STREAMS, created)})
        if moved["ids"]:
            _require_all(appends, moved["ids"], {r.stream_id for r in await conn.execute(_MOVE_STREAMS, moved)})
        await conn.execute(_INSERT_EVENTS, _event_columns(appends, metadata))
        return {p.stream_id: p.expected_version + len(p.events) for p in appends}

    @staticmethod
    async def commit(
        conn: AsyncConnection, appends: Sequence[PendingAppend], metadata: dict[str, Any], guards: dict[str, int],
        answer: "KeptAnswer | None" = None,
    ) -> bool:
        """One command's whole write in one statement: its streams, its events, the guards on the streams it
        only read, and its idempotency record. The statement refuses itself (and so stores nothing) when a
        stream moved meanwhile, raised here as StreamConflict, or when another request kept the same key first,
        answered False. A race decided inside the statement may also surface as a unique violation (23505) on
        the events' (stream, version). Needs no transaction around it: run on its own, it commits by itself.
        """
        appends = [p for p in appends if p.events]
        created, moved = _stream_columns(appends)
        parameters: dict[str, Any] = {
            **{f"c_{k}": v for k, v in created.items()}, **{f"m_{k}": v for k, v in moved.items()},
            **{f"e_{k}": v for k, v in _event_columns(appends, metadata).items()},
            "g_ids": list(guards), "g_versions": list(guards.values()), "keep": answer is not None,
            "principal": answer.principal if answer else "", "key": answer.key if answer else "",
            "hash": answer.request_hash if answer else "", "status": answer.status_code if answer else 0,
            "response": orjson.dumps(answer.response).decode() if answer else "null",
        }
        try:
            await conn.execute(_COMMIT, parameters)
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) != REFUSED:
                raise
            reason = _refusal(exc)
            if reason == "key":
                return False
            stream_id = reason.removeprefix("stream ")
            expected = guards.get(stream_id, next((p.expected_version for p in appends if p.stream_id == stream_id), 0))
            raise StreamConflict(stream_id, expected) from None
        return True

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
