"""A replica that freezes while it holds the relay's checkpoint does not stop publishing for good.

The relay publishes inside a transaction that holds its checkpoint row, so one replica relays at a time. A
replica that freezes there (SIGSTOP here; a long pause or a lost network in production) would hold the row
until it is killed. PostgreSQL ends a session idle in a transaction for `DB_IDLE_IN_TRANSACTION_SECONDS`, the
lock goes with it, and another replica publishes what is pending. What the frozen replica had sent but not
checkpointed is sent again (consumers deduplicate); nothing is lost. Once thawed, the frozen replica finds its
connection gone, answers 503 at most once, and works again.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time

import asyncpg
import pytest

from tests.deploy.cluster import feed, metric, topic_messages, wait_for
from tests.deploy.same_stream import WRITES
from tests.system.helpers import dsn, relay_checkpoint

pytestmark = pytest.mark.system
IDLE_SECONDS = 3
BOUND_SECONDS = 30.0  # a behaviour bound (another replica takes over on its own), not a performance target


async def checkpoint_locked(url: str, topic: str) -> bool:
    conn = await asyncpg.connect(url, timeout=5)
    try:
        async with conn.transaction():
            await conn.fetchval("SELECT position FROM relay_checkpoints WHERE name = $1 FOR UPDATE NOWAIT", topic)
        return False
    except asyncpg.LockNotAvailableError:
        return True
    finally:
        await conn.close()


def freeze_while_holding(process, url: str, topic: str, timeout: float = 60) -> None:
    """SIGSTOP `process` at a moment it holds the checkpoint (it is the only replica, waiting on a frozen broker)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if asyncio.run(checkpoint_locked(url, topic)):
            os.kill(process.pid, signal.SIGSTOP)
            if asyncio.run(checkpoint_locked(url, topic)):
                return
            os.kill(process.pid, signal.SIGCONT)  # it let go just before the signal: try again
        time.sleep(0.05)
    raise AssertionError("the replica never held the relay checkpoint while the broker was frozen")


def test_a_replica_frozen_holding_the_relay_checkpoint_loses_it_and_another_publishes(cluster, http, postgres_server):
    writes, idle = WRITES["enforcement"], {"DB_IDLE_IN_TRANSACTION_SECONDS": str(IDLE_SECONDS)}
    frozen = cluster.replica("enforcement", "enforcement", shared=idle)
    topic, store = cluster.topic("enforcement"), dsn(postgres_server, f"x_{cluster.test_id}_enforcement")
    record = writes.create(http, frozen.url, 0)
    wait_for(lambda: not asyncio.run(checkpoint_locked(store, topic)), 10, "the checkpoint stayed locked")

    os.kill(cluster.broker.pid, signal.SIGSTOP)
    path, body = writes.change(record, "pending")
    assert http.post(f"{frozen.url}{path}", json=body, headers={"Idempotency-Key": "pending"}).status_code == 201
    freeze_while_holding(frozen, store, topic)
    frozen_at = time.monotonic()
    os.kill(cluster.broker.pid, signal.SIGCONT)

    survivor = cluster.replica("enforcement", "enforcement", shared=idle)
    _, head = feed(http, survivor.url)
    # the checkpoint moves only in the transaction that holds it: the survivor holds it once it has moved
    # (the broker may still deliver what the frozen replica had sent before it froze: that proves nothing)
    wait_for(lambda: relay_checkpoint(store) >= head, 2 * BOUND_SECONDS,
             "no replica published while the frozen one held the checkpoint")
    took = time.monotonic() - frozen_at
    assert metric(http, survivor.url, "relay_published_total") >= 1, "the checkpoint moved, but not by the survivor"
    print(f"\nrelay checkpoint moved again {took:.1f} s after its holder froze "
          f"(DB_IDLE_IN_TRANSACTION_SECONDS={IDLE_SECONDS})", flush=True)
    assert took < BOUND_SECONDS

    os.kill(frozen.pid, signal.SIGCONT)
    statuses = []
    for n in range(5):
        path, body = writes.change(record, f"thawed-{n}")
        response = http.post(f"{frozen.url}{path}", json=body, headers={"Idempotency-Key": f"thawed-{n}"})
        if response.status_code == 503:  # its pooled connection was ended by the server: sent again, same key
            response = http.post(f"{frozen.url}{path}", json=body, headers={"Idempotency-Key": f"thawed-{n}"})
        statuses.append(response.status_code)
    assert statuses == [201] * 5, statuses
    events, head = feed(http, survivor.url)
    assert [e["position"] for e in events] == list(range(1, head + 1))
    keys = {(e["subject"], e["streamversion"]) for e in events}
    seen = asyncio.run(topic_messages(cluster.broker.bootstrap, topic, keys, timeout=30))
    assert keys <= set(seen), f"events missing from the topic: {sorted(keys - set(seen))[:5]}"
    assert writes.recorded(http, survivor.url, record)[1] == 6, "the pending change and five more, each once"
