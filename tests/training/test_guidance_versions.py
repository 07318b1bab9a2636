"""A superseded event version read through its upcaster: v1 guidance sessions (all face to face) read as v2."""

from __future__ import annotations

import uuid

import orjson
from sqlalchemy import text

from kernel.events import EVENT_TYPES, parse_event, upcast
from tests.training.bodies_12_13 import guidance
from tests.training.helpers import ACME
from training.trademark_guidance.domain import TrademarkGuidanceHeld, TrademarkGuidanceHeldV1

V1 = "training.TrademarkGuidanceHeld.v1"
V2 = "training.TrademarkGuidanceHeld.v2"


def v1_data(session_id: str) -> dict:
    return {"session_id": session_id, "enterprise": ACME, "region": ACME["region"], "held_on": "2019-08-20",
            "topic": "商标注册与品牌布局", "guided_by": "武汉商标受理窗口", "library_entry_id": None, "trademark": None}


def test_both_versions_are_known_and_v1_reads_as_v2():
    assert EVENT_TYPES[V1] is TrademarkGuidanceHeldV1 and EVENT_TYPES[V2] is TrademarkGuidanceHeld
    assert TrademarkGuidanceHeldV1.model_validate(v1_data("s")).session_id == "s"  # the old schema still describes old events
    event_type, data = upcast(V1, v1_data("s"))
    assert event_type == V2 and data["format"] == "face_to_face"
    event = parse_event(V1, v1_data("s"))
    assert isinstance(event, TrademarkGuidanceHeld) and event.format == "face_to_face"
    assert upcast(V2, {"x": 1}) == (V2, {"x": 1})  # the current version is left alone


async def insert_v1(training, session_id: str) -> None:
    """A session recorded before v2 existed: the row as the store holds it, never rewritten."""
    async with training.app.state.engine.begin() as conn:
        stream = f"trademark-guidance-{session_id}"
        await conn.execute(text("INSERT INTO streams (stream_id, stream_type, version) VALUES (:s, 'trademark-guidance', 1)"), {"s": stream})
        await conn.execute(
            text("INSERT INTO events (event_id, stream_id, stream_type, version, type, data, metadata) "
                 "VALUES (:id, :s, 'trademark-guidance', 1, :t, CAST(:d AS jsonb), CAST(:m AS jsonb))"),
            {"id": uuid.uuid4(), "s": stream, "t": V1, "d": orjson.dumps(v1_data(session_id)).decode(),
             "m": orjson.dumps({"actor": "earlier-release"}).decode()},
        )


async def test_a_stored_v1_session_reads_and_retracts_as_v2_and_new_sessions_are_v2(training, training_client):
    session_id = str(uuid.uuid4())
    await insert_v1(training, session_id)
    read = await training_client.get(f"/v1/trademark-guidance-sessions/{session_id}")
    assert read.status_code == 200 and read.json()["format"] == "face_to_face"
    retracted = await training_client.post(f"/v1/trademark-guidance-sessions/{session_id}/retraction", json={"reason": "重复"})
    assert retracted.status_code == 201 and retracted.json()["stream_version"] == 2

    online = await training_client.post("/v1/trademark-guidance-sessions", json=guidance(format="online"))
    assert online.status_code == 201, online.text
    assert (await training_client.get(online.headers["location"])).json()["format"] == "online"

    feed = (await training_client.get("/v1/events", params={"after": 0, "limit": 10})).json()
    types = [e["type"] for e in feed["events"]] if isinstance(feed, dict) else [e["type"] for e in feed]
    assert types[0] == V1 and V2 in types  # the store keeps what was recorded; readers upcast

    catalogue = (await training_client.get("/asyncapi.json")).json()
    assert V1 in str(catalogue) and V2 in str(catalogue)  # both versions are documented: old ones stay on the topic


def test_the_projection_reads_a_v1_session_as_v2_with_its_own_upcaster():
    from datetime import datetime, timezone

    from kernel.projection.received import ReceivedEvent
    from projection.indicators.facts import EVENT_TYPES as PROJECTED, read

    assert V1 in PROJECTED and V2 in PROJECTED
    received = [ReceivedEvent("training", uuid.uuid4(), version_type, f"trademark-guidance-{n}", 1, n,
                              datetime.now(timezone.utc), {**v1_data(f"s{n}"), **extra})
                for n, (version_type, extra) in enumerate([(V1, {}), (V2, {"format": "online"})], start=1)]
    old, new = (read(event) for event in received)
    assert type(old) is type(new) and old == read(received[0])
    assert repr(old).replace("s1", "s2") == repr(new)  # the same facts, whichever version the session was recorded as
