"""A read that promises the caller's own write (the feed, the audit query) waits for a sequencer run in progress.

Positions are given by whichever process holds the sequencer's lock. Were the feed to skip the numbering when
another process (a replica's relay) holds the lock, a caller could write, read the feed at once, and not find
its write: the run in progress may have started before that write committed.
"""

from __future__ import annotations

import asyncio

import asyncpg

from tests.enforcement.helpers import center


async def test_the_feed_and_the_audit_wait_for_a_numbering_in_progress_and_show_the_callers_write(
    start_service, client_for, new_database,
):
    enforcement = await start_service("enforcement")
    client = client_for(enforcement)
    assert (await client.post("/v1/assistance-centers", json=center("wh-1"))).status_code == 201
    assert (await client.get("/v1/events", params={"after": 0})).json()["head"] == 1

    other = await asyncpg.connect(new_database("enforcement").replace("postgresql+asyncpg://", "postgresql://"))
    try:
        numbering = other.transaction()
        await numbering.start()
        await other.execute("SELECT last_position FROM event_sequence WHERE id = 1 FOR UPDATE")  # another process's run
        assert (await client.post("/v1/assistance-centers", json=center("wh-2"))).status_code == 201
        reads = [asyncio.create_task(client.get("/v1/events", params={"after": 0})),
                 asyncio.create_task(client.get("/v1/audit"))]
        await asyncio.sleep(0.5)
        assert not any(read.done() for read in reads), "a read answered while a numbering was in progress"
        await numbering.commit()
        page, audit = [(await read).json() for read in reads]
    finally:
        await other.close()
    assert [e["subject"] for e in page["events"]] == ["assistance-center-wh-1", "assistance-center-wh-2"]
    assert page["head"] == 2
    assert [e["subject"] for e in audit["entries"]] == ["assistance-center-wh-1", "assistance-center-wh-2"]
