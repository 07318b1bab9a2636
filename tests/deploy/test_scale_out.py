"""Scale-out, with the project's own processes on loopback: several replicas on one database and one broker.

- Two replicas of each command service (enforcement, financing, training, outreach) on the same database,
  with concurrent changes to the same streams: every answer is 201 or 409, versions are never given twice,
  no acknowledged write is lost, the feed is dense, exactly one relay publishes each event (the replicas'
  relay_published_total add up to the head), and every event reaches the topic.
- Relay take-over: the replica that is publishing is SIGKILLed while it publishes; the time until the other
  replica has published the first change written after the kill is printed (`relay take-over after SIGKILL`)
  and must stay within a generous bound. What the killed replica left unpublished reaches the topic too.
- Two projection replicas in one consumer group on one database: both receive from Kafka (partitions are
  shared), one is killed mid-stream, and the figures equal those of a single projection on its own database
  and those computed from the events themselves.
- The image's `migrate` command (the kernel's `ipo migrate <service>`) applies a service's migrations against a
  real server and exits; tests/shared/test_cli_migrate.py covers the command itself.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import date, datetime, timezone

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from kernel.testing.fixtures import SIGNING_KEY
from kernel.testing.servers import ServiceProcess
from tests.deploy.cluster import Cluster, TopicTail, feed, metric, topic_messages, wait_for
from tests.deploy.conftest import COMMAND_SERVICES, DEPLOY
from tests.deploy.same_stream import WRITES, SameStreamWrites
from tests.projection.oracle import t04_from_events

pytestmark = pytest.mark.system
TAKE_OVER_BOUND_SECONDS = 30.0  # a behaviour bound (the relay resumes on its own), not a performance target
WRITERS, WRITES_EACH = 6, 15  # per service: enough to make replicas race on one stream, cheap enough for CI


def racing_writer(replicas: list[str], headers: dict, writes: SameStreamWrites, records: list[str], count: int, seed: int,
                  results: list) -> None:
    """Changes to randomly chosen records through randomly chosen replicas: (status, record, version) each."""
    rng = random.Random(seed)
    clients = [httpx.Client(base_url=url, headers=headers, timeout=30) for url in replicas]
    try:
        for n in range(count):
            record, client, tag = rng.choice(records), rng.choice(clients), f"w{seed}-{n}"
            path, body = writes.change(record, tag)
            response = client.post(path, json=body, headers={"Idempotency-Key": tag})
            version = response.json().get("stream_version") if response.status_code == 201 else None
            results.append((response.status_code, record, version))
    finally:
        for client in clients:
            client.close()


def steady_writer(url: str, headers: dict, writes: SameStreamWrites, record: str, stop: threading.Event, results: list) -> None:
    """Changes to one record through one replica until told to stop, refused, or the replica is gone."""
    with httpx.Client(base_url=url, headers=headers, timeout=10) as client:
        n = 0
        while not stop.is_set():
            path, body = writes.change(record, f"steady-{n}")
            try:
                response = client.post(path, json=body, headers={"Idempotency-Key": f"steady-{n}"})
            except httpx.HTTPError:
                return  # the replica was killed; the write in flight may or may not have been recorded
            version = response.json().get("stream_version") if response.status_code == 201 else None
            results.append((response.status_code, record, version))
            if response.status_code != 201:
                return  # the test thread reports it
            n += 1


def post_change(http: httpx.Client, url: str, writes: SameStreamWrites, record: str, tag: str) -> int:
    path, body = writes.change(record, tag)
    response = http.post(f"{url}{path}", json=body, headers={"Idempotency-Key": tag})
    assert response.status_code == 201, response.text
    return response.json()["stream_version"]


def published(http: httpx.Client, *replicas: ServiceProcess) -> float:
    return sum(metric(http, r.url, "relay_published_total") for r in replicas)


@pytest.mark.parametrize("service", COMMAND_SERVICES)
def test_two_command_replicas_on_one_database_stay_consistent_and_one_relay_publishes(
    service, cluster, http, auth, capsys, record_property,
):
    writes = WRITES[service]
    a, b = cluster.replica(service, service), cluster.replica(service, service)
    records = [writes.create(http, a.url, 0), writes.create(http, b.url, 1)]
    created = {record: writes.recorded(http, a.url, record) for record in records}
    assert all(changes == 0 for _, changes in created.values()), created
    events, _ = feed(http, a.url)
    assert {e["subject"] for e in events} == {writes.aggregate.stream_id(r) for r in records}, "each record is one stream"

    results: list = []
    writers = [threading.Thread(target=racing_writer, args=([a.url, b.url], auth(), writes, records, WRITES_EACH, seed, results))
               for seed in range(WRITERS)]
    for w in writers:
        w.start()
    for w in writers:
        w.join()

    statuses = Counter(status for status, _, _ in results)
    assert set(statuses) <= {201, 409}, statuses
    assert statuses[409] > 0, "no write ever raced another: the test did not exercise concurrency"
    for record in records:
        first = created[record][0]
        versions = [v for status, r, v in results if status == 201 and r == record]
        assert len(versions) == len(set(versions)), "a stream version was given to two writes"
        assert sorted(versions) == list(range(first + 1, first + len(versions) + 1)), "versions are dense"
        for replica in (a, b):
            assert writes.recorded(http, replica.url, record) == (first + len(versions), len(versions)), \
                "an acknowledged write was lost"

    events, head = feed(http, b.url)
    assert head == len(events) == sum(v for v, _ in created.values()) + statuses[201]
    assert [e["position"] for e in events] == list(range(1, head + 1)), "the feed is dense and in order"
    keys = [(e["subject"], e["streamversion"]) for e in events]
    assert len(set(keys)) == len(keys)
    assert feed(http, a.url)[0] == events, "both replicas serve the same feed"

    topic = cluster.topic(service)
    seen = asyncio.run(topic_messages(cluster.broker.bootstrap, topic, set(keys), timeout=30))
    assert set(keys) <= set(seen), f"events missing from the topic: {sorted(set(keys) - set(seen))[:5]}"
    assert set(seen) <= set(keys), "the topic holds an event the store does not"
    # One relay at a time: each event was published by exactly one replica, once (no failures happened).
    count = wait_for(lambda: (n := published(http, a, b)) >= head and n, 10, "the relays did not report every event published")
    assert count == head, f"{count} publications for {head} events: two relays published the same events"

    take_over = relay_take_over(cluster, http, auth, writes, records, leader=a, survivor=b, topic=topic)
    record_property("relay_take_over_seconds", round(take_over, 3))
    with capsys.disabled():
        print(f"\n{service}: relay take-over after SIGKILL: {take_over:.1f} s", flush=True)
    assert take_over < TAKE_OVER_BOUND_SECONDS, f"the surviving replica took {take_over:.1f} s to publish"


def relay_take_over(cluster: Cluster, http: httpx.Client, auth, writes: SameStreamWrites, records: list[str], *,
                    leader: ServiceProcess, survivor: ServiceProcess, topic: str) -> float:
    """SIGKILL `leader` while it publishes; seconds until `survivor` has published the first change written after it.

    Also checks that nothing was lost on the way: the loaded record holds every change acknowledged before the
    kill and at most the one in flight, the feed stays dense, and every event in the store reaches the topic.
    """
    with TopicTail(cluster.broker.bootstrap, topic) as tail:
        stop, loaded = threading.Event(), []
        load = threading.Thread(target=steady_writer, args=(leader.url, auth(), writes, records[0], stop, loaded))
        before = metric(http, leader.url, "relay_published_total")
        load.start()
        try:
            wait_for(lambda: metric(http, leader.url, "relay_published_total") >= before + 5, 30,
                     "the replica under load did not publish")
            killed_at = time.monotonic()
            leader.kill()
        finally:
            stop.set()
            load.join(timeout=30)
        first = (writes.aggregate.stream_id(records[1]), post_change(http, survivor.url, writes, records[1], "after-kill-0"))
        arrived = tail.arrival(first, timeout=2 * TAKE_OVER_BOUND_SECONDS)
        assert arrived is not None, "the surviving replica never published what followed the kill"
        take_over = arrived - killed_at

    assert loaded and all(status == 201 for status, _, _ in loaded), Counter(status for status, _, _ in loaded)
    acknowledged = max(v for _, _, v in loaded)
    version, _ = writes.recorded(http, survivor.url, records[0])
    assert acknowledged <= version <= acknowledged + 1, f"{records[0]} is at version {version}, {acknowledged} acknowledged"

    for n in range(1, 11):
        post_change(http, survivor.url, writes, records[n % 2], f"after-kill-{n}")
    events, head = feed(http, survivor.url)
    assert [e["position"] for e in events] == list(range(1, head + 1)), "the feed is dense after the kill"
    assert head == sum(writes.recorded(http, survivor.url, record)[0] for record in records), "the feed and the records disagree"
    keys = {(e["subject"], e["streamversion"]) for e in events}
    seen = asyncio.run(topic_messages(cluster.broker.bootstrap, topic, keys, timeout=30))
    assert keys <= set(seen), f"events missing from the topic after the kill: {sorted(keys - set(seen))[:5]}"
    return take_over


ONSITE_FIRMS = [("91440101MA5CJQ4N59", "private"), ("91110000600037341L", "state_owned")]


def onsite_load(url: str, headers: dict, centers: list[str], stop: threading.Event, written: list[str], seed: int) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=url, headers=headers, timeout=30) as client:
        n = 0
        while not stop.is_set() and n < 400:
            uscc, ownership = rng.choice(ONSITE_FIRMS)
            body = {"center_id": rng.choice(centers), "occurred_on": f"2019-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    "enterprises": [{"uscc": uscc, "name": "企业", "ownership": ownership, "region": "420100"}]}
            for _ in range(10):
                try:
                    response = client.post("/v1/onsite-services", json=body, headers={"Idempotency-Key": f"load-{seed}-{n}"})
                    if response.status_code == 201:
                        written.append(response.json()["service_id"])
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            n += 1
            time.sleep(0.01)


KNOWN_AT = "2100-01-01T00:00:00+08:00"


def report(http: httpx.Client, projection: ServiceProcess) -> list[dict]:
    response = http.get(f"{projection.url}/v1/attainment", params={"year": 2019, "as_of": "2019-12-31", "known_at": KNOWN_AT})
    assert response.status_code == 200, response.text
    return response.json()["targets"]


def t04(targets: list[dict]) -> tuple[int, int]:
    detail = next(t for t in targets if t.get("target_id", t.get("id")) == "T04")["detail"]
    return detail["center_months_due"], detail["center_months_met"]


def test_two_projection_replicas_in_one_group_equal_a_single_projection(cluster, http, auth):
    enforcement = cluster.replica("enforcement", "enforcement")
    sources = json.dumps({"enforcement": enforcement.url})
    common = {"sources": sources, "reconcile_interval_seconds": "1"}
    first = cluster.replica("projection", "pair", consumer_group="pair", **common)
    second = cluster.replica("projection", "pair", consumer_group="pair", **common)
    single = cluster.replica("projection", "single", consumer_group="single", **common)

    centers = [f"c{i}" for i in range(6)]
    for i, center_id in enumerate(centers):
        response = http.post(f"{enforcement.url}/v1/assistance-centers", json={
            "center_id": center_id, "name": center_id, "region": "420100", "registered_on": f"2019-0{1 + i % 3}-01"})
        assert response.status_code == 201, response.text

    stop, written = threading.Event(), []
    writers = [threading.Thread(target=onsite_load, args=(enforcement.url, auth(), centers, stop, written, s)) for s in range(3)]
    for w in writers:
        w.start()
    try:
        # Both members of the group receive from Kafka: the partitions are shared between them.
        wait_for(lambda: all(metric(http, p.url, "projection_applied_total", '{path="kafka",source="enforcement"}') > 0
                             for p in (first, second)), 30, "both projection replicas receive events from Kafka")
        first.kill()  # its partitions move to the other member; nothing it was applying is lost
        time.sleep(2.0)
    finally:
        stop.set()
        for w in writers:
            w.join()
    assert len(written) > 30

    events, _ = feed(http, enforcement.url)
    assert sum(1 for e in events if e["type"].endswith("OnsiteServiceRecorded.v1")) == len(written)
    expected = t04_from_events(events, 2019, date(2019, 12, 31), datetime(2100, 1, 1, tzinfo=timezone.utc))
    wait_for(lambda: t04(report(http, single)) == expected, 60, "the single projection did not reach the store's figures")
    wait_for(lambda: t04(report(http, second)) == expected, 60, "the surviving group member did not reach the store's figures")
    assert metric(http, second.url, "projection_applied_total", '{path="kafka",source="enforcement"}') > 0
    assert report(http, second) == report(http, single)

    first.start()  # back in the group, on the same database: the same figures, nothing applied twice
    wait_for(lambda: report(http, first) == report(http, single), 30, "the restarted member disagrees")


def test_the_images_migrate_command_applies_the_schema_and_exits(postgres_server, test_id, kafka_broker):
    database = f"x_{test_id}_migrate"
    env = {
        **os.environ, "SERVICE": "enforcement", "AUTH_SIGNING_KEY": SIGNING_KEY, "ENVIRONMENT": "test",
        "KAFKA_BOOTSTRAP_SERVERS": kafka_broker.bootstrap, "KAFKA_TOPIC_PREFIX": f"m{test_id}.",
        "ENFORCEMENT_DATABASE_URL": postgres_server.url(database), "ENFORCEMENT_CREATE_DATABASE": "true",
        "LOG_LEVEL": "WARNING",
    }
    for _ in range(2):  # a second run finds everything applied and changes nothing
        done = subprocess.run([sys.executable, str(DEPLOY / "docker" / "entrypoint.py"), "migrate"], env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "enforcement: 迁移已完成；migrations applied" in done.stdout

    async def tables() -> set[str]:
        engine = create_async_engine(postgres_server.url(database))
        try:
            async with engine.connect() as conn:
                rows = await conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
                return {r.tablename for r in rows}
        finally:
            await engine.dispose()

    found = asyncio.run(tables())
    assert {"events", "streams", "relay_checkpoints", "alembic_version"} <= found, found
    unknown = subprocess.run([sys.executable, str(DEPLOY / "docker" / "entrypoint.py"), "migrate"],
                             env={**env, "SERVICE": "nonsense"}, capture_output=True, text=True, timeout=60)
    assert unknown.returncode != 0 and "SERVICE must be one of" in unknown.stderr
