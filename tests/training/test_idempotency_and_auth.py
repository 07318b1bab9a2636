"""Idempotency keys, scopes and region-limited tokens on the training service's writes."""

import asyncio

import pytest

from tests.training.helpers import YICHANG_FIRM, event_count, recognition, recommendation, training_plan

pytestmark = pytest.mark.asyncio


async def test_same_key_same_body_gives_the_same_answer_and_one_event(training, training_client):
    headers = {"Idempotency-Key": "plan-2019-05-class"}
    first = await training_client.post("/v1/trainings", json=training_plan(), headers=headers)
    again = await training_client.post("/v1/trainings", json=training_plan(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and again.headers["Idempotent-Replayed"] == "true"
    assert first.headers["Location"] == f"/v1/trainings/{first.json()['training_id']}"
    assert await event_count(training) == 1


async def test_a_replayed_recognition_answers_the_same_id_and_location(training, training_client):
    headers = {"Idempotency-Key": "acme-advantage-2019"}
    first = await training_client.post("/v1/demonstration-recognitions", json=recognition(), headers=headers)
    again = await training_client.post("/v1/demonstration-recognitions", json=recognition(), headers=headers)
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert first.json() == {"recognition_id": "91440101MA5CJQ4N59-national_advantage-2019-1", "stream_version": 1}
    assert first.headers["Location"] == again.headers["Location"] == "/v1/demonstration-recognitions/91440101MA5CJQ4N59-national_advantage-2019-1"
    assert await event_count(training) == 1


async def test_same_key_other_body_is_refused(training, training_client):
    await training_client.post("/v1/trainings", json=training_plan(), headers={"Idempotency-Key": "k"})
    response = await training_client.post("/v1/trainings", json=training_plan(format="seminar"), headers={"Idempotency-Key": "k"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert await event_count(training) == 1


async def test_concurrent_completions_record_once(training, training_client):
    training_id = (await training_client.post("/v1/trainings", json=training_plan())).json()["training_id"]
    answers = await asyncio.gather(*[
        training_client.post(f"/v1/trainings/{training_id}/completion", json={"person_times": 30 + i}) for i in range(10)
    ])
    assert sum(a.status_code == 201 for a in answers) == 1
    assert all(a.status_code in (201, 409) for a in answers)
    assert await event_count(training) == 2


async def test_concurrent_recognitions_of_one_enterprise_record_once(training, training_client):
    answers = await asyncio.gather(*[training_client.post("/v1/demonstration-recognitions", json=recognition()) for _ in range(8)])
    assert sum(a.status_code == 201 for a in answers) == 1
    assert all(a.status_code in (201, 409) for a in answers)
    assert await event_count(training) == 1


async def test_wrong_scope_or_no_token(training, training_client, auth):
    for headers in (auth(scopes=["read"]), auth(scopes=["enforcement:write"])):
        assert (await training_client.post("/v1/trainings", json=training_plan(), headers=headers)).status_code == 403
    assert (await training_client.post("/v1/trainings", json=training_plan(), headers={"Authorization": ""})).status_code == 401
    assert (await training_client.get("/v1/trainings/x", headers=auth(scopes=["training:write"]))).status_code == 403
    assert await event_count(training) == 0


async def test_a_region_limited_token_writes_only_its_region(training, training_client, auth):
    wuhan = auth(scopes=["training:write", "read"], region="420100")
    assert (await training_client.post("/v1/trainings", json=training_plan(region="420500"), headers=wuhan)).status_code == 403
    yichang = (await training_client.post("/v1/trainings", json=training_plan(region="420500"))).json()["training_id"]
    for path, body in (("completion", {"person_times": 5}), ("cancellation", {"cancelled_on": "2019-05-01", "reason": "x"}), ("retraction", {"reason": "x"})):
        assert (await training_client.post(f"/v1/trainings/{yichang}/{path}", json=body, headers=wuhan)).status_code == 403
    own = await training_client.post("/v1/trainings", json=training_plan(), headers=wuhan)
    assert own.status_code == 201

    refused = await training_client.post("/v1/demonstration-recognitions", json=recognition(enterprise=YICHANG_FIRM), headers=wuhan)
    assert refused.status_code == 403 and refused.json()["errors"][0]["field"] == "enterprise.region"
    by_province = await training_client.post("/v1/demonstration-recommendations", json=recommendation(), headers=wuhan)
    assert by_province.status_code == 403 and by_province.json()["errors"][0]["field"] == "recommended_by"
    assert (await training_client.post("/v1/demonstration-recommendations", json=recommendation(recommended_by="420100"), headers=wuhan)).status_code == 201
    recognised = (await training_client.post("/v1/demonstration-recognitions", json=recognition(enterprise=YICHANG_FIRM))).json()
    retract = await training_client.post(f"/v1/demonstration-recognitions/{recognised['recognition_id']}/retraction", json={"reason": "x"}, headers=wuhan)
    assert retract.status_code == 403
    assert await event_count(training) == 4
