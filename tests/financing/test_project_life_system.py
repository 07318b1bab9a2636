"""A pledge-financing project through its whole life over HTTP, then every event found in the feed and on Kafka."""

import asyncio
import json

import pytest
from aiokafka import AIOKafkaConsumer

from tests.financing.helpers import ACME, STATE_FIRM, compensation, guarantee, matchmaking, project, subsidy, survey_response

pytestmark = pytest.mark.asyncio


async def read_feed(client) -> list[dict]:
    events, after = [], 0
    while True:
        page = (await client.get("/v1/events", params={"after": after, "limit": 3})).json()
        events.extend(page["events"])
        if page["next_after"] == after:
            return events
        after = page["next_after"]


async def consume_until(bootstrap: str, topic: str, wanted: set[str], timeout: float = 60) -> dict[str, dict]:
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False,
                                group_id=None)
    await consumer.start()
    seen: dict[str, dict] = {}
    try:
        async with asyncio.timeout(timeout):
            while not wanted <= seen.keys():
                batches = await consumer.getmany(timeout_ms=500)
                for records in batches.values():
                    for record in records:
                        envelope = json.loads(record.value)
                        assert record.key.decode() == envelope["subject"]
                        seen[envelope["id"]] = envelope
    finally:
        await consumer.stop()
    return seen


async def test_registered_subsidy_default_compensation_reach_feed_and_topic(financing, financing_client, kafka_broker, test_id):
    answered = await financing_client.post("/v1/needs-survey-responses", json=survey_response(responded_on="2019-03-20"))
    response_id = answered.json()["response_id"]
    held = await financing_client.post("/v1/matchmaking-events", json=matchmaking(occurred_on="2019-04-10"))
    assert answered.status_code == held.status_code == 201

    registered = await financing_client.post("/v1/pledge-projects", json=project(registered_on="2019-04-18", amount_cny=5_000_000))
    assert registered.status_code == 201
    project_id = registered.json()["project_id"]
    base = f"/v1/pledge-projects/{project_id}"
    steps = [
        (f"/v1/needs-survey-responses/{response_id}/fulfilment", {"project_id": project_id}),
        (f"{base}/guarantees", guarantee(cover_cny=4_000_000, covers_from="2019-04-18", covers_to="2020-04-17")),
        (f"{base}/subsidies", subsidy(amount_cny=80_000, granted_on="2019-06-30")),
        (f"{base}/default", {"defaulted_on": "2019-09-30", "outstanding_cny": 3_000_000}),
        (f"{base}/risk-compensations", compensation(amount_cny=1_200_000, paid_on="2019-11-20", payer="provincial_fund")),
        (f"{base}/risk-compensations", compensation(amount_cny=600_000, paid_on="2019-12-05", payer="city_fund")),
    ]
    for path, body in steps:
        response = await financing_client.post(path, json=body)
        assert response.status_code == 201, (path, response.text)
    too_much = await financing_client.post(f"{base}/risk-compensations", json=compensation(amount_cny=1_200_001, paid_on="2019-12-06"))
    assert too_much.status_code == 422  # 1,800,000 paid of 3,000,000 outstanding
    other = await financing_client.post("/v1/pledge-projects", json=project(enterprise=STATE_FIRM, registered_on="2019-05-02"))
    assert other.status_code == 201

    view = (await financing_client.get(base)).json()
    assert view["defaulted_on"] == "2019-09-30" and view["outstanding_cny"] == 3_000_000 and view["stream_version"] == 6
    assert [c["amount_cny"] for c in view["risk_compensations"]] == [1_200_000, 600_000]
    assert [s["kind"] for s in view["subsidies"]] == ["interest_discount"] and len(view["guarantees"]) == 1

    feed = await read_feed(financing_client)
    assert [e["position"] for e in feed] == list(range(1, 11))
    types = [e["type"].split(".")[1] for e in feed]
    assert types == [
        "NeedsSurveyResponseRecorded", "MatchmakingEventHeld", "PledgeProjectRegistered", "FinancingNeedMet",
        "GuaranteeAttached", "SubsidyGranted", "PledgeProjectDefaulted", "RiskCompensationPaid", "RiskCompensationPaid",
        "PledgeProjectRegistered",
    ]
    assert all(e["type"].startswith("financing.") and e["type"].endswith(".v1") and e["source"] == "/hubei-ipo/financing" for e in feed)
    life = [e for e in feed if e["subject"] == f"pledge-project-{project_id}"]
    assert [e["streamversion"] for e in life] == [1, 2, 3, 4, 5, 6]

    # what a projection needs for T09a and T09b is in the events themselves
    projects = [e["data"] for e in feed if e["type"] == "financing.PledgeProjectRegistered.v1"]
    assert [(p["enterprise"]["ownership"], p["registered_on"], p["region"]) for p in projects] == [
        ("private", "2019-04-18", "420100"), ("state_owned", "2019-05-02", "420100")]
    assert projects[0]["enterprise"] == ACME and projects[0]["pledged_rights"] and projects[0]["amount_cny"] == 5_000_000
    [matchmaking_held] = [e["data"] for e in feed if e["type"] == "financing.MatchmakingEventHeld.v1"]
    assert matchmaking_held["occurred_on"] == "2019-04-10" and matchmaking_held["region"] == "420100"
    compensations = [e["data"] for e in feed if e["type"] == "financing.RiskCompensationPaid.v1"]
    assert [(c["payer"], c["paid_on"], c["enterprise"]["ownership"]) for c in compensations] == [
        ("provincial_fund", "2019-11-20", "private"), ("city_fund", "2019-12-05", "private")]

    on_topic = await consume_until(kafka_broker.bootstrap, f"t{test_id}.financing.events", {e["id"] for e in feed})
    for event in feed:
        assert on_topic[event["id"]]["data"] == event["data"] and on_topic[event["id"]]["type"] == event["type"]
