"""Projection rebuild from the topic, beside raw consumption of the same topic that does nothing.

The topic holds `rebuild_events` envelopes as the enforcement relay publishes them (keyed by stream, three
partitions, dense positions). The rebuild reads them with the projection's consumer settings and applies each
poll's batch through `Projector` with the projection service's read models, into a fresh database, as the
projection's consumer does (`kernel.projection.consumer`: a poll decoded while the one before is applied) and
with the rebuild's projector settings (`projection.rebuild`: commits that do not wait for the disk); the
baseline reads the same topic from the start and only counts.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from sqlalchemy import text

import projection
from bench import data
from bench.config import Sizes
from bench.cpu import CpuMeter
from bench.infra import Environment
from bench.report import Figure
from kernel.db import PROJECTION_MIGRATIONS, ensure_database, make_engine, migrate
from kernel.projection.consumer import ApplyPipeline, decode
from kernel.projection.projector import Projector
from kernel.relay import ensure_topic
from projection.readmodels import all_read_models

DATABASE = "bench_rebuild"
PARTITIONS = 3
MIN_RATE = 50_000
PROJECTION_VERSIONS = Path(projection.__file__).parent / "migrations" / "versions"


def topic(env: Environment) -> str:
    return f"{env.topic_prefix}rebuild.events"


async def fill(env: Environment, count: int) -> float:
    """Publish the events; returns the seconds it took."""
    await ensure_topic(env.bootstrap, topic(env), PARTITIONS)
    producer = AIOKafkaProducer(bootstrap_servers=env.bootstrap, acks="all", linger_ms=5, max_batch_size=256 * 1024,
                                enable_idempotence=False, request_timeout_ms=30_000)
    await producer.start()
    began = time.perf_counter()
    try:
        pending = []
        for key, value in data.synthetic_envelopes(count):
            pending.append(await producer.send(topic(env), key=key, value=value))
            if len(pending) >= 5000:
                await asyncio.gather(*pending)
                pending.clear()
        await asyncio.gather(*pending)
    finally:
        await producer.stop()
    return time.perf_counter() - began


def consumer(env: Environment) -> AIOKafkaConsumer:
    # as kernel.projection.consumer reads, but without a group: from the start, nothing committed
    return AIOKafkaConsumer(topic(env), bootstrap_servers=env.bootstrap, group_id=None, enable_auto_commit=False,
                            auto_offset_reset="earliest", fetch_max_wait_ms=20, metadata_max_age_ms=5000)


async def consume(env: Environment, count: int, timeout: float, handle=None) -> tuple[int, float]:
    """Read until `count` messages (or the timeout); returns (messages, seconds from the first fetch)."""
    reader = consumer(env)
    await reader.start()
    try:
        seen = 0
        began = time.perf_counter()
        while seen < count and time.perf_counter() - began < timeout:
            batch = await reader.getmany(timeout_ms=200, max_records=2000)
            for messages in batch.values():
                seen += len(messages)
            if handle is not None and batch:
                await handle(batch)
        if handle is not None:
            await handle(None)  # the end: the last batch applied
        return seen, time.perf_counter() - began
    finally:
        await reader.stop()


_CURSORS = text("""
INSERT INTO projection_source_cursors (source, position, head)
SELECT source, max(position), max(position) FROM projection_applied_events GROUP BY source
HAVING max(position) = count(*)
ON CONFLICT (source) DO UPDATE SET position = EXCLUDED.position, head = EXCLUDED.head
""")


async def measure(env: Environment, sizes: Sizes) -> list[Figure]:
    count = sizes.rebuild_events
    fill_seconds = await fill(env, count)
    async with CpuMeter(env.cpu_roots()) as raw_cpu:
        raw_seen, raw_seconds = await consume(env, count, sizes.rebuild_timeout_seconds)

    url = env.database_url(DATABASE)
    await ensure_database(url)
    engine = make_engine(url, pool_size=2, max_overflow=0)
    applied = deferred = 0
    batches: list[int] = []
    try:
        await migrate(engine, [PROJECTION_MIGRATIONS, PROJECTION_VERSIONS])
        pipeline = ApplyPipeline(Projector(engine, all_read_models(), synchronous_commit=False), "rebuild")

        async def apply(batch) -> None:
            nonlocal applied, deferred
            if batch is None:
                done = await pipeline.wait()
            else:
                events = decode(batch)
                batches.append(len(events))
                done = await pipeline.submit(events)
            if done is not None:
                applied += len(done[0].applied)
                deferred += len(done[0].deferred)

        async with CpuMeter(env.cpu_roots()) as meter:
            seen, seconds = await consume(env, count, sizes.rebuild_timeout_seconds, apply)
        async with engine.begin() as conn:
            rows = (await conn.exec_driver_sql("SELECT count(*) FROM rm_onsite_services")).scalar_one()
            # as the feed reconciler leaves a projection that has applied every event (each source's cursor at the
            # top of its dense run of positions), so the query figure reads the database a live projection has
            await conn.execute(_CURSORS)
    finally:
        await engine.dispose()

    rate = applied / seconds if seconds else 0.0
    base = raw_seen / raw_seconds if raw_seconds else 0.0
    ratio = rate / base if base else None
    complete = seen >= count and raw_seen >= count
    return [Figure(
        "rebuild", f"projection rebuild of {count:,} events", rate, "events/s",
        f"≥ 0.5 × baseline and ≥ {MIN_RATE:,}/s", base, ratio,
        complete and ratio is not None and ratio >= 0.5 and rate >= MIN_RATE,
        {"events": count, "applied": applied, "deferred": deferred, "consumed": seen, "raw_consumed": raw_seen,
         "seconds": round(seconds, 2), "raw_seconds": round(raw_seconds, 2), "fill_seconds": round(fill_seconds, 2),
         "onsite_service_rows": rows, "batches": len(batches), "cpu_raw_consumption": raw_cpu.seconds(),
         "mean_batch": round(sum(batches) / len(batches), 1) if batches else 0,
         "shown": f"{applied:,} applied in {seconds:.1f} s vs raw {raw_seconds:.1f} s"
                  + ("" if complete else " (stopped at the time limit)") + "; the projector runs in the bench process"},
        cpu=meter.seconds(),
    )]
