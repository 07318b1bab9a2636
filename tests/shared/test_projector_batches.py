"""The projector's batches: one transaction each, per-stream order, every event applied once, and read models
given the batch (`apply_batch`) or, without that hook, one event at a time."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from uuid import uuid4

import pytest
from sqlalchemy import text

from kernel.db import make_engine
from kernel.projection.projector import Projector
from kernel.projection.received import ReceivedEvent

AT = datetime(2019, 1, 1, tzinfo=timezone.utc)
TYPE = "kerneltest.Noted.v1"


def event(stream: str, version: int, position: int, n: int = 1) -> ReceivedEvent:
    return ReceivedEvent(source="kerneltest", event_id=uuid4(), type=TYPE, stream_id=stream, version=version,
                         position=position, recorded_at=AT, data={"n": n})


class Notes:
    """Writes one row per event it is given, and remembers how it was called."""

    name = "notes"
    event_types = frozenset({TYPE})

    def __init__(self) -> None:
        self.calls: list[list[int]] = []

    async def _write(self, conn, events) -> None:
        self.calls.append([e.position for e in events])
        await conn.execute(
            text("INSERT INTO notes (position, stream, n) SELECT * FROM unnest(CAST(:p AS bigint[]), CAST(:s AS text[]), CAST(:n AS int[]))"),
            {"p": [e.position for e in events], "s": [e.stream_id for e in events], "n": [e.data["n"] for e in events]},
        )

    async def clear(self, conn) -> None:
        await conn.execute(text("DELETE FROM notes"))


class BatchNotes(Notes):
    async def apply_batch(self, conn, events) -> None:
        await self._write(conn, events)


class EventNotes(Notes):
    async def apply(self, conn, events) -> None:
        await self._write(conn, events)


class Failing(BatchNotes):
    async def apply_batch(self, conn, events) -> None:
        await self._write(conn, events)
        raise RuntimeError("a read model failed")


@pytest.fixture
async def notes_engine(store_engine):
    async with store_engine.begin() as conn:
        await conn.execute(text("CREATE TABLE notes (position bigint PRIMARY KEY, stream text NOT NULL, n int NOT NULL)"))
    return store_engine


async def rows(engine, sql: str) -> list:
    async with engine.connect() as conn:
        return (await conn.execute(text(sql))).all()


async def test_a_batch_reaches_a_read_model_once_in_position_order_and_a_model_without_the_hook_event_by_event(notes_engine):
    batch, single = BatchNotes(), EventNotes()
    events = [event("a", 1, 1), event("b", 1, 2), event("a", 2, 3), event("b", 2, 4)]
    result = await Projector(notes_engine, [batch]).apply(list(reversed(events)), path="test")
    assert [e.position for e in result.applied] == [1, 2, 3, 4]
    assert batch.calls == [[1, 2, 3, 4]]
    async with notes_engine.begin() as conn:
        await conn.execute(text("TRUNCATE notes, projection_applied_events"))
    await Projector(notes_engine, [single]).apply(events, path="test")
    assert single.calls == [[1], [2], [3], [4]]


async def test_duplicates_are_skipped_and_an_event_ahead_of_its_stream_is_left_for_later(notes_engine):
    projector = Projector(notes_engine, [BatchNotes()])
    first = await projector.apply([event("a", 1, 1), event("a", 3, 3)], path="test")
    assert ([e.position for e in first.applied], [e.position for e in first.deferred]) == ([1], [3])
    again = await projector.apply([event("a", 1, 1), event("a", 2, 2), event("a", 3, 3)], path="test")
    assert ([e.position for e in again.applied], again.duplicates) == ([2, 3], 1)
    assert [r.position for r in await rows(notes_engine, "SELECT position FROM notes ORDER BY position")] == [1, 2, 3]


async def test_two_streams_claiming_one_position_apply_only_the_first(notes_engine):
    model = BatchNotes()
    result = await Projector(notes_engine, [model]).apply([event("a", 1, 7), event("b", 1, 7)], path="test")
    assert ([e.stream_id for e in result.applied], result.duplicates) == (["a"], 1)
    assert model.calls == [[7]]
    assert [(r.stream_id, r.position) for r in await rows(notes_engine, "SELECT stream_id, position FROM projection_applied_events")] == [("a", 7)]


async def test_a_failing_read_model_leaves_neither_ledger_rows_nor_changes(notes_engine):
    with pytest.raises(RuntimeError):
        await Projector(notes_engine, [Failing()]).apply([event("a", 1, 1), event("b", 1, 2)], path="test")
    assert await rows(notes_engine, "SELECT * FROM notes") == []
    assert await rows(notes_engine, "SELECT * FROM projection_applied_events") == []


@pytest.mark.parametrize("synchronous_commit", [True, False])
async def test_projectors_racing_on_one_database_apply_each_event_once(notes_engine, synchronous_commit):
    url = notes_engine.url.render_as_string(hide_password=False)
    engines = [make_engine(url, pool_size=2, max_overflow=0) for _ in range(3)]
    try:
        projectors = [Projector(e, [BatchNotes()], synchronous_commit=synchronous_commit) for e in engines]
        streams = [f"s{i}" for i in range(40)]
        events = [event(s, v, position=1 + v * 1000 + i, n=i) for v in range(1, 4) for i, s in enumerate(streams)]
        # every projector is offered everything, in batches of different sizes and orders, all at once
        async def offer(projector: Projector, size: int, offset: int) -> int:
            applied = 0
            ordered = events[offset:] + events[:offset]
            for start in range(0, len(ordered), size):
                applied += len((await projector.apply(ordered[start:start + size], path="test")).applied)
            return applied

        for _ in range(3):  # events left for later (their predecessor not applied yet) are offered again
            await asyncio.gather(*(offer(p, size, offset) for p, size, offset in zip(projectors, (7, 13, 50), (0, 33, 71))))
        assert (await rows(notes_engine, "SELECT count(*) AS n FROM projection_applied_events"))[0].n == len(events)
        assert (await rows(notes_engine, "SELECT count(*) AS n, sum(n) AS total FROM notes"))[0] == (len(events), 3 * sum(range(40)))
    finally:
        for engine in engines:
            await engine.dispose()
