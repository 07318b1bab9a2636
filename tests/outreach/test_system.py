"""The whole service over HTTP: every kind of record, every event in the feed and on the Kafka topic, and T19
and T20 computed from the events alone (as the projection will)."""

from __future__ import annotations

from datetime import datetime

import orjson
from aiokafka import AIOKafkaConsumer

from kernel.testing.servers import eventually
from tests.outreach.helpers import (
    ACME,
    STATE_FIRM,
    YICHANG_FIRM,
    agency,
    aid,
    briefing,
    case_story,
    created,
    information_service,
    onsite_service,
    publicity_item,
    station,
    visit,
    window,
)

ANOTHER_PRIVATE = {"uscc": "91420100MA4KPN7X2M", "name": "武汉丁生物科技有限公司", "ownership": "private", "region": "420100"}


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


async def feed(client) -> list[dict]:
    events, after = [], 0
    while True:
        page = (await client.get("/v1/events", params={"after": after, "limit": 7})).json()
        events += page["events"]
        if page["next_after"] == after:
            assert after == page["head"]
            return events
        after = page["next_after"]


def t19_and_t20(events: list[dict], year: int) -> dict:
    """What the projection is asked for, derived from nothing but the events."""
    retracted = {e["subject"] for e in events if e["type"].endswith("Retracted.v1")}
    held = [e["data"] for e in events if e["type"] == "outreach.BriefingHeld.v1" and e["subject"] not in retracted]
    visits = [e["data"] for e in events if e["type"] == "outreach.ExaminerVisitMade.v1" and e["subject"] not in retracted]
    in_year = lambda d: d["occurred_on"].startswith(f"{year}-")  # noqa: E731
    private_visits = [v for v in visits if in_year(v) and v["enterprise"]["ownership"] == "private"]
    return {
        "T19": sum(1 for b in held if in_year(b) and b["topic"] == "patent_fee_reduction" and b["audience"] == "private_enterprises"),
        "T20": sum(v["examiners"] + v["attorneys"] for v in private_visits),
        "T20_persons_named": sum(len(v["examiner_names"] or []) + len(v["attorney_names"] or []) for v in private_visits),
        "private_enterprises_visited": len({v["enterprise"]["uscc"] for v in private_visits}),
    }


async def test_every_record_over_http_reaches_the_feed_and_the_topic(outreach, outreach_client, kafka_broker, test_id):
    c = outreach_client
    # measure 19: two counting briefings, one for a general audience, one on another topic, one in 2018, one retracted
    await created(c, "/v1/briefings", briefing(attendance=120))
    await created(c, "/v1/briefings", briefing(region="420500", occurred_on="2019-09-03", attendance=60))
    await created(c, "/v1/briefings", briefing(audience="general"))
    await created(c, "/v1/briefings", briefing(topic="priority_examination"))
    await created(c, "/v1/briefings", briefing(occurred_on="2018-11-20"))
    wrong = await created(c, "/v1/briefings", briefing(occurred_on="2019-10-10"))
    await created(c, f"/v1/briefings/{wrong['briefing_id']}/retraction", {"reason": "held in 2018, recorded twice"})
    await created(c, "/v1/patent-onsite-services", onsite_service())

    # measure 20: 3 + 2 + 4 person-times at two private enterprises count; a state-owned visit, a 2018 visit and a
    # retracted one do not
    await created(c, "/v1/examiner-visits", visit(examiners=2, attorneys=1, examiner_names=["张三", "李四"], attorney_names=["王五"]))
    await created(c, "/v1/examiner-visits", visit(occurred_on="2019-07-02", examiners=1, attorneys=1))
    await created(c, "/v1/examiner-visits", visit(enterprise=YICHANG_FIRM, examiners=0, attorneys=4,
                                                  attorney_names=["赵一", "钱二", "孙三", "周四"]))
    await created(c, "/v1/examiner-visits", visit(enterprise=STATE_FIRM, examiners=5, attorneys=5))
    await created(c, "/v1/examiner-visits", visit(occurred_on="2018-12-12"))
    wrong = await created(c, "/v1/examiner-visits", visit(enterprise=ANOTHER_PRIVATE, examiners=6, attorneys=0))
    await created(c, f"/v1/examiner-visits/{wrong['visit_id']}/retraction", {"reason": "the visit was cancelled"})

    # measures 14-16, 18, 21, 23, 24
    await created(c, "/v1/service-agencies", agency(in_cluster_zone=True))
    await created(c, "/v1/service-agencies", agency("state-agency", ownership="state_owned"))
    await created(c, "/v1/service-agencies/state-agency/cluster-zone-settlement", {"settled_on": "2019-04-01"})
    await created(c, "/v1/service-agencies/state-agency/supervision-actions", {"acted_on": "2019-09-10", "kind": "inspection", "finding": "compliant"})
    await created(c, "/v1/agency-aid", aid())
    await created(c, "/v1/information-stations", station())
    await created(c, "/v1/information-services", information_service(enterprise=ACME))
    await created(c, "/v1/trademark-windows", window())
    await created(c, "/v1/trademark-windows/yc-tm/monthly-acceptances", {"month": "2019-03", "applications_accepted": 412})
    await created(c, "/v1/trademark-windows/yc-tm/monthly-acceptances", {"month": "2019-03", "applications_accepted": 415})
    await created(c, "/v1/publicity-items", publicity_item(reach=18500))
    await created(c, "/v1/case-stories", case_story())

    events = await feed(c)
    assert len(events) == 27
    assert [e["position"] for e in events] == list(range(1, 28))
    assert {e["type"].split(".")[1] for e in events} >= {
        "BriefingHeld", "BriefingRetracted", "PatentOnsiteServiceProvided", "ExaminerVisitMade", "ExaminerVisitRetracted",
        "ServiceAgencyRegistered", "ServiceAgencySettledInClusterZone", "ServiceAgencySupervised", "AgencyAidProvided",
        "InformationStationOpened", "InformationServiceDelivered", "TrademarkWindowOpened", "TrademarkAcceptancesCounted",
        "PublicityItemPublished", "CaseStoryPublished",
    }
    assert all(e["source"] == "/hubei-ipo/outreach" and e["actor"] == "tester" for e in events)
    assert t19_and_t20(events, 2019) == {"T19": 2, "T20": 9, "T20_persons_named": 7, "private_enterprises_visited": 2}
    assert t19_and_t20(events, 2018) == {"T19": 1, "T20": 3, "T20_persons_named": 0, "private_enterprises_visited": 1}
    counted = [e["data"] for e in events if e["type"] == "outreach.TrademarkAcceptancesCounted.v1"]
    assert [(d["applications_accepted"], d["replaces"]) for d in counted] == [(412, None), (415, 412)]

    consumer = AIOKafkaConsumer(f"t{test_id}.outreach.events", bootstrap_servers=kafka_broker.bootstrap,
                                auto_offset_reset="earliest", enable_auto_commit=False, group_id=None)
    await consumer.start()
    on_topic: dict[tuple[str, int], dict] = {}
    try:
        async def drain() -> bool:
            batch = await consumer.getmany(timeout_ms=500, max_records=1000)
            for messages in batch.values():
                for message in messages:
                    event = orjson.loads(message.value)
                    assert message.key.decode() == event["subject"]
                    on_topic[(event["subject"], event["streamversion"])] = event
            return len(on_topic) >= len(events)

        await eventually(drain, timeout=60, interval=0, message="every event on the topic")
    finally:
        await consumer.stop()
    assert set(on_topic) == {(e["subject"], e["streamversion"]) for e in events}
    for event in events:
        carried = on_topic[(event["subject"], event["streamversion"])]
        differing = {k for k in event if k != "time" and carried.get(k) != event[k]}
        assert not differing, (differing, carried, event)
        assert _instant(carried["time"]) == _instant(event["time"])  # the same instant, however the offset is written
