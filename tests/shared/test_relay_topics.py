"""The relay creates its missing topic with the configured partitions and replication factor, on a real broker."""

from __future__ import annotations

import pytest
from aiokafka.admin import AIOKafkaAdminClient

from kernel.relay import Relay, ensure_topic


async def replicas_per_partition(bootstrap: str, topic: str) -> list[int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        [description] = await admin.describe_topics([topic])
        assert description["error_code"] == 0, description
        return sorted(len(p["replicas"]) for p in description["partitions"])
    finally:
        await admin.close()


@pytest.mark.parametrize("replication_factor", [1, 3])
async def test_the_relay_creates_its_topic_with_the_replication_factor_it_is_given(
    store_engine, kafka_broker, test_id, replication_factor,
):
    relay = Relay(store_engine, "enforcement", kafka_broker.bootstrap, topic_prefix=f"rf{replication_factor}-{test_id}.",
                  partitions=4, replication_factor=replication_factor)
    await relay.start()
    try:
        assert await relay.publish_pending() == 0  # nothing to publish yet, but the topic is made ready
    finally:
        await relay.stop()
    assert await replicas_per_partition(kafka_broker.bootstrap, relay.topic) == [replication_factor] * 4


async def test_an_existing_topic_is_left_as_it_is(kafka_broker, test_id):
    topic = f"existing-{test_id}.enforcement.events"
    await ensure_topic(kafka_broker.bootstrap, topic, partitions=2, replication_factor=1)
    await ensure_topic(kafka_broker.bootstrap, topic, partitions=5, replication_factor=3)
    assert await replicas_per_partition(kafka_broker.bootstrap, topic) == [1, 1]
