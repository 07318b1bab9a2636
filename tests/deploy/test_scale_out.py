"""Scale-out, with the project's own processes on loopback: several replicas on one database and one broker.

- Two replicas of a command service on the same database, with concurrent writes to the same streams: every
  answer is 201 or 409, versions are never given twice, no acknowledged write is lost, the feed is dense,
  exactly one relay publishes each event (the replicas' relay_published_total add up to the head), every
  event reaches the topic, and when a replica is killed the other publishes what follows.
- Two projection replicas in one consumer group on one database: both receive from Kafka (partitions are
  shared), one is killed mid-stream, and the figures equal those of a single projection on its own database
  and those computed from the events themselves.
- The image's `migrate` command applies a service's migrations against a real server and exits.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import date, datetime, timezone

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from kernel.infra.postgres import free_port
from kernel.testing.fixtures import SIGNING_KEY
from kernel.testing.servers import KafkaBroker, ServiceProcess
from tests.deploy.conftest import DEPLOY
from tests.enforcement.bodies import mediation_case
from tests.projection.oracle import t04_from_events

pytestmark = pytest.mark.system
FIRMS = [("91440101MA5CJQ4N59", "private"), ("91110000600037341L", "state_owned")]


class Cluster:
    """Service replicas as OS processes, sharing the session's PostgreSQL and this test's broker."""

    def __init__(self, postgres_server, broker: KafkaBroker, test_id: str, log_dir) -> None:
        self.postgres, self.broker, self.test_id, self.log_dir = postgres_server, broker, test_id, log_dir
        self.prefix = f"x{test_id}."
        self.processes: list[ServiceProcess] = []

    def replica(self, service: str, database: str, **settings: str) -> ServiceProcess:
        p, port = service.upper() + "_", free_port()
        env = {
            "AUTH_SIGNING_KEY": SIGNING_KEY, "ENVIRONMENT": "test", "LOG_FORMAT": "json", "LOG_LEVEL": "WARNING",
            "KAFKA_BOOTSTRAP_SERVERS": self.broker.bootstrap, "KAFKA_TOPIC_PREFIX": self.prefix,
            f"{p}PORT": str(port), f"{p}DATABASE_URL": self.postgres.url(f"x_{self.test_id}_{database}"),
            f"{p}CREATE_DATABASE": "true", **{f"{p}{k.upper()}": v for k, v in settings.items()},
        }
        process = ServiceProcess(service, port, env, self.log_dir / f"{service}-{port}.log")
        self.processes.append(process)
        return process.start()

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()


@pytest.fixture
def cluster(postgres_server, test_id, tmp_path):
    broker = KafkaBroker().start()
    cluster = Cluster(postgres_server, broker, test_id, tmp_path)
    yield cluster
    cluster.stop()
    broker.stop()


@pytest.fixture
def http(auth):
    with httpx.Client(headers=auth(), timeout=30) as client:
        yield client


def feed(http: httpx.Client, url: str) -> tuple[list[dict], int]:
    events, after, head = [], 0, 0
    while True:
        page = http.get(f"{url}/v1/events", params={"after": after, "limit": 1000}).json()
        head = page["head"]
        if not page["events"]:
            return events, head
        events.extend(page["events"])
        after = page["next_after"]


def metric(http: httpx.Client, url: str, name: str, labels: str = "") -> float:
    body = http.get(f"{url}/metrics").text
    pattern = rf"^{re.escape(name)}{re.escape(labels)}\s+(\S+)$" if labels else rf"^{re.escape(name)}(?:\{{[^}}]*\}})?\s+(\S+)$"
    return sum(float(v) for v in re.findall(pattern, body, re.M))


def wait_for(predicate, timeout: float, message: str):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        assert time.monotonic() < deadline, f"{message} (within {timeout}s); last: {value!r}"
        time.sleep(0.2)


async def topic_messages(bootstrap: str, topic: str, wanted: set[tuple[str, int]], timeout: float) -> Counter:
    """(subject, streamversion) of every message on the topic, read until `wanted` are all there or timeout."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None)
    await consumer.start()
    seen: Counter = Counter()
    try:
        partitions = [TopicPartition(topic, p) for p in (consumer.partitions_for_topic(topic) or set())]
        if not partitions:
            await consumer._client.force_metadata_update()
            partitions = [TopicPartition(topic, p) for p in (consumer.partitions_for_topic(topic) or set())]
        assert partitions, f"topic {topic} has no partitions"
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        deadline = time.monotonic() + timeout
        while not wanted <= set(seen) and time.monotonic() < deadline:
            for messages in (await consumer.getmany(timeout_ms=200, max_records=5000)).values():
                for message in messages:
                    event = json.loads(message.value)
                    assert message.key.decode() == event["subject"], "messages are keyed by stream id"
                    seen[(event["subject"], event["streamversion"])] += 1
    finally:
        await consumer.stop()
    return seen


def session_writer(replicas: list[str], headers: dict, cases: list[str], count: int, seed: int, results: list) -> None:
    rng = random.Random(seed)
    clients = [httpx.Client(base_url=url, headers=headers, timeout=30) for url in replicas]
    try:
        for n in range(count):
            case_id = rng.choice(cases)
            client = rng.choice(clients)
            response = client.post(f"/v1/mediation-cases/{case_id}/sessions", json={"held_on": "2019-03-15"},
                                   headers={"Idempotency-Key": f"w{seed}-{n}"})
            version = response.json().get("stream_version") if response.status_code == 201 else None
            results.append((response.status_code, case_id, version))
    finally:
        for client in clients:
            client.close()


def test_two_command_replicas_on_one_database_stay_consistent_and_one_relay_publishes(cluster, http, auth):
    a = cluster.replica("enforcement", "enforcement")
    b = cluster.replica("enforcement", "enforcement")
    cases = []
    for replica in (a, b):
        response = http.post(f"{replica.url}/v1/mediation-cases", json=mediation_case())
        assert response.status_code == 201, response.text
        cases.append(response.json()["case_id"])

    results: list = []
    writers = [threading.Thread(target=session_writer, args=([a.url, b.url], auth(), cases, 30, seed, results))
               for seed in range(8)]
    for w in writers:
        w.start()
    for w in writers:
        w.join()

    statuses = Counter(status for status, _, _ in results)
    assert set(statuses) <= {201, 409}, statuses
    assert statuses[409] > 0, "no write ever raced another: the test did not exercise concurrency"
    for case_id in cases:
        versions = [v for status, c, v in results if status == 201 and c == case_id]
        assert len(versions) == len(set(versions)), "a stream version was given to two writes"
        assert sorted(versions) == list(range(2, len(versions) + 2)), "versions are dense from 2"
        for replica in (a, b):
            view = http.get(f"{replica.url}/v1/mediation-cases/{case_id}").json()
            assert view["stream_version"] == len(versions) + 1
            assert len(view["sessions"]) == len(versions), "an acknowledged write was lost"

    events, head = feed(http, b.url)
    acknowledged = statuses[201] + len(cases)
    assert head == len(events) == acknowledged
    assert [e["position"] for e in events] == list(range(1, head + 1)), "the feed is dense and in order"
    keys = [(e["subject"], e["streamversion"]) for e in events]
    assert len(set(keys)) == len(keys)
    assert feed(http, a.url)[0] == events, "both replicas serve the same feed"

    topic = f"{cluster.prefix}enforcement.events"
    seen = asyncio.run(topic_messages(cluster.broker.bootstrap, topic, set(keys), timeout=30))
    assert set(keys) <= set(seen), f"events missing from the topic: {sorted(set(keys) - set(seen))[:5]}"
    assert set(seen) <= set(keys), "the topic holds an event the store does not"
    # One relay at a time: each event was published by exactly one replica, once (no failures happened).
    published = wait_for(
        lambda: (n := metric(http, a.url, "relay_published_total") + metric(http, b.url, "relay_published_total")) >= head and n,
        10, "the relays did not report every event published")
    assert published == head, f"{published} publications for {head} events: two relays published the same events"

    # The other replica takes over when one is killed: what is written afterwards still reaches the topic.
    a.kill()
    for n in range(20):
        response = http.post(f"{b.url}/v1/mediation-cases/{cases[n % 2]}/sessions", json={"held_on": "2019-03-16"},
                             headers={"Idempotency-Key": f"after-kill-{n}"})
        assert response.status_code == 201, response.text
    events, head = feed(http, b.url)
    assert [e["position"] for e in events] == list(range(1, head + 1)) and head == acknowledged + 20
    after_kill = {(e["subject"], e["streamversion"]) for e in events} - set(keys)
    assert len(after_kill) == 20
    started = time.monotonic()
    seen = asyncio.run(topic_messages(cluster.broker.bootstrap, topic, set(keys) | after_kill, timeout=15))
    assert after_kill <= set(seen), "the surviving replica did not publish what followed the kill"
    assert time.monotonic() - started < 15


def onsite_load(url: str, headers: dict, centers: list[str], stop: threading.Event, written: list[str], seed: int) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=url, headers=headers, timeout=30) as client:
        n = 0
        while not stop.is_set() and n < 400:
            uscc, ownership = rng.choice(FIRMS)
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
        assert "enforcement: migrations applied" in done.stdout

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
