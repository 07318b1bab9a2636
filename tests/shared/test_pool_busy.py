"""A service whose database connections are all in use makes a request wait, then answers 503, never a 500.

The pool opens no connections beyond its size (each would start a PostgreSQL backend per request under load);
a request that cannot get one within the pool's timeout is answered 503 problem+json with Retry-After, and
nothing it carried is stored.
"""

from __future__ import annotations

import asyncio

import asyncpg

import kernel.db
from tests.enforcement.helpers import center, service


async def test_a_request_that_finds_no_free_connection_answers_503_and_stores_nothing(
    start_service, client_for, new_database, monkeypatch,
):
    monkeypatch.setattr(kernel.db, "POOL_TIMEOUT_SECONDS", 0.5)
    enforcement = await start_service("enforcement", db_pool_size=2)
    client = client_for(enforcement)
    assert (await client.post("/v1/assistance-centers", json=center("wh-1"))).status_code == 201

    outside = await asyncpg.connect(new_database("enforcement").replace("postgresql+asyncpg://", "postgresql://"))
    try:
        held = outside.transaction()
        await held.start()
        await outside.execute("LOCK TABLE events IN EXCLUSIVE MODE")  # every write now waits, holding its connection
        sent = [asyncio.create_task(client.post("/v1/onsite-services", json=service("wh-1"),
                                                headers={"Idempotency-Key": f"busy-{n}"})) for n in range(4)]
        done, waiting = await asyncio.wait(sent, timeout=5)
        busy = [task.result() for task in done]
        assert busy and all(a.status_code == 503 for a in busy), [a.status_code for a in busy]
        assert all(a.headers["content-type"].startswith("application/problem+json") for a in busy)
        assert all(a.headers["Retry-After"] == "1" and a.json()["status"] == 503 for a in busy)
        await held.rollback()
        written = [await task for task in waiting]  # the requests that held a connection go on once the lock is gone
        assert all(a.status_code == 201 for a in written), [a.text for a in written]
        count = "SELECT count(*) FROM events WHERE stream_type = 'onsite-service'"
        assert await outside.fetchval(count) == len(written), "a request answered 503 left a record"
        retried = busy[0].request.headers["Idempotency-Key"]
        again = await client.post("/v1/onsite-services", json=service("wh-1"), headers={"Idempotency-Key": retried})
        assert again.status_code == 201, again.text
        assert await outside.fetchval(count) == len(written) + 1
    finally:
        await outside.close()
