"""A broker that stops answering, or answers slowly, does not hold writes back, and loses nothing afterwards.

The store is the outbox: a write commits to the service's own database and answers 201 without waiting for the
broker. With the broker frozen (SIGSTOP) or behind a proxy that holds every chunk back, writes keep answering
promptly; once the broker is back (SIGCONT) or fast again, the relay publishes every event and the projection
holds each exactly once, with the figures the events themselves give.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from datetime import date, datetime, timezone

import pytest

from tests.projection.oracle import t04_from_events
from tests.system.faults_fixtures import proxied_system  # noqa: F401  (a fixture)
from tests.system.helpers import applied, dsn, feed, feed_entries, relay_checkpoint, topic_messages, wait_for

pytestmark = pytest.mark.system
FIRMS = [("91440101MA5CJQ4N59", "private"), ("91110000600037341L", "state_owned")]
WRITES = 60
PROMPT = 2.0  # seconds: a write that waited for the broker would take the producer's timeout (10 s) or more


def onsite(n: int) -> dict:
    uscc, ownership = FIRMS[n % 2]
    return {"center_id": f"c{n % 3}", "occurred_on": f"2019-{n % 12 + 1:02d}-{n % 27 + 1:02d}",
            "enterprises": [{"uscc": uscc, "name": "企业", "ownership": ownership, "region": "420100"}]}


def start(system, http):
    enforcement = system.service("enforcement")
    projection = system.projection({"enforcement": enforcement.url})
    for n in range(3):
        response = http.post(f"{enforcement.url}/v1/assistance-centers", headers={"Idempotency-Key": f"center-{n}"},
                             json={"center_id": f"c{n}", "name": f"中心{n}", "region": "420100", "registered_on": "2019-01-01"})
        assert response.status_code == 201, response.text
    return enforcement, projection


def write_promptly(http, enforcement, first: int) -> list[float]:
    """WRITES records, one after another; each must answer 201. Returns the latencies."""
    latencies = []
    for n in range(first, first + WRITES):
        began = time.monotonic()
        response = http.post(f"{enforcement.url}/v1/onsite-services", json=onsite(n), headers={"Idempotency-Key": f"w-{n}"})
        latencies.append(time.monotonic() - began)
        assert response.status_code == 201, response.text
    return latencies


def t04(http, projection) -> tuple[int, int]:
    report = http.get(f"{projection.url}/v1/attainment", params={"year": 2019, "as_of": "2019-12-31"}).json()
    detail = next(t for t in report["targets"] if t["id"] == "T04")["detail"]
    return detail["center_months_due"], detail["center_months_met"]


def everything_arrives(system, http, postgres_server, enforcement, projection, bootstrap: str) -> None:
    """The relay publishes every event; the projection applies each once and counts what the events give."""
    store = dsn(postgres_server, f"s_{system.test_id}_enforcement")
    ledger = dsn(postgres_server, f"s_{system.test_id}_projection")
    events, head = feed(http, enforcement.url)
    assert head == len(events) == 3 + 2 * WRITES
    wait_for(lambda: relay_checkpoint(store) == head, 60, "the relay did not publish up to the head")
    keys = {(e["subject"], e["streamversion"]) for e in events}
    seen = asyncio.run(topic_messages(bootstrap, f"s{system.test_id}.enforcement.events", keys, timeout=30))
    assert keys <= set(seen), f"events never published: {sorted(keys - set(seen))[:5]}"
    assert set(seen) <= keys, "the topic holds an event the store does not"

    expected = feed_entries(events)
    wait_for(lambda: set(applied(ledger, "enforcement")) == expected, 60, "the projection did not apply every event")
    rows = applied(ledger, "enforcement")
    assert len(rows) == len(set(rows)) == len(expected), "an event was applied twice"
    oracle = t04_from_events(events, 2019, date(2019, 12, 31), datetime(2100, 1, 1, tzinfo=timezone.utc))
    assert oracle[1] > 0
    wait_for(lambda: t04(http, projection) == oracle, 30, "the projection's figures differ from the events'")


def test_writes_answer_while_the_broker_is_frozen_and_nothing_is_lost_after(system, http, postgres_server):
    enforcement, projection = start(system, http)
    store = dsn(postgres_server, f"s_{system.test_id}_enforcement")
    wait_for(lambda: relay_checkpoint(store) == 3, 30, "the relay never published the centers")

    pid = system.broker.process.pid
    os.kill(pid, signal.SIGSTOP)
    try:
        frozen = write_promptly(http, enforcement, 0)
        time.sleep(1.0)  # the relay has had time to try
        _, head = feed(http, enforcement.url)
        assert relay_checkpoint(store) < head, "the relay published to a frozen broker: the broker was not in the path"
    finally:
        os.kill(pid, signal.SIGCONT)
    assert max(frozen) < PROMPT, f"a write waited for the frozen broker: {max(frozen):.2f}s"

    thawed = write_promptly(http, enforcement, WRITES)
    assert max(thawed) < PROMPT
    everything_arrives(system, http, postgres_server, enforcement, projection, system.broker.bootstrap)


def test_writes_answer_through_a_slow_broker_and_nothing_is_lost_after(proxied_system, http, postgres_server):
    system, broker, proxy = proxied_system
    enforcement, projection = start(system, http)
    store = dsn(postgres_server, f"s_{system.test_id}_enforcement")
    wait_for(lambda: relay_checkpoint(store) == 3, 30, "the relay never published the centers")

    proxy.delay = 0.2  # every chunk, each way
    chunks = proxy.chunks
    slow = write_promptly(http, enforcement, 0)
    wait_for(lambda: proxy.chunks > chunks, 10, "no broker traffic went through the proxy")
    assert max(slow) < PROMPT, f"a write waited for the slow broker: {max(slow):.2f}s"

    proxy.delay = 0.0  # the slowness taken away
    fast = write_promptly(http, enforcement, WRITES)
    assert max(fast) < PROMPT
    everything_arrives(system, http, postgres_server, enforcement, projection, broker.bootstrap)
    assert proxy.connections > 0
