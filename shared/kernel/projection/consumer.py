"""The fast path: a Kafka consumer group reading every source's topic and handing batches to the projector.

A poll's messages (up to 2,000) are one batch, applied in one transaction while the next poll is read."""

from __future__ import annotations

import asyncio
from contextlib import suppress
from typing import Any, Sequence

import structlog
from aiokafka import AIOKafkaConsumer, TopicPartition

from kernel.projection.projector import ApplyResult, Projector
from kernel.projection.received import MalformedEvent, ReceivedEvent, from_bytes
from kernel.relay import ensure_topic, topic_for

log = structlog.get_logger()


def decode(batch: dict[TopicPartition, list]) -> list[ReceivedEvent]:
    """The events of one poll (a malformed message is logged and skipped)."""
    events = []
    for messages in batch.values():
        for message in messages:
            try:
                events.append(from_bytes(message.value))
            except MalformedEvent as exc:
                log.error("skipping a malformed message", topic=message.topic, offset=message.offset, error=str(exc))
    return events


class ApplyPipeline:
    """Hands batches to the projector one after the other, without waiting for one to be applied before the
    next is fetched and decoded: while PostgreSQL applies a batch, this process reads the next one.

    `submit` starts a batch once the one before it is applied, and returns that one's result with the token
    it was submitted with (e.g. the offsets to commit); `wait` finishes the batch in flight. An apply that
    fails raises from the next `submit` or `wait`, and no later batch is started.
    """

    def __init__(self, projector: Projector, path: str) -> None:
        self.projector = projector
        self.path = path
        self._running: asyncio.Task | None = None

    async def submit(self, events: Sequence[ReceivedEvent], token: Any = None) -> tuple[ApplyResult, Any] | None:
        done = await self.wait()
        self._running = asyncio.create_task(self._apply(events, token), name=f"projection:{self.path}:apply")
        return done

    async def _apply(self, events: Sequence[ReceivedEvent], token: Any) -> tuple[ApplyResult, Any]:
        return await self.projector.apply(events, path=self.path), token

    async def wait(self) -> tuple[ApplyResult, Any] | None:
        running, self._running = self._running, None
        return await running if running is not None else None

    async def cancel(self) -> None:
        running, self._running = self._running, None
        if running is not None:
            running.cancel()
            with suppress(asyncio.CancelledError, Exception):
                await running


class KafkaConsumerWorker:
    def __init__(
        self, projector: Projector, sources: list[str], bootstrap: str, group_id: str, *, topic_prefix: str = "", partitions: int = 3,
        replication_factor: int = 1, session_timeout_ms: int = 10_000,
    ) -> None:
        self.projector = projector
        self.session_timeout_ms = session_timeout_ms
        self.topics = [topic_for(s, topic_prefix) for s in sources]
        self.bootstrap = bootstrap
        self.group_id = group_id
        self.partitions = partitions
        self.replication_factor = replication_factor
        self._task: asyncio.Task | None = None
        self._consumer: AIOKafkaConsumer | None = None
        self.error: str | None = "not started"

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="projection:kafka")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task

    @property
    def alive(self) -> bool:
        return self._task is not None and not self._task.done()

    @property
    def receiving(self) -> bool:
        """Joined to its group with partitions assigned: the fast path is working."""
        return self.alive and self.error is None and self._consumer is not None and bool(self._consumer.assignment())

    async def _run(self) -> None:
        backoff = 0.5
        while True:
            consumer = None
            try:
                for topic in self.topics:
                    await ensure_topic(self.bootstrap, topic, self.partitions, self.replication_factor)
                consumer = AIOKafkaConsumer(
                    *self.topics,
                    bootstrap_servers=self.bootstrap,
                    group_id=self.group_id,
                    enable_auto_commit=False,
                    auto_offset_reset="earliest",
                    metadata_max_age_ms=5000,
                    fetch_max_wait_ms=20,
                    session_timeout_ms=self.session_timeout_ms,
                    heartbeat_interval_ms=max(self.session_timeout_ms // 3, 100),  # below the session, as Kafka asks
                )
                await consumer.start()
                self._consumer = consumer
                self.error = None
                backoff = 0.5
                await self._consume(consumer)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.error = f"{type(exc).__name__}: {exc}"
                log.warning("kafka consumer failed; the feed reconciler keeps the read models complete", error=self.error)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
            finally:
                self._consumer = None
                if consumer is not None:
                    with suppress(Exception):
                        await consumer.stop()

    async def _consume(self, consumer: AIOKafkaConsumer) -> None:
        """Poll, decode and apply, a poll's batch in one transaction; the offsets of a batch are committed once
        it is applied (a batch applied but not committed is offered again after a restart: the ledger skips it)."""
        pipeline = ApplyPipeline(self.projector, "kafka")
        try:
            while True:
                batch = await consumer.getmany(timeout_ms=100, max_records=2000)
                if not batch:
                    done = await pipeline.wait()
                else:
                    offsets = {tp: messages[-1].offset + 1 for tp, messages in batch.items() if messages}
                    done = await pipeline.submit(decode(batch), offsets)
                if done is not None and done[1]:
                    await consumer.commit(done[1])
        except asyncio.CancelledError:
            await pipeline.cancel()
            raise
        except BaseException:
            with suppress(Exception):  # the broker failed: the batch in flight still completes (or rolls back)
                await pipeline.wait()
            raise
