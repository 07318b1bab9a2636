"""Over HTTP against the real stack: one of every enforcement record, then every event found in the feed and on
the Kafka topic; and every write endpoint documented with an example that is itself a valid request."""

import asyncio
import time

import orjson
import pytest
from aiokafka import AIOKafkaConsumer
from pydantic import BaseModel

from enforcement.api import routers
from kernel.events import EVENT_TYPES
from tests.enforcement.bodies import (
    assistance_request,
    brand_order,
    case_closure,
    delisting,
    feed_events,
    escort_enrolment,
    fast_track_case,
    foreign_dispute,
    infringement_case,
    joint_meeting,
    listing,
    mediation_case,
)
from tests.enforcement.helpers import center, event_count, service

pytestmark = pytest.mark.asyncio
MEASURE_4_WITHOUT_REGION = {"enforcement.AssistanceCenterClosed.v1", "enforcement.OnsiteServiceRetracted.v1"}


async def topic_events(bootstrap: str, topic: str, expected: int, timeout: float = 60) -> list[dict]:
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False, group_id=None)
    await consumer.start()
    seen: dict[tuple, dict] = {}
    deadline = time.monotonic() + timeout
    try:
        while len(seen) < expected and time.monotonic() < deadline:
            for messages in (await consumer.getmany(timeout_ms=500)).values():
                for message in messages:
                    event = orjson.loads(message.value)
                    seen[(event["subject"], event["streamversion"])] = event
            await asyncio.sleep(0)
    finally:
        await consumer.stop()
    return list(seen.values())


async def post(client, path: str, body: dict) -> dict:
    response = await client.post(path, json=body)
    assert response.status_code == 201, (path, response.text)
    assert response.headers["Location"] and isinstance(response.json()["stream_version"], int)
    return response.json()


async def record_one_of_each(client) -> None:
    case = (await post(client, "/v1/infringement-cases", infringement_case()))["case_id"]
    await post(client, f"/v1/infringement-cases/{case}/closure", case_closure(fine_amount_cny=20000))

    fast = (await post(client, "/v1/fast-track-cases", fast_track_case()))["case_id"]
    await post(client, f"/v1/fast-track-cases/{fast}/decision", {"decided_on": "2019-03-05"})

    dispute = (await post(client, "/v1/foreign-disputes", foreign_dispute()))["case_id"]
    await post(client, f"/v1/foreign-disputes/{dispute}/assistance", {"assistance": "legal_referral", "given_on": "2019-04-02"})
    await post(client, f"/v1/foreign-disputes/{dispute}/closure", {"closed_on": "2019-09-01", "outcome": "won"})
    uscc = (await post(client, "/v1/overseas-escort-enrolments", escort_enrolment()))["uscc"]
    await post(client, f"/v1/overseas-escort-enrolments/{uscc}/leaving", {"left_on": "2019-12-31", "reason": "期满"})

    await post(client, "/v1/assistance-centers", center(registered_on="2019-02-01"))
    await post(client, "/v1/assistance-centers", center("old", registered_on="2019-01-01"))
    await post(client, "/v1/assistance-centers/old/closure", {"closed_on": "2019-06-30"})
    visit = (await post(client, "/v1/onsite-services", service()))["service_id"]
    await post(client, f"/v1/onsite-services/{visit}/retraction", {"reason": "recorded twice"})
    request = (await post(client, "/v1/assistance-requests", assistance_request()))["request_id"]
    await post(client, f"/v1/assistance-requests/{request}/first-response", {"responded_at": "2019-03-12T10:00:00+08:00"})
    await post(client, f"/v1/assistance-requests/{request}/resolution", {"resolved_at": "2019-03-13T10:00:00+08:00"})

    listed = (await post(client, "/v1/credit-list", listing()))["uscc"]
    await post(client, f"/v1/credit-list/{listed}/delisting", delisting())

    order = (await post(client, "/v1/brand-protection-orders", brand_order()))["order_id"]
    await post(client, f"/v1/brand-protection-orders/{order}/actions", {"action_region": "420100", "kind": "online_takedown", "taken_on": "2019-03-02"})
    await post(client, f"/v1/brand-protection-orders/{order}/closure", {"closed_on": "2019-03-30", "outcome": "fulfilled"})

    mediation = (await post(client, "/v1/mediation-cases", mediation_case()))["case_id"]
    await post(client, f"/v1/mediation-cases/{mediation}/sessions", {"held_on": "2019-03-08"})
    await post(client, f"/v1/mediation-cases/{mediation}/closure", {"closed_on": "2019-03-09", "outcome": "failed"})
    meeting = (await post(client, "/v1/joint-meetings", joint_meeting()))["meeting_id"]
    await post(client, f"/v1/joint-meetings/{meeting}/retraction", {"reason": "recorded twice"})


async def test_every_record_reaches_the_feed_and_the_topic(enforcement, enforcement_client, kafka_broker, test_id):
    await record_one_of_each(enforcement_client)
    declared = {t for t in EVENT_TYPES if t.startswith("enforcement.")}

    events = await feed_events(enforcement_client, enforcement)
    assert len(events) == await event_count(enforcement)
    assert [e["position"] for e in events] == list(range(1, len(events) + 1))
    assert {e["type"] for e in events} == declared  # every kind of event the service declares was recorded
    for event in events:
        if event["type"] not in MEASURE_4_WITHOUT_REGION:
            assert "region" in event["data"], event["type"]

    on_topic = await topic_events(kafka_broker.bootstrap, f"t{test_id}.enforcement.events", len(events))
    assert {(e["subject"], e["streamversion"]) for e in on_topic} == {(e["subject"], e["streamversion"]) for e in events}
    assert {e["id"] for e in on_topic} == {e["id"] for e in events}


async def test_every_write_endpoint_shows_a_valid_example(enforcement):
    posts = [r for router in routers for r in router.routes if "POST" in r.methods]
    assert len(posts) == 26
    for route in posts:
        model: type[BaseModel] = route.body_field.field_info.annotation
        examples = (model.model_config.get("json_schema_extra") or {}).get("examples")
        assert examples, route.path
        for example in examples:
            model.model_validate(example)
    schemas = enforcement.app.openapi()["components"]["schemas"]
    assert all(schemas[r.body_field.field_info.annotation.__name__].get("examples") for r in posts)
