"""POST -> event store -> relay -> Kafka -> projection -> GET, checked against an oracle on the store itself."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timezone

import orjson
from aiokafka import AIOKafkaConsumer
from sqlalchemy import text

from kernel.testing.servers import KafkaBroker, eventually
from tests.projection.oracle import t04_from_events
from tests.projection.workload import all_events, record_services, register_centers

NOW = datetime(2100, 1, 1, tzinfo=timezone.utc)


async def t04(projection_client, region=None) -> tuple[int, int]:
    params = {"year": 2019, "as_of": "2019-12-31"}
    if region:
        params["region"] = region
    report = (await projection_client.get("/v1/attainment", params=params)).json()
    [target] = [t for t in report["targets"] if t["id"] == "T04"]
    return target["detail"]["center_months_due"], target["detail"]["center_months_met"]


async def applied_count(projection) -> int:
    async with projection.app.state.engine.connect() as conn:
        return (await conn.execute(text("SELECT count(*) FROM projection_applied_events"))).scalar_one()


async def test_many_writers_every_event_is_delivered_once_and_figures_match_the_store(
    enforcement_client, projection, projection_client, kafka_broker, test_id
):
    centers = await register_centers(enforcement_client, 12)
    await record_services(enforcement_client, centers, writers=32, per_writer=40)
    events = await all_events(enforcement_client)  # dense positions: the feed skipped nothing
    assert len(events) >= 12 + 32 * 40

    await eventually(lambda: _equal(applied_count(projection), len(events)), timeout=60, message="all events applied")
    expected = t04_from_events(events, 2019, date(2019, 12, 31), NOW)
    assert await t04(projection_client) == expected
    for region in ("420100", "420500"):
        assert await t04(projection_client, region) == t04_from_events(events, 2019, date(2019, 12, 31), NOW, region)

    # the relay put every event on the topic, each (stream, version) at least once
    consumer = AIOKafkaConsumer(f"t{test_id}.enforcement.events", bootstrap_servers=kafka_broker.bootstrap,
                                auto_offset_reset="earliest", enable_auto_commit=False, group_id=None)
    await consumer.start()
    seen: set = set()
    try:
        async def drain():
            batch = await consumer.getmany(timeout_ms=500, max_records=5000)
            for messages in batch.values():
                for m in messages:
                    e = orjson.loads(m.value)
                    seen.add((e["subject"], e["streamversion"]))
            return len(seen) >= len(events)
        await eventually(drain, timeout=60, interval=0, message="every event on the topic")
    finally:
        await consumer.stop()
    assert seen == {(e["subject"], e["streamversion"]) for e in events}


async def _equal(awaitable, expected) -> bool:
    return (await awaitable) == expected


async def test_events_offered_twice_are_counted_once(enforcement_client, projection, projection_client, start_service, projection_settings):
    centers = await register_centers(enforcement_client, 3)
    await record_services(enforcement_client, centers, writers=4, per_writer=10)
    events = await all_events(enforcement_client)
    await eventually(lambda: _equal(applied_count(projection), len(events)), timeout=60, message="caught up")
    before = await t04(projection_client)

    # the same events again, through the projector directly (as a redelivering broker would)...
    from kernel.projection.received import from_envelope
    result = await projection.app.state.projector.apply([from_envelope(e) for e in events], path="test")
    assert not result.applied and result.duplicates == len(events)
    # ...and through Kafka: a second consumer group reads the whole topic from the start into the same database
    url = projection.app.state.settings.database_url
    again = await start_service("projection", **{**projection_settings, "database_url": url, "consumer_group": "replay"})
    await asyncio.sleep(3)
    assert await applied_count(projection) == len(events)
    assert await t04(projection_client) == before == t04_from_events(events, 2019, date(2019, 12, 31), NOW)
    await again.stop()


async def test_a_broker_that_loses_everything_loses_nothing_from_the_read_models(start_service, client_for):
    broker = KafkaBroker().start()
    try:
        enforcement = await start_service("enforcement", kafka_bootstrap_servers=broker.bootstrap)
        writer = client_for(enforcement)
        projection = await start_service(
            "projection", kafka_bootstrap_servers=broker.bootstrap, sources={"enforcement": enforcement.url},
            reconcile_interval_seconds=1.0,
        )
        reader = client_for(projection)
        centers = await register_centers(writer, 4)
        await record_services(writer, centers, writers=4, per_writer=10, seed=1)
        await eventually(lambda: _caught_up(enforcement, projection), timeout=60, message="projection caught up")

        broker.kill()  # in memory: every topic, message and offset is gone
        await record_services(writer, centers, writers=4, per_writer=10, seed=2)  # writes still succeed
        broker.start()  # empty, on the same port
        await record_services(writer, centers, writers=4, per_writer=10, seed=3)

        await eventually(lambda: _caught_up(enforcement, projection), timeout=90, message="projection complete after broker loss")
        events = await all_events(writer)
        assert await t04(reader) == t04_from_events(events, 2019, date(2019, 12, 31), NOW)
    finally:
        broker.stop()


async def _caught_up(enforcement, projection) -> bool:
    """Every event in the store (sequenced or not) is applied."""
    async with enforcement.app.state.engine.connect() as conn:
        stored = (await conn.execute(text("SELECT count(*) FROM events"))).scalar_one()
    return stored > 0 and await applied_count(projection) == stored


async def test_readiness_reports_each_sources_lag(enforcement, enforcement_client, projection, projection_client):
    await register_centers(enforcement_client, 2)
    await eventually(lambda: _caught_up(enforcement, projection), timeout=30, message="caught up")

    async def reported() -> dict | None:
        body = (await projection_client.get("/readyz")).json()
        lag = body["lag"]["enforcement"]
        return body if body["status"] == "ready" and lag["head"] == 2 and lag["lag_events"] == 0 else None

    body = await eventually(reported, timeout=30, message="ready, with the lag reported by /readyz")
    assert body["lag"]["enforcement"]["error"] is None and body["lag"]["enforcement"]["lag_seconds"] == 0
