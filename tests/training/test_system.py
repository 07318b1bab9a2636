"""Over HTTP against the real stack: a class for private enterprises planned and held, an enterprise recommended
and recognised; every event then found in the feed and on the Kafka topic, carrying what T11, T22a and T22b need."""

import asyncio
import time

import orjson
import pytest
from aiokafka import AIOKafkaConsumer

from tests.training.helpers import ACME, STATE_FIRM, recognition, recommendation, training_plan

pytestmark = pytest.mark.asyncio


async def feed(client) -> list[dict]:
    events, after = [], 0
    while True:
        page = (await client.get("/v1/events", params={"after": after, "limit": 2})).json()
        if not page["events"]:
            return events
        events.extend(page["events"])
        after = page["next_after"]


async def topic_events(bootstrap: str, topic: str, expected: int, timeout: float = 60) -> list[dict]:
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False, group_id=None)
    await consumer.start()
    seen: dict[tuple, dict] = {}
    deadline = time.monotonic() + timeout
    try:
        while len(seen) < expected and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            for messages in batch.values():
                for message in messages:
                    event = orjson.loads(message.value)
                    seen[(event["subject"], event["streamversion"])] = event
            await asyncio.sleep(0)
    finally:
        await consumer.stop()
    return list(seen.values())


async def test_a_class_held_and_a_recognition_reach_the_feed_and_the_topic(training, training_client, kafka_broker, test_id):
    planned = await training_client.post("/v1/trainings", json=training_plan(partner="wipo", organiser="国家知识产权培训（湖北）基地"))
    assert planned.status_code == 201 and planned.json()["stream_version"] == 1
    training_id = planned.json()["training_id"]
    completed = await training_client.post(f"/v1/trainings/{training_id}/completion", json={"person_times": 120})
    assert completed.status_code == 201 and completed.json() == {"training_id": training_id, "stream_version": 2}
    assert completed.headers["Location"] == f"/v1/trainings/{training_id}"

    wrong = (await training_client.post("/v1/trainings", json=training_plan(format="seminar", audience="general"))).json()["training_id"]
    assert (await training_client.post(f"/v1/trainings/{wrong}/retraction", json={"reason": "recorded twice"})).status_code == 201

    recommended = await training_client.post("/v1/demonstration-recommendations", json=recommendation())
    assert recommended.status_code == 201
    recognised = await training_client.post("/v1/demonstration-recognitions", json=recognition())
    assert recognised.status_code == 201 and recognised.json()["stream_version"] == 2
    state_firm = await training_client.post("/v1/demonstration-recognitions", json=recognition(enterprise=STATE_FIRM, level="national_demonstration"))
    assert state_firm.status_code == 201

    view = (await training_client.get(f"/v1/trainings/{training_id}")).json()
    assert (view["status"], view["person_times"], view["completed_on"], view["partner"]) == ("completed", 120, "2019-05-15", "WIPO")
    recognition_view = (await training_client.get(f"/v1/demonstration-recognitions/{recognised.json()['recognition_id']}")).json()
    assert recognition_view["recommendation_id"] == recommended.json()["recommendation_id"]

    events = await feed(training_client)
    assert [e["position"] for e in events] == list(range(1, 8))
    assert [e["type"] for e in events] == [
        "training.TrainingPlanned.v1", "training.TrainingCompleted.v1", "training.TrainingPlanned.v1",
        "training.TrainingRetracted.v1", "training.DemonstrationRecommended.v1", "training.DemonstrationRecognized.v1",
        "training.DemonstrationRecognized.v1",
    ]

    # T22a and T22b count from the completion events alone: a class, for private enterprises, held in 2019
    held = [e["data"] for e in events if e["type"] == "training.TrainingCompleted.v1"]
    assert held == [{
        "training_id": training_id, "title": "民营企业知识产权实务培训班", "region": "420100", "format": "class",
        "audience": "private_enterprises", "partner": "WIPO", "organiser": "国家知识产权培训（湖北）基地",
        "starts_on": "2019-05-13", "ends_on": "2019-05-15", "completed_on": "2019-05-15", "person_times": 120,
    }]
    # T11 counts from the recognitions alone: the enterprise with its ownership, the level and the date
    recognitions = [e["data"] for e in events if e["type"] == "training.DemonstrationRecognized.v1"]
    assert [(r["enterprise"]["ownership"], r["level"], r["recognized_on"], r["region"]) for r in recognitions] == [
        ("private", "national_advantage", "2019-11-20", "420100"),
        ("state_owned", "national_demonstration", "2019-11-20", "420100"),
    ]
    assert recognitions[0]["enterprise"] == ACME
    assert (recognitions[0]["recommended_on"], recognitions[0]["recommended_by"]) == ("2019-04-10", "420000")

    on_topic = await topic_events(kafka_broker.bootstrap, f"t{test_id}.training.events", expected=len(events))
    assert {(e["subject"], e["streamversion"]) for e in on_topic} == {(e["subject"], e["streamversion"]) for e in events}
    assert {e["id"]: e["data"] for e in on_topic} == {e["id"]: e["data"] for e in events}
