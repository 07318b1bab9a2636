"""The event store: optimistic concurrency, and a commit order that readers follow without ever skipping."""

import asyncio
import random

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from kernel.eventstore.sequencer import assign_positions
from kernel.eventstore.store import EventStore, KeptAnswer, PendingAppend, StreamConflict
from kernel.events import DomainEvent



class ProbeRecorded(DomainEvent, source="kerneltest"):
    writer: int
    n: int


async def append(engine, stream_id: str, expected: int, events: list[DomainEvent]) -> int:
    async with engine.begin() as conn:
        versions = await EventStore.append(conn, [PendingAppend(stream_id, "probe", expected, events)], {"actor": "test"})
        # widen the window in which commits can land out of insert order
        await asyncio.sleep(random.random() * 0.01)
    return versions[stream_id]


async def test_concurrent_writers_and_a_tailing_reader_never_skip(store_engine):
    writers, per_writer = 32, 60
    seen: list = []
    done = asyncio.Event()

    async def writer(w: int) -> None:
        version = 0
        for n in range(per_writer):
            batch = [ProbeRecorded(writer=w, n=n)] if n % 3 else [ProbeRecorded(writer=w, n=n), ProbeRecorded(writer=w, n=n)]
            version = await append(store_engine, f"probe-{w}", version, batch)

    async def sequencer() -> None:
        while not done.is_set():
            await assign_positions(store_engine)
            await asyncio.sleep(0.001)
        while await assign_positions(store_engine):
            pass

    async def tail() -> None:
        cursor = 0
        while True:
            async with store_engine.connect() as conn:
                page = await EventStore.read_after(conn, cursor, 200)
            seen.extend(page)
            if page:
                cursor = page[-1].position
            elif done.is_set():
                # every event positioned first, then nothing after the cursor: checked the other way round, the
                # sequencer's last commit could land between the two and its events go unseen
                async with store_engine.connect() as conn:
                    unpositioned = (await conn.execute(text("SELECT count(*) FROM events WHERE position IS NULL"))).scalar()
                    if unpositioned == 0 and not await EventStore.read_after(conn, cursor, 1):
                        return
            await asyncio.sleep(0.002)

    tasks = [asyncio.create_task(sequencer()), asyncio.create_task(tail())]
    await asyncio.gather(*[writer(w) for w in range(writers)])
    done.set()
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=60)

    async with store_engine.connect() as conn:
        stored = (await conn.execute(text("SELECT count(*) FROM events"))).scalar()
    expected = writers * sum(2 if n % 3 == 0 else 1 for n in range(per_writer))
    assert stored == expected
    assert [e.position for e in seen] == list(range(1, expected + 1)), "the tailing reader skipped or repeated"
    for w in range(writers):
        versions = [e.version for e in seen if e.stream_id == f"probe-{w}"]
        assert versions == list(range(1, len(versions) + 1)), "a stream's events were seen out of order"


async def test_only_one_of_many_concurrent_appends_at_the_same_version_wins(store_engine):
    await append(store_engine, "probe-x", 0, [ProbeRecorded(writer=0, n=0)])
    results = await asyncio.gather(
        *[append(store_engine, "probe-x", 1, [ProbeRecorded(writer=i, n=1)]) for i in range(16)], return_exceptions=True
    )
    assert sum(1 for r in results if r == 2) == 1
    assert all(isinstance(r, StreamConflict) for r in results if r != 2)
    async with store_engine.connect() as conn:
        assert [e.version for e in await EventStore.load(conn, "probe-x")] == [1, 2]


async def test_a_new_stream_cannot_be_created_twice(store_engine):
    await append(store_engine, "probe-new", 0, [ProbeRecorded(writer=0, n=0)])
    with pytest.raises(StreamConflict):
        await append(store_engine, "probe-new", 0, [ProbeRecorded(writer=1, n=0)])


async def test_a_guarded_stream_that_changed_conflicts(store_engine):
    await append(store_engine, "probe-guard", 0, [ProbeRecorded(writer=0, n=0)])
    await append(store_engine, "probe-guard", 1, [ProbeRecorded(writer=0, n=1)])
    async with store_engine.begin() as conn:
        await EventStore.check_guards(conn, {"probe-guard": 2, "probe-absent": 0})
        with pytest.raises(StreamConflict):
            await EventStore.check_guards(conn, {"probe-guard": 1})


async def commit(engine, appends: list[PendingAppend], guards: dict[str, int] | None = None, key: str | None = None) -> bool:
    """One command's write as the command bus makes it: a single statement, outside any transaction."""
    answer = KeptAnswer("tester", key, "hash", 201, {"ok": True}) if key else None
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        return await EventStore.commit(conn, appends, {"actor": "test"}, guards or {}, answer)


async def stored(engine, sql: str) -> int:
    async with engine.connect() as conn:
        return (await conn.execute(text(sql))).scalar()


async def test_a_refused_commit_stores_nothing_of_what_it_carried(store_engine):
    assert await commit(store_engine, [PendingAppend("probe-a", "probe", 0, [ProbeRecorded(writer=0, n=0)])])
    assert await commit(store_engine, [PendingAppend("probe-g", "probe", 0, [ProbeRecorded(writer=0, n=0)])])
    fresh = PendingAppend("probe-fresh", "probe", 0, [ProbeRecorded(writer=1, n=0)])
    refusals = {
        "an existing stream created again": ([fresh, PendingAppend("probe-a", "probe", 0, [ProbeRecorded(writer=1, n=1)])], {}),
        "a stream moved from a version it is not at": ([fresh, PendingAppend("probe-a", "probe", 5, [ProbeRecorded(writer=1, n=1)])], {}),
        "a stream read at a version it has left": ([fresh], {"probe-g": 0}),
        "a stream read as absent that exists": ([fresh], {"probe-a": 0}),
    }
    for case, (appends, guards) in refusals.items():
        with pytest.raises(StreamConflict):
            await commit(store_engine, appends, guards, key=f"key-{case}")
        assert await stored(store_engine, "SELECT count(*) FROM events") == 2, case
        assert await stored(store_engine, "SELECT count(*) FROM streams WHERE stream_id = 'probe-fresh'") == 0, case
        assert await stored(store_engine, "SELECT count(*) FROM idempotency_keys") == 0, case
    assert await commit(store_engine, [fresh], {"probe-g": 1, "probe-absent": 0}, key="k1")
    # the same key kept again: refused as a whole, and said so (the bus then answers with the stored answer)
    again = PendingAppend("probe-other", "probe", 0, [ProbeRecorded(writer=2, n=0)])
    assert await commit(store_engine, [again], key="k1") is False
    assert await stored(store_engine, "SELECT count(*) FROM streams WHERE stream_id = 'probe-other'") == 0
    assert await stored(store_engine, "SELECT count(*) FROM events") == 3


async def test_only_one_of_many_concurrent_commits_at_the_same_version_wins(store_engine):
    assert await commit(store_engine, [PendingAppend("probe-c", "probe", 0, [ProbeRecorded(writer=0, n=0)])])
    results = await asyncio.gather(*[
        commit(store_engine, [PendingAppend("probe-c", "probe", 1, [ProbeRecorded(writer=i, n=1)])], key=f"c-{i}")
        for i in range(16)], return_exceptions=True)
    assert results.count(True) == 1, results
    assert all(isinstance(r, (StreamConflict, DBAPIError)) for r in results if r is not True)
    assert await stored(store_engine, "SELECT count(*) FROM events WHERE stream_id = 'probe-c'") == 2
    assert await stored(store_engine, "SELECT count(*) FROM idempotency_keys") == 1
