"""Over HTTP against the real stack: a commissioner dispatched and the service concluded, a brand admitted to the
library, guided and graduated, a well-known mark application decided; every event then found in the feed and on
the Kafka topic, carrying the enterprise with its ownership, the region, the kind and the dates a count needs."""

import pytest

from tests.training.bodies_12_13 import ZHANG, brand, dispatch, guidance, mark_application
from tests.training.helpers import ACME, STATE_FIRM
from tests.training.test_system import feed, topic_events

pytestmark = pytest.mark.asyncio


async def test_measure_12_and_13_records_reach_the_feed_and_the_topic(training, training_client, kafka_broker, test_id):
    async def post(path, body) -> dict:
        response = await training_client.post(path, json=body)
        assert response.status_code == 201, response.text
        return response.json()

    dispatch_id = (await post("/v1/commissioner-dispatches", dispatch(service_kind="high_value_patent_cultivation")))["dispatch_id"]
    await post(f"/v1/commissioner-dispatches/{dispatch_id}/conclusion", {"outcome": "培育高价值专利2件", "concluded_on": "2019-10-31"})
    wrong = (await post("/v1/commissioner-dispatches", dispatch(enterprise=STATE_FIRM)))["dispatch_id"]
    await post(f"/v1/commissioner-dispatches/{wrong}/retraction", {"reason": "recorded twice"})

    entry_id = (await post("/v1/brand-library/entries", brand()))["entry_id"]
    session_id = (await post("/v1/trademark-guidance-sessions", guidance(library_entry_id=entry_id)))["session_id"]
    await post(f"/v1/brand-library/entries/{entry_id}/graduation", {"graduated_on": "2019-12-20"})

    application_id = (await post("/v1/mark-applications", mark_application()))["application_id"]
    await post(f"/v1/mark-applications/{application_id}/decision", {"outcome": "approved", "decided_on": "2019-12-10"})

    events = await feed(training_client)
    assert [e["position"] for e in events] == list(range(1, 10))
    assert [e["type"] for e in events] == [
        "training.CommissionerDispatched.v1", "training.CommissionerDispatchConcluded.v1",
        "training.CommissionerDispatched.v1", "training.CommissionerDispatchRetracted.v1",
        "training.BrandAdmittedToLibrary.v1", "training.TrademarkGuidanceHeld.v2", "training.BrandGraduatedFromLibrary.v1",
        "training.MarkApplicationFiled.v1", "training.MarkApplicationDecided.v1",
    ]
    data = [e["data"] for e in events]
    # a dispatch is counted from its conclusion alone: the commissioner, the enterprise with its ownership, the kind
    assert data[1] == {
        "dispatch_id": dispatch_id, "commissioner": ZHANG, "enterprise": ACME, "region": "420100",
        "service_kind": "high_value_patent_cultivation", "starts_on": "2019-06-01", "ends_on": "2019-11-30",
        "concluded_on": "2019-10-31", "outcome": "培育高价值专利2件",
    }
    assert (data[2]["enterprise"]["ownership"], data[3]) == (
        "state_owned", {"dispatch_id": wrong, "region": "420100", "reason": "recorded twice", "retracted_on": data[3]["retracted_on"]})
    assert (data[4]["entry_id"], data[4]["enterprise"], data[4]["trademark"], data[4]["admitted_on"]) == (entry_id, ACME, "楚天红", "2019-06-18")
    assert data[5] == {"session_id": session_id, "enterprise": ACME, "region": "420100", "held_on": "2019-08-20",
                       "topic": "商标注册与品牌布局", "guided_by": "省局商标处", "format": "face_to_face", "library_entry_id": entry_id, "trademark": "楚天红"}
    assert data[6] == {"entry_id": entry_id, "enterprise": ACME, "region": "420100", "trademark": "楚天红",
                       "admitted_on": "2019-06-18", "graduated_on": "2019-12-20"}
    assert data[8] == {"application_id": application_id, "kind": "well_known_trademark", "applicant": ACME, "region": "420100",
                       "mark": "楚天红", "application_number": None, "filed_on": "2019-03-15", "outcome": "approved",
                       "decided_on": "2019-12-10", "note": None}
    assert {e["subject"] for e in events} >= {f"commissioner-dispatch-{dispatch_id}", f"brand-library-{ACME['uscc']}",
                                              f"trademark-guidance-{session_id}", f"mark-application-{application_id}"}

    on_topic = await topic_events(kafka_broker.bootstrap, f"t{test_id}.training.events", expected=len(events))
    assert {(e["subject"], e["streamversion"]) for e in on_topic} == {(e["subject"], e["streamversion"]) for e in events}
    assert {e["id"]: e["data"] for e in on_topic} == {e["id"]: e["data"] for e in events}
