"""Fast-track cases (measure 2), foreign-related disputes and overseas escort enrolments (measure 3) over HTTP."""

import pytest

from tests.enforcement.bodies import escort_enrolment, fast_track_case, foreign_dispute, problem_fields
from tests.enforcement.helpers import ACME, STATE_FIRM, event_count

pytestmark = pytest.mark.asyncio


async def test_fast_track_case_filed_and_decided(enforcement_client, auth):
    client = enforcement_client
    filed = await client.post("/v1/fast-track-cases", json=fast_track_case())
    assert filed.status_code == 201, filed.text
    case_id = filed.json()["case_id"]
    decided = await client.post(f"/v1/fast-track-cases/{case_id}/decision", json={"decided_on": "2019-03-08"})
    assert decided.status_code == 201 and decided.json() == {"case_id": case_id, "stream_version": 2}
    view = (await client.get(f"/v1/fast-track-cases/{case_id}")).json()
    assert (view["turnaround_days"], view["region"], view["center"]) == (7, "420100", "wuhan-protection-center")
    again = await client.post(f"/v1/fast-track-cases/{case_id}/decision", json={"decided_on": "2019-03-09"})
    assert again.status_code == 409 and problem_fields(again) == ["decided_on"]
    yichang = auth(scopes=["enforcement:write", "read"], region="420500")
    response = await client.post("/v1/fast-track-cases", json=fast_track_case(), headers=yichang)
    assert response.status_code == 403 and problem_fields(response) == ["center"]


FAST_TRACK_BAD = [
    ("unknown center", fast_track_case(center="shanghai-center"), "center"),
    ("unknown kind", fast_track_case(kind="express"), "kind"),
    ("future", fast_track_case(filed_on="2999-01-01"), "filed_on"),
    ("typed-in turnaround", fast_track_case(turnaround_days=3), "turnaround_days"),
    ("bad enterprise", fast_track_case(enterprise={**ACME, "region": "110000"}), "enterprise.region"),
]


@pytest.mark.parametrize(("case", "body", "field"), FAST_TRACK_BAD, ids=[c[0] for c in FAST_TRACK_BAD])
async def test_bad_fast_track_cases_store_nothing(enforcement, enforcement_client, case, body, field):
    response = await enforcement_client.post("/v1/fast-track-cases", json=body)
    assert response.status_code == 422 and field in problem_fields(response)
    assert await event_count(enforcement) == 0


async def test_a_decision_before_filing_is_refused(enforcement, enforcement_client):
    case_id = (await enforcement_client.post("/v1/fast-track-cases", json=fast_track_case())).json()["case_id"]
    response = await enforcement_client.post(f"/v1/fast-track-cases/{case_id}/decision", json={"decided_on": "2019-02-28"})
    assert response.status_code == 422 and problem_fields(response) == ["decided_on"]
    assert (await enforcement_client.post("/v1/fast-track-cases/nope/decision", json={"decided_on": "2019-03-02"})).status_code == 404
    assert await event_count(enforcement) == 1


async def test_foreign_dispute_opened_assisted_closed(enforcement_client):
    client = enforcement_client
    opened = await client.post("/v1/foreign-disputes", json=foreign_dispute(country_or_region="de"))
    assert opened.status_code == 201, opened.text
    path = f"/v1/foreign-disputes/{opened.json()['case_id']}"
    assisted = await client.post(f"{path}/assistance", json={"assistance": "expert_opinion", "given_on": "2019-04-15"})
    assert assisted.status_code == 201 and assisted.json()["stream_version"] == 2
    early = await client.post(f"{path}/closure", json={"closed_on": "2019-04-14", "outcome": "settled"})
    assert early.status_code == 422 and problem_fields(early) == ["closed_on"]
    assert (await client.post(f"{path}/closure", json={"closed_on": "2019-10-30", "outcome": "settled"})).status_code == 201
    view = (await client.get(path)).json()
    assert view["country_or_region"] == "DE" and view["outcome"] == "settled" and len(view["assistance"]) == 1
    late = await client.post(f"{path}/assistance", json={"assistance": "consultation", "given_on": "2019-11-01"})
    assert late.status_code == 409


FOREIGN_BAD = [
    ("the mainland", foreign_dispute(country_or_region="CN"), "country_or_region"),
    ("not a code", foreign_dispute(country_or_region="USA"), "country_or_region"),
    ("unknown kind", foreign_dispute(kind="war"), "kind"),
    ("future", foreign_dispute(opened_on="2999-01-01"), "opened_on"),
    ("bad code", foreign_dispute(enterprise={**ACME, "uscc": "91350203M0001QAY9B"}), "enterprise.uscc"),
]


@pytest.mark.parametrize(("case", "body", "field"), FOREIGN_BAD, ids=[c[0] for c in FOREIGN_BAD])
async def test_bad_foreign_disputes_store_nothing(enforcement, enforcement_client, case, body, field):
    response = await enforcement_client.post("/v1/foreign-disputes", json=body)
    assert response.status_code == 422 and field in problem_fields(response)
    assert await event_count(enforcement) == 0


async def test_overseas_escort_enrolment(enforcement, enforcement_client, auth):
    client = enforcement_client
    enrolled = await client.post("/v1/overseas-escort-enrolments", json=escort_enrolment(target_markets=["US", "jp"]))
    assert enrolled.status_code == 201 and enrolled.json() == {"uscc": ACME["uscc"], "stream_version": 1}
    assert enrolled.headers["Location"] == f"/v1/overseas-escort-enrolments/{ACME['uscc']}"
    twice = await client.post("/v1/overseas-escort-enrolments", json=escort_enrolment())
    assert twice.status_code == 409 and problem_fields(twice) == ["enterprise.uscc"]
    for body, field in ((escort_enrolment(enterprise=STATE_FIRM, target_markets=["US", "US"]), "target_markets.1"),
                        (escort_enrolment(enterprise=STATE_FIRM, target_markets=["CN"]), "target_markets.0"),
                        (escort_enrolment(enterprise=STATE_FIRM, enrolled_on="2999-01-01"), "enrolled_on")):
        response = await client.post("/v1/overseas-escort-enrolments", json=body)
        assert response.status_code == 422 and problem_fields(response) == [field]
    assert (await client.post("/v1/overseas-escort-enrolments", json=escort_enrolment(enterprise={**STATE_FIRM, "region": "420500"}),
                              headers=auth(scopes=["enforcement:write"], region="420100"))).status_code == 403
    assert await event_count(enforcement) == 1
    left = await client.post(f"/v1/overseas-escort-enrolments/{ACME['uscc']}/leaving", json={"left_on": "2019-12-31", "reason": "期满"})
    assert left.status_code == 201
    view = (await client.get(f"/v1/overseas-escort-enrolments/{ACME['uscc']}")).json()
    assert view["target_markets"] == ["US", "JP"] and view["left_on"] == "2019-12-31"
    assert (await client.get(f"/v1/overseas-escort-enrolments/{STATE_FIRM['uscc']}")).status_code == 404
    assert (await client.get("/v1/overseas-escort-enrolments/123")).status_code == 422
