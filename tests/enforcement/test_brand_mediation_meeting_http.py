"""Brand-protection orders (measure 6), mediation cases and joint meetings (measure 17) over HTTP."""

import pytest

from tests.enforcement.bodies import brand_order, joint_meeting, mediation_case, problem_fields
from tests.enforcement.helpers import ACME, event_count

pytestmark = pytest.mark.asyncio


async def test_brand_protection_order_lifecycle(enforcement_client):
    client = enforcement_client
    requested = await client.post("/v1/brand-protection-orders", json=brand_order(markets=["汉正街"]))
    assert requested.status_code == 201, requested.text
    path = f"/v1/brand-protection-orders/{requested.json()['order_id']}"
    action = {"action_region": "420500", "kind": "raid", "taken_on": "2019-03-20", "goods_seized_count": 1200}
    assert (await client.post(f"{path}/actions", json=action)).status_code == 201
    outside = await client.post(f"{path}/actions", json={**action, "action_region": "420600"})
    assert outside.status_code == 422 and problem_fields(outside) == ["action_region"]
    none_seized = await client.post(f"{path}/actions", json={**action, "goods_seized_count": 0})
    assert none_seized.status_code == 422 and problem_fields(none_seized) == ["goods_seized_count"]
    closed = await client.post(f"{path}/closure", json={"closed_on": "2019-04-30", "outcome": "fulfilled"})
    assert closed.status_code == 201 and closed.json()["stream_version"] == 3
    view = (await client.get(path)).json()
    assert view["actions"][0]["goods_seized_count"] == 1200 and view["outcome"] == "fulfilled" and view["markets"] == ["汉正街"]
    assert (await client.post(f"{path}/closure", json={"closed_on": "2019-05-01", "outcome": "withdrawn"})).status_code == 409


BRAND_BAD = [
    ("bad trademark number", brand_order(trademark_registration_number="TM-1"), "trademark_registration_number"),
    ("no regions", brand_order(regions_concerned=[]), "regions_concerned"),
    ("region twice", brand_order(regions_concerned=["420100", "420100"]), "regions_concerned.1"),
    ("future", brand_order(requested_on="2999-01-01"), "requested_on"),
]


@pytest.mark.parametrize(("case", "body", "field"), BRAND_BAD, ids=[c[0] for c in BRAND_BAD])
async def test_bad_brand_orders_store_nothing(enforcement, enforcement_client, case, body, field):
    response = await enforcement_client.post("/v1/brand-protection-orders", json=body)
    assert response.status_code == 422 and field in problem_fields(response)
    assert await event_count(enforcement) == 0


async def test_mediation_case_lifecycle(enforcement, enforcement_client, auth):
    client = enforcement_client
    received = await client.post("/v1/mediation-cases", json=mediation_case())
    assert received.status_code == 201, received.text
    path = f"/v1/mediation-cases/{received.json()['case_id']}"
    unmediated = await client.post(f"{path}/closure", json={"closed_on": "2019-03-05", "outcome": "agreed"})
    assert unmediated.status_code == 422 and problem_fields(unmediated) == ["outcome"]
    assert (await client.post(f"{path}/sessions", json={"held_on": "2019-03-10"})).status_code == 201
    assert (await client.post(f"{path}/closure", json={"closed_on": "2019-03-10", "outcome": "agreed"})).status_code == 201
    view = (await client.get(path)).json()
    assert view["sessions"] == ["2019-03-10"] and view["outcome"] == "agreed"
    assert view["parties"][0]["enterprise"] == ACME and view["parties"][1] == {"role": "respondent", "enterprise": None, "name": "张某"}
    yichang = auth(scopes=["enforcement:write"], region="420500")
    assert (await client.post("/v1/mediation-cases", json=mediation_case(), headers=yichang)).status_code == 403
    assert await event_count(enforcement) == 3


MEDIATION_BAD = [
    ("one party", mediation_case(parties=[{"role": "applicant", "enterprise": ACME}]), "parties"),
    ("no respondent", mediation_case(parties=[{"role": "applicant", "name": "甲"}, {"role": "applicant", "name": "乙"}]), "parties"),
    ("party both", mediation_case(parties=[{"role": "applicant", "name": "甲", "enterprise": ACME}, {"role": "respondent", "name": "乙"}]), "parties.0"),
    ("future", mediation_case(received_on="2999-01-01"), "received_on"),
]


@pytest.mark.parametrize(("case", "body", "field"), MEDIATION_BAD, ids=[c[0] for c in MEDIATION_BAD])
async def test_bad_mediation_cases_store_nothing(enforcement, enforcement_client, case, body, field):
    response = await enforcement_client.post("/v1/mediation-cases", json=body)
    assert response.status_code == 422 and field in problem_fields(response)
    assert await event_count(enforcement) == 0


async def test_joint_meetings(enforcement, enforcement_client, auth):
    client = enforcement_client
    held = await client.post("/v1/joint-meetings", json=joint_meeting())
    assert held.status_code == 201, held.text
    path = f"/v1/joint-meetings/{held.json()['meeting_id']}"
    wuhan = auth(scopes=["enforcement:write"], region="420100")
    assert (await client.post(f"{path}/retraction", json={"reason": "重复"}, headers=wuhan)).status_code == 403
    assert (await client.post(f"{path}/retraction", json={"reason": "重复"})).status_code == 201
    assert (await client.post(f"{path}/retraction", json={"reason": "again"})).status_code == 409
    view = (await client.get(path)).json()
    assert view["region"] == "420000" and view["retraction_reason"] == "重复" and len(view["departments"]) == 3
    for body, field in ((joint_meeting(departments=["甲"]), "departments"), (joint_meeting(departments=["甲", "甲"]), "departments.1"),
                        (joint_meeting(held_on="2999-01-01"), "held_on"), (joint_meeting(region="429000"), "region")):
        response = await client.post("/v1/joint-meetings", json=body)
        assert response.status_code == 422 and problem_fields(response) == [field]
    assert await event_count(enforcement) == 2
