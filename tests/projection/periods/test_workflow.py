"""The reporting workflow worked by hand: Wuhan's March submitted and approved, then a late on-site service."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text

from kernel.testing.servers import eventually
from tests.projection.periods.helpers import caught_up, center, service, state, step, t04


async def test_a_late_service_restates_an_approved_march_until_it_is_reopened_and_approved_again(
    projection, projection_client, enforcement_client, client_for
):
    await center(enforcement_client, "wh-1")
    await service(enforcement_client, "wh-1", "2019-01-10")
    await service(enforcement_client, "wh-1", "2019-02-10")  # March has none: 2 of 3 center-months met
    await caught_up(projection_client, enforcement_client)
    submitted = await step(projection_client, "420100", "2019-03", "submission")
    assert submitted["state"] == "submitted" and submitted["recorded_at"].endswith("+00:00")  # an explicit offset
    approved = await step(projection_client, "420100", "2019-03", "approval")
    assert approved["state"] == "approved"
    period = await state(projection_client, "420100", "2019-03")
    assert period["state"] == "approved" and period["approved_by"] == "tester" and period["submitted_by"] == "tester"
    assert period["approved_vintage"] == period["approved_at"]
    before = await t04(projection_client)
    assert before["actual"] == round(2 / 3, 4)

    late = await service(enforcement_client, "wh-1", "2019-03-20")  # recorded after the approval, dated in March
    await caught_up(projection_client, enforcement_client)
    current = await t04(projection_client)
    assert current["actual"] == 1.0
    vintage = await t04(projection_client, vintage="approved")
    assert vintage == before  # the approved T04 for March is unchanged
    at_approval = await t04(projection_client, known_at=approved["recorded_at"])
    assert vintage == at_approval
    async with projection.app.state.engine.connect() as conn:  # the figures kept when the approval was recorded
        kept = (await conn.execute(text("SELECT report FROM period_vintages WHERE region = '420100' AND period = '2019-03' "
                                        "AND step = 'approved'"))).scalar_one()
    assert next(t for t in kept["targets"] if t["id"] == "T04") == vintage

    body = (await projection_client.get("/v1/restatements", params={"year": 2019, "region": "420100"})).json()
    [restated] = body["restatements"]
    assert restated["period"] == "2019-03" and restated["approved_by"] == "tester"
    [record] = restated["records"]
    assert record["id"] == late and record["service"] == "enforcement" and record["kind"] == "onsite-service"
    assert record["type"] == "enforcement.OnsiteServiceRecorded.v1" and record["occurred_on"] == "2019-03-20"
    assert record["actor"] == "tester"
    assert {"target": "T04", "approved": {"actual": round(2 / 3, 4), "status": before["status"]},
            "current": {"actual": 1.0, "status": current["status"]}} in restated["targets"]

    elsewhere = client_for(projection, scopes=["read"], region="420500")  # the figure is everyone's, the record Wuhan's
    limited = (await elsewhere.get("/v1/restatements", params={"year": 2019})).json()
    assert limited["limited_to_region"] == "420500" and limited["restatements"][0]["records"] == []
    assert limited["restatements"][0]["targets"] == restated["targets"]

    # the approved figures stay as they were: approving without a fresh submission is refused, the change listed
    assert (await step(projection_client, "420100", "2019-03", "submission", expect=409))["state"] == "approved"
    await step(projection_client, "420100", "2019-03", "reopening", reason="迟报的现场服务；a late on-site service")
    gone = await projection_client.get("/v1/attainment", params={"year": 2019, "region": "420100", "as_of": "2019-03-31", "vintage": "approved"})
    assert gone.status_code == 404 and gone.headers["content-type"].startswith("application/problem+json")
    await step(projection_client, "420100", "2019-03", "submission")
    await step(projection_client, "420100", "2019-03", "approval")
    assert (await t04(projection_client, vintage="approved"))["actual"] == 1.0
    body = (await projection_client.get("/v1/restatements", params={"year": 2019, "region": "420100"})).json()
    assert body["restatements"] == []


async def test_an_approval_of_figures_that_changed_since_the_submission_is_refused_until_resubmitted(
    projection, projection_client, enforcement_client
):
    await center(enforcement_client, "wh-1")
    await caught_up(projection_client, enforcement_client)
    submitted = await step(projection_client, "420100", "2019-03", "submission")
    await service(enforcement_client, "wh-1", "2019-03-05")
    await caught_up(projection_client, enforcement_client)
    refused = await step(projection_client, "420100", "2019-03", "approval", expect=409)
    [change] = refused["changes"]
    assert change["target"] == "T04" and change["before"]["actual"] == 0.0 and change["after"]["actual"] == round(1 / 3, 4)
    assert (await state(projection_client, "420100", "2019-03"))["state"] == "submitted"
    assert (await t04(projection_client, vintage="submitted", known_at="2030-01-01T00:00:00+08:00"))["actual"] == 0.0
    again = await step(projection_client, "420100", "2019-03", "submission")
    assert again["recorded_at"] > submitted["recorded_at"]
    await step(projection_client, "420100", "2019-03", "approval")
    assert (await t04(projection_client, vintage="approved"))["actual"] == round(1 / 3, 4)


async def test_a_retraction_recorded_after_the_approval_is_a_restatement(projection, projection_client, enforcement_client):
    await center(enforcement_client, "wh-1")
    counted = await service(enforcement_client, "wh-1", "2019-03-05")
    await caught_up(projection_client, enforcement_client)
    await step(projection_client, "420100", "2019-03", "submission")
    await step(projection_client, "420100", "2019-03", "approval")
    assert (await enforcement_client.post(f"/v1/onsite-services/{counted}/retraction", json={"reason": "重复记录"})).status_code == 201
    await caught_up(projection_client, enforcement_client)

    async def restated():
        body = (await projection_client.get("/v1/restatements", params={"year": 2019})).json()
        return body["restatements"]

    [restatement] = await eventually(restated)
    [record] = restatement["records"]
    assert record["id"] == counted and record["type"] == "enforcement.OnsiteServiceRetracted.v1"
    [target] = [t for t in restatement["targets"] if t["target"] == "T04"]
    assert target["approved"]["actual"] == round(1 / 3, 4) and target["current"]["actual"] == 0.0
    assert (await t04(projection_client, vintage="approved"))["actual"] == round(1 / 3, 4)


async def test_the_province_is_approved_only_once_all_17_divisions_are(projection, projection_client):
    from kernel.domain.regions import REGION_NAMES

    refused = await step(projection_client, "420000", "2019-03", "approval", expect=409)
    assert len(refused["regions"]) == 17 and {"region": "420100", "name": "武汉市"}.items() <= refused["regions"][0].items()
    assert "武汉市" in refused["detail"]
    for code in REGION_NAMES:
        await step(projection_client, code, "2019-03", "submission")
        if code != "429021":
            await step(projection_client, code, "2019-03", "approval")
    refused = await step(projection_client, "420000", "2019-03", "approval", expect=409)
    assert [r["region"] for r in refused["regions"]] == ["429021"] and "神农架林区" in refused["detail"]
    await step(projection_client, "429021", "2019-03", "approval")
    approved = await step(projection_client, "420000", "2019-03", "approval")
    assert approved["state"] == "approved"
    province = await projection_client.get("/v1/attainment", params={"year": 2019, "as_of": "2019-03-31", "vintage": "approved"})
    assert province.status_code == 200 and province.json()["region"] == "420000"
    assert datetime.fromisoformat(province.json()["known_at"]) == datetime.fromisoformat(approved["recorded_at"])
