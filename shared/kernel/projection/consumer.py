"""The fast path: a Kafka consumer group reading every source's topic and handing batches to the projector."""

from __future__ import annotations

import asyncio
from contextlib import suppress

import structlog
from aiokafka import AIOKafkaConsumer

from kernel.projection.projector import Projector
from kernel.projection.received import MalformedEvent, from_bytes
from kernel.relay import ensure_topic, topic_for

log = structlog.get_logger()


class KafkaConsumerWorker:
    def __init__(
        self, projector: Projector, sources: list[str], bootstrap: str, group_id: str, *, topic_prefix: str = "", partitions: int = 3
    ) -> None:
        self.projector = projector
        self.topics = [topic_for(s, topic_prefix) for s in sources]
        self.bootstrap = bootstrap
        self.group_id = group_id
        self.partitions = partitions
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
                    await ensure_topic(self.bootstrap, topic, self.partitions)
                consumer = AIOKafkaConsumer(
                    *self.topics,
                    bootstrap_servers=self.bootstrap,
                    group_id=self.group_id,
                    enable_auto_commit=False,
                    auto_offset_reset="earliest",
                    metadata_max_age_ms=5000,
                    fetch_max_wait_ms=20,
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
        while True:
            batch = await consumer.getmany(timeout_ms=100, max_records=2000)
            if not batch:
                continue
            events = []
            for messages in batch.values():
                for message in messages:
                    try:
                        events.append(from_bytes(message.value))
                    except MalformedEvent as exc:
                        log.error("skipping a malformed message", topic=message.topic, offset=message.offset, error=str(exc))
            await self.projector.apply(events, path="kafka")
            await consumer.commit()
