"""Replicas of the services as OS processes on loopback, and what the scale-out tests read from them.

A `Cluster` shares the session's PostgreSQL and one broker of its own between service replicas; the helpers
read a service's feed and metrics over HTTP and a topic's messages straight from the broker.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from collections import Counter

import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition

from kernel.infra.postgres import free_port
from kernel.testing.fixtures import SIGNING_KEY
from kernel.testing.servers import KafkaBroker, ServiceProcess, service_env
from tests.system.helpers import feed, wait_for  # noqa: F401  (the deploy tests' helpers too)


class Cluster:
    """Service replicas as OS processes, sharing the session's PostgreSQL and this test's broker."""

    def __init__(self, postgres_server, broker: KafkaBroker, test_id: str, log_dir) -> None:
        self.postgres, self.broker, self.test_id, self.log_dir = postgres_server, broker, test_id, log_dir
        self.prefix = f"x{test_id}."
        self.processes: list[ServiceProcess] = []

    def topic(self, service: str) -> str:
        return f"{self.prefix}{service}.events"

    def replica(self, service: str, database: str, shared: dict[str, str] | None = None, **settings: str) -> ServiceProcess:
        """`settings` are the service's own (prefixed with its name); `shared` are variables all processes read."""
        port = free_port()
        env = {
            "AUTH_SIGNING_KEY": SIGNING_KEY, "ENVIRONMENT": "test", "LOG_FORMAT": "json", "LOG_LEVEL": "WARNING",
            "KAFKA_BOOTSTRAP_SERVERS": self.broker.bootstrap, "KAFKA_TOPIC_PREFIX": self.prefix, **(shared or {}),
            **service_env(service, port, self.postgres.url(f"x_{self.test_id}_{database}"), **settings),
        }
        process = ServiceProcess(service, port, env, self.log_dir / f"{service}-{port}.log")
        self.processes.append(process)
        return process.start()

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()


def metric(http: httpx.Client, url: str, name: str, labels: str = "") -> float:
    body = http.get(f"{url}/metrics").text
    pattern = rf"^{re.escape(name)}{re.escape(labels)}\s+(\S+)$" if labels else rf"^{re.escape(name)}(?:\{{[^}}]*\}})?\s+(\S+)$"
    return sum(float(v) for v in re.findall(pattern, body, re.M))


async def _assign_all(consumer: AIOKafkaConsumer, topic: str) -> list[TopicPartition]:
    partitions = [TopicPartition(topic, p) for p in (consumer.partitions_for_topic(topic) or set())]
    if not partitions:
        await consumer._client.force_metadata_update()
        partitions = [TopicPartition(topic, p) for p in (consumer.partitions_for_topic(topic) or set())]
    assert partitions, f"topic {topic} has no partitions"
    consumer.assign(partitions)
    await consumer.seek_to_beginning(*partitions)
    return partitions


def _key_of(message) -> tuple[str, int]:
    event = json.loads(message.value)
    assert message.key.decode() == event["subject"], "messages are keyed by stream id"
    return event["subject"], event["streamversion"]


async def topic_messages(bootstrap: str, topic: str, wanted: set[tuple[str, int]], timeout: float) -> Counter:
    """(subject, streamversion) of every message on the topic, read until `wanted` are all there or timeout."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None)
    await consumer.start()
    seen: Counter = Counter()
    try:
        await _assign_all(consumer, topic)
        deadline = time.monotonic() + timeout
        while not wanted <= set(seen) and time.monotonic() < deadline:
            for messages in (await consumer.getmany(timeout_ms=200, max_records=5000)).values():
                for message in messages:
                    seen[_key_of(message)] += 1
    finally:
        await consumer.stop()
    return seen


class TopicTail:
    """Reads a topic in a thread of its own and notes when each (subject, streamversion) first arrived."""

    def __init__(self, bootstrap: str, topic: str) -> None:
        self.bootstrap, self.topic = bootstrap, topic
        self.arrivals: dict[tuple[str, int], float] = {}
        self._ready, self._stop = threading.Event(), threading.Event()
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=lambda: asyncio.run(self._read()), name=f"tail:{topic}", daemon=True)

    def __enter__(self) -> "TopicTail":
        self._thread.start()
        assert self._ready.wait(30), f"could not start reading {self.topic}"
        if self._failure:
            raise self._failure
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def arrival(self, key: tuple[str, int], timeout: float) -> float | None:
        """The monotonic time `key` arrived at, waiting up to `timeout` seconds for it; None if it never did."""
        deadline = time.monotonic() + timeout
        while key not in self.arrivals and time.monotonic() < deadline and self._failure is None:
            time.sleep(0.01)
        if self._failure:
            raise self._failure
        return self.arrivals.get(key)

    async def _read(self) -> None:
        consumer = AIOKafkaConsumer(bootstrap_servers=self.bootstrap, enable_auto_commit=False, group_id=None)
        try:
            await consumer.start()
            await _assign_all(consumer, self.topic)
            self._ready.set()
            while not self._stop.is_set():
                for messages in (await consumer.getmany(timeout_ms=50, max_records=5000)).values():
                    now = time.monotonic()
                    for message in messages:
                        self.arrivals.setdefault(_key_of(message), now)
        except BaseException as exc:  # reported to the test thread
            self._failure = exc
            self._ready.set()
        finally:
            await consumer.stop()
