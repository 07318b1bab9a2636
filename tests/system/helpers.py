"""Helpers of the system tests: reading a feed, a topic and the databases directly, and waiting for a condition."""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from typing import Any

import asyncpg
import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition


def wait_for(predicate, timeout: float, message: str, interval: float = 0.2) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        assert time.monotonic() < deadline, f"{message} (within {timeout}s); last: {value!r}"
        time.sleep(interval)


def feed(http: httpx.Client, url: str) -> tuple[list[dict], int]:
    """Every event of a service's feed, in order, and its head."""
    events, after = [], 0
    while True:
        page = http.get(f"{url}/v1/events", params={"after": after, "limit": 1000})
        assert page.status_code == 200, page.text
        body = page.json()
        if not body["events"]:
            return events, body["head"]
        events.extend(body["events"])
        after = body["next_after"]


def dsn(postgres_server, database: str) -> str:
    """asyncpg's DSN of one of the session server's databases."""
    return postgres_server.url(database).replace("postgresql+asyncpg://", "postgresql://")


async def fetch(url: str, sql: str, *args: Any) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(url, timeout=5)
    try:
        return await conn.fetch(sql, *args)
    finally:
        await conn.close()


def rows(url: str, sql: str, *args: Any) -> list[asyncpg.Record]:
    """The same, from a test without an event loop of its own."""
    return asyncio.run(fetch(url, sql, *args))


def relay_checkpoint(url: str) -> int:
    return min((r["position"] for r in rows(url, "SELECT position FROM relay_checkpoints")), default=0)


def applied(url: str, source: str) -> list[tuple[str, int, int, str]]:
    """The projection's ledger for one source: (stream, version, position, event id), as recorded."""
    return [(r["stream_id"], r["version"], r["position"], str(r["event_id"])) for r in rows(
        url, "SELECT stream_id, version, position, event_id FROM projection_applied_events WHERE source = $1", source)]


def feed_entries(events: list[dict]) -> set[tuple[str, int, int, str]]:
    return {(e["subject"], e["streamversion"], e["position"], e["id"]) for e in events}


async def topic_messages(bootstrap: str, topic: str, wanted: set[tuple[str, int]], timeout: float) -> Counter:
    """(subject, stream version) of each message on the topic, read from the start until `wanted` are all seen."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None)
    await consumer.start()
    seen: Counter = Counter()
    try:
        deadline = time.monotonic() + timeout
        partitions: list[TopicPartition] = []
        while not partitions and time.monotonic() < deadline:
            await consumer._client.force_metadata_update()
            partitions = [TopicPartition(topic, p) for p in (consumer.partitions_for_topic(topic) or set())]
        assert partitions, f"topic {topic} has no partitions"
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        while not wanted <= set(seen) and time.monotonic() < deadline:
            for messages in (await consumer.getmany(timeout_ms=200, max_records=5000)).values():
                for message in messages:
                    event = json.loads(message.value)
                    seen[(event["subject"], event["streamversion"])] += 1
    finally:
        await consumer.stop()
    return seen
