"""What the workflow refuses, each a problem naming the field, nothing recorded."""

from __future__ import annotations

import pytest

from kernel.domain.dates import today
from tests.projection.periods.helpers import state, step


async def test_a_vintage_needs_a_period_end_and_a_standing_step(projection, projection_client):
    base = {"year": 2019, "region": "420100", "vintage": "approved"}
    for as_of in ("2019-03-30", None, "2020-03-31"):
        answer = await projection_client.get("/v1/attainment", params={**base, **({"as_of": as_of} if as_of else {})})
        assert answer.status_code == 422, answer.text
        assert answer.json()["errors"][0]["field"] == "as_of"
    missing = await projection_client.get("/v1/attainment", params={**base, "as_of": "2019-03-31"})
    assert missing.status_code == 404 and missing.json()["vintage"] == "approved"
    await step(projection_client, "420100", "2019-03", "submission")
    assert (await projection_client.get("/v1/attainment", params={**base, "as_of": "2019-03-31", "vintage": "submitted"})).status_code == 200
    assert (await projection_client.get("/v1/attainment", params={**base, "as_of": "2019-03-31"})).status_code == 404
    assert (await projection_client.get("/v1/attainment", params={**base, "as_of": "2019-03-31", "vintage": "final"})).status_code == 422


@pytest.mark.parametrize("path", ["/v1/periods/420100/2019-13/submission", "/v1/periods/420100/19-03/submission",
                                  "/v1/periods/999999/2019-03/submission", "/v1/periods/420100/2019-03-01/submission"])
async def test_a_period_or_region_that_is_not_one_is_a_422(projection, projection_client, path):
    answer = await projection_client.post(path)
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] in ("period", "region")


async def test_steps_out_of_order_are_409_and_a_reason_is_required(projection, projection_client):
    for what, body in (("approval", None), ("return", {"reason": "缺数据"}), ("reopening", {"reason": "复核"})):
        refused = await projection_client.post(f"/v1/periods/420100/2019-03/{what}", json=body)
        assert refused.status_code == 409 and refused.json()["state"] == "open", refused.text
    await step(projection_client, "420100", "2019-03", "submission")
    for body in (None, {}, {"reason": "   "}, {"reason": "x", "extra": 1}):
        refused = await projection_client.post("/v1/periods/420100/2019-03/return", json=body)
        assert refused.status_code == 422, refused.text
    returned = await step(projection_client, "420100", "2019-03", "return", reason="T04 缺三月记录；March records missing")
    assert returned["state"] == "returned"
    listed = await state(projection_client, "420100", "2019-03")
    assert listed["return_reason"] == "T04 缺三月记录；March records missing" and listed["submitted_vintage"] is None
    await step(projection_client, "420100", "2019-03", "submission")
    assert (await state(projection_client, "420100", "2019-03"))["state"] == "submitted"


async def test_the_province_does_not_submit_and_a_period_not_over_is_not_submitted(projection, projection_client):
    province = await projection_client.post("/v1/periods/420000/2019-03/submission")
    assert province.status_code == 422 and province.json()["errors"][0]["field"] == "region"
    current = f"{today().year}-{today().month:02d}"
    early = await projection_client.post(f"/v1/periods/420100/{current}/submission")
    assert early.status_code == 409 and early.json()["errors"][0]["field"] == "period"
    assert (await state(projection_client, "420100", current))["state"] == "open"


async def test_a_resent_step_with_its_key_changes_nothing(projection, projection_client):
    headers = {"Idempotency-Key": "wh-2019-03-submission"}
    first = await projection_client.post("/v1/periods/420100/2019-03/submission", headers=headers)
    again = await projection_client.post("/v1/periods/420100/2019-03/submission", headers=headers)
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert (await state(projection_client, "420100", "2019-03"))["version"] == 1
