"""Publishes the service's events to its Kafka topic in position order, at least once.

The event store is the outbox: the relay reads positioned events after its checkpoint, sends them keyed by
stream id with acks=all, waits for every acknowledgement, then moves the checkpoint in the same transaction
that share-locked it. A crash between send and checkpoint resends; consumers deduplicate. Only one replica
relays at a time (the checkpoint row is taken with SKIP LOCKED); a replica that freezes holding it loses it
when PostgreSQL ends its idle transaction (`DB_IDLE_IN_TRANSACTION_SECONDS`). The loop also runs the sequencer, so
positions are assigned even while the broker is down, and writes never wait for the broker.
"""

from __future__ import annotations

import asyncio
import time
from contextlib import suppress
from typing import Any

import structlog
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from kernel.eventstore.sequencer import assign_positions
from kernel.eventstore.store import EventStore
from kernel.observability import RELAY_LAG, RELAY_LAG_SECONDS, RELAY_POSITION, RELAY_PUBLISHED

log = structlog.get_logger()

_TAKE = text("SELECT position FROM relay_checkpoints WHERE name = :name FOR UPDATE SKIP LOCKED")
_INIT = text("INSERT INTO relay_checkpoints (name, position) VALUES (:name, 0) ON CONFLICT DO NOTHING")
_MOVE = text("UPDATE relay_checkpoints SET position = :position, updated_at = now() WHERE name = :name")
# What the store holds that the topic does not have yet: positioned events after the checkpoint, events not
# numbered yet, and the age of the next event to publish (the oldest waiting one). Index lookups only.
_LAG = text("""
SELECT c.position AS published,
       s.last_position - c.position + (SELECT count(*) FROM events WHERE position IS NULL) AS unpublished,
       EXTRACT(EPOCH FROM clock_timestamp() - LEAST(
           (SELECT recorded_at FROM events WHERE position = c.position + 1),
           (SELECT recorded_at FROM events WHERE position IS NULL ORDER BY id LIMIT 1))) AS oldest_seconds
FROM relay_checkpoints c CROSS JOIN event_sequence s WHERE c.name = :name AND s.id = 1
""")


def topic_for(service: str, prefix: str = "") -> str:
    return f"{prefix}{service}.events"


async def ensure_topic(bootstrap: str, topic: str, partitions: int, replication_factor: int = 1) -> None:
    """Create the topic when it is missing; an existing topic is left as it is."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=5000)
    await admin.start()
    try:
        result = await admin.create_topics(
            [NewTopic(topic, num_partitions=partitions, replication_factor=replication_factor)]
        )
        for _name, code, *_ in getattr(result, "topic_errors", []):
            if code not in (0, TopicAlreadyExistsError.errno):
                raise RuntimeError(f"creating topic {topic} failed with Kafka error {code}")
    except TopicAlreadyExistsError:
        pass
    finally:
        await admin.close()


class Relay:
    def __init__(
        self,
        engine: AsyncEngine,
        service: str,
        bootstrap: str,
        *,
        topic_prefix: str = "",
        partitions: int = 3,
        replication_factor: int = 1,
        batch: int = 1000,
        poll_interval: float = 0.2,
        send_timeout_seconds: float = 10.0,
    ) -> None:
        self.engine = engine
        self.service = service
        self.topic = topic_for(service, topic_prefix)
        self.bootstrap = bootstrap
        self.partitions = partitions
        self.replication_factor = replication_factor
        self.batch = batch
        self.poll_interval = poll_interval
        self.send_timeout_seconds = send_timeout_seconds
        self._wake = asyncio.Event()
        self._listeners: list = []
        self._task: asyncio.Task | None = None
        self._producer: AIOKafkaProducer | None = None
        self.broker_error: str | None = "not connected yet"
        self._lag_measured = 0.0

    def wake(self) -> None:
        self._wake.set()
        for listener in self._listeners:
            listener()

    def also_wake(self, listener) -> None:
        """Call `listener` too whenever a write commits (e.g. the service's own read models)."""
        self._listeners.append(listener)

    async def start(self) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(_INIT, {"name": self.topic})
        self._task = asyncio.create_task(self._run(), name=f"relay:{self.topic}")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task
        await self._drop_producer()

    @property
    def alive(self) -> bool:
        return self._task is not None and not self._task.done()

    async def _run(self) -> None:
        backoff = 0.0
        while True:
            worked = False
            try:
                worked = await assign_positions(self.engine) > 0
            except Exception:
                log.exception("sequencer failed")
            try:
                if backoff == 0.0 or await self._producer_ready():
                    published = await self.publish_pending()
                    worked = worked or published > 0
                    backoff = 0.0
            except Exception as exc:
                self.broker_error = f"{type(exc).__name__}: {exc}"
                log.warning("relay could not publish; the store keeps the events", error=self.broker_error)
                await self._drop_producer()
                backoff = min(max(backoff * 2, 0.5), 5.0)
            if time.monotonic() - self._lag_measured >= 1.0:
                with suppress(Exception):  # the metric waits for the database like everything else
                    await self.measure_lag()
            if not worked:
                self._wake.clear()
                with suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=backoff or self.poll_interval)

    async def _producer_ready(self) -> bool:
        if self._producer is None:
            await ensure_topic(self.bootstrap, self.topic, self.partitions, self.replication_factor)
            producer = AIOKafkaProducer(
                bootstrap_servers=self.bootstrap,
                acks="all",
                enable_idempotence=False,  # the development broker has no InitProducerId; consumers deduplicate
                linger_ms=2,
                request_timeout_ms=int(self.send_timeout_seconds * 1000),
            )
            await producer.start()
            self._producer = producer
            self.broker_error = None
        return True

    async def _drop_producer(self) -> None:
        producer, self._producer = self._producer, None
        if producer is not None:
            with suppress(Exception):
                await producer.stop()

    async def publish_pending(self) -> int:
        """Publish one batch after the checkpoint; returns how many were published."""
        await self._producer_ready()
        assert self._producer is not None
        async with self.engine.begin() as conn:
            checkpoint = (await conn.execute(_TAKE, {"name": self.topic})).scalar()
            if checkpoint is None:
                return 0  # another replica is relaying
            batch = await EventStore.read_after(conn, checkpoint, self.batch)
            if batch:
                # bounded: the transaction holding the checkpoint must not outlive what the server allows it
                async with asyncio.timeout(2 * self.send_timeout_seconds):
                    sends = [
                        await self._producer.send(
                            self.topic, key=e.stream_id.encode(), value=e.envelope_bytes(self.service)
                        )
                        for e in batch
                    ]
                    await asyncio.gather(*sends)
                checkpoint = batch[-1].position
                await conn.execute(_MOVE, {"name": self.topic, "position": checkpoint})
            head = await EventStore.head(conn)
        RELAY_PUBLISHED.inc(len(batch))
        RELAY_POSITION.set(checkpoint)
        RELAY_LAG.set(max(head - checkpoint, 0))
        return len(batch)

    async def measure_lag(self) -> dict[str, Any]:
        """How far the topic is behind the store, measured in the store (true whichever replica relays, and
        while the broker is down): sets `relay_lag_events` and `relay_lag_seconds`, and returns the figures."""
        async with self.engine.connect() as conn:
            row = (await conn.execute(_LAG, {"name": self.topic})).one()
        self._lag_measured = time.monotonic()
        unpublished, oldest = int(row.unpublished), max(float(row.oldest_seconds or 0.0), 0.0)
        RELAY_LAG.set(unpublished)
        RELAY_LAG_SECONDS.set(oldest)
        return {"published_position": int(row.published), "unpublished_events": unpublished,
                "oldest_unpublished_seconds": round(oldest, 3)}

    async def report(self, broker_timeout: float = 2.5) -> dict[str, Any]:
        """What /readyz reports of the relay without deciding readiness (writes do not need the broker): whether
        the broker answers now, and how far the topic is behind the store."""
        try:
            await asyncio.wait_for(self.check_broker(), timeout=broker_timeout)
            broker = "ok"
        except Exception as exc:
            broker = f"failing: {type(exc).__name__}: {exc}"[:300]
        try:
            lag: dict[str, Any] = await self.measure_lag()
        except Exception as exc:
            lag = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        return {"broker": broker, "relay": {"alive": self.alive, "last_error": self.broker_error, **lag}}

    async def check_broker(self) -> None:
        """The broker answers (a fresh metadata request, not a cached connection)."""
        admin = AIOKafkaAdminClient(bootstrap_servers=self.bootstrap, request_timeout_ms=2000)
        try:
            await asyncio.wait_for(admin.start(), timeout=3)
            await asyncio.wait_for(admin.list_topics(), timeout=3)
        finally:
            with suppress(Exception):
                await admin.close()
