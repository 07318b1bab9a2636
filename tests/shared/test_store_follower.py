"""Local read models follow the store exactly once, however often events are offered again."""

import pytest
from sqlalchemy import text

from kernel.eventstore.sequencer import assign_positions
from kernel.eventstore.store import EventStore
from kernel.projection.local import StoreFollower
from kernel.projection.projector import Projector
from kernel.projection.received import from_envelope
from tests.shared.test_event_store import ProbeRecorded, append



class ProbeTotals:
    """A toy read model: the sum of `n` per writer."""

    name = "probe_totals"
    event_types = frozenset({ProbeRecorded.event_type})

    async def apply(self, conn, events) -> None:
        for e in events:
            await conn.execute(
                text("INSERT INTO probe_totals (writer, total) VALUES (:w, :n) ON CONFLICT (writer) DO UPDATE SET total = probe_totals.total + :n"),
                {"w": e.data["writer"], "n": e.data["n"]},
            )

    async def clear(self, conn) -> None:
        await conn.execute(text("DELETE FROM probe_totals"))


@pytest.fixture
async def totals(store_engine):
    async with store_engine.begin() as conn:
        await conn.execute(text("CREATE TABLE probe_totals (writer int PRIMARY KEY, total bigint NOT NULL)"))
    return ProbeTotals()


async def read_totals(engine) -> dict[int, int]:
    async with engine.connect() as conn:
        return {r.writer: r.total for r in await conn.execute(text("SELECT writer, total FROM probe_totals"))}


async def test_follower_applies_each_event_once(store_engine, totals):
    for w in range(3):
        version = 0
        for n in range(1, 6):
            version = await append(store_engine, f"probe-{w}", version, [ProbeRecorded(writer=w, n=n)])
    follower = StoreFollower(Projector(store_engine, [totals]), "kerneltest")
    await follower.start()
    try:
        assert await follower.catch_up() >= 0
        assert await read_totals(store_engine) == {0: 15, 1: 15, 2: 15}
        await append(store_engine, "probe-0", 5, [ProbeRecorded(writer=0, n=100)])
        await follower.catch_up()
        assert await read_totals(store_engine) == {0: 115, 1: 15, 2: 15}
    finally:
        await follower.stop()


async def test_redelivered_and_out_of_order_events_change_nothing_twice(store_engine, totals):
    version = 0
    for n in range(1, 5):
        version = await append(store_engine, "probe-7", version, [ProbeRecorded(writer=7, n=n)])
    await assign_positions(store_engine)
    async with store_engine.connect() as conn:
        received = [from_envelope(e.envelope("kerneltest")) for e in await EventStore.read_after(conn, 0, 100)]
    projector = Projector(store_engine, [totals])

    # the last two arrive first: their predecessors are missing, so they wait (deferred), nothing applied
    result = await projector.apply(received[2:], path="test")
    assert not result.applied and len(result.deferred) == 2
    # everything, twice over and shuffled: each applied once, in stream order
    result = await projector.apply(received[::-1] + received, path="test")
    assert [e.version for e in result.applied] == [1, 2, 3, 4]
    result = await projector.apply(received, path="test")
    assert not result.applied and result.duplicates == 4
    assert await read_totals(store_engine) == {7: 10}
