"""Bad input to the training service: a problem naming the field, and nothing stored."""

import pytest

from tests.training.helpers import ACME, event_count, problem_fields, recognition, recommendation, training_plan

pytestmark = pytest.mark.asyncio

TRAINING_CASES = [
    ("unknown format", training_plan(format="lecture"), "format"),
    ("unknown audience", training_plan(audience="students"), "audience"),
    ("unknown region", training_plan(region="420400"), "region"),
    ("ends before it starts", training_plan(starts_on="2019-05-15", ends_on="2019-05-13"), "ends_on"),
    ("impossible date", training_plan(starts_on="2019-02-30"), "starts_on"),
    ("too early", training_plan(starts_on="1999-12-31"), "starts_on"),
    ("far ahead", training_plan(starts_on="2999-01-01", ends_on="2999-01-02"), "starts_on"),
    ("empty title", training_plan(title="  "), "title"),
    ("control characters in the partner", training_plan(partner="W\x07IPO"), "partner"),
    ("missing partner", {k: v for k, v in training_plan().items() if k != "partner"}, "partner"),
    ("unknown field", training_plan(colour="red"), "colour"),
]


@pytest.mark.parametrize(("case", "body", "field"), TRAINING_CASES, ids=[c[0] for c in TRAINING_CASES])
async def test_bad_training_plans_are_refused_and_nothing_stored(training, training_client, case, body, field):
    response = await training_client.post("/v1/trainings", json=body)
    assert response.status_code == 422
    assert field in problem_fields(response)
    assert await event_count(training) == 0


@pytest.fixture
async def planned(training, training_client):
    response = await training_client.post("/v1/trainings", json=training_plan(starts_on="2019-05-13", ends_on="2019-05-15"))
    assert response.status_code == 201
    return response.json()["training_id"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"person_times": 0}, "person_times"),
        ({"person_times": -5}, "person_times"),
        ({"person_times": 100_001}, "person_times"),
        ({"person_times": "many"}, "person_times"),
        ({"person_times": 12.5}, "person_times"),
        ({}, "person_times"),
        ({"person_times": 10, "completed_on": "2019-05-12"}, "completed_on"),
        ({"person_times": 10, "completed_on": "2999-05-12"}, "completed_on"),
    ],
)
async def test_bad_completions_are_refused_and_nothing_stored(training, training_client, planned, body, field):
    response = await training_client.post(f"/v1/trainings/{planned}/completion", json=body)
    assert response.status_code == 422
    assert field in problem_fields(response)
    assert await event_count(training) == 1


async def test_a_training_completes_once_and_a_cancelled_one_never(training, training_client, planned):
    assert (await training_client.post(f"/v1/trainings/{planned}/completion", json={"person_times": 40})).status_code == 201
    again = await training_client.post(f"/v1/trainings/{planned}/completion", json={"person_times": 40})
    assert again.status_code == 409 and problem_fields(again) == []
    other = (await training_client.post("/v1/trainings", json=training_plan())).json()["training_id"]
    cancel = await training_client.post(f"/v1/trainings/{other}/cancellation", json={"cancelled_on": "2019-05-01", "reason": "场地"})
    assert cancel.status_code == 201
    assert (await training_client.post(f"/v1/trainings/{other}/completion", json={"person_times": 40})).status_code == 409
    assert await event_count(training) == 4


async def test_a_training_that_has_not_started_cannot_complete(training, training_client):
    ahead = (await training_client.post("/v1/trainings", json=training_plan(starts_on="2099-01-01", ends_on="2099-01-02"))).status_code
    assert ahead == 422  # beyond the planning horizon
    from datetime import timedelta

    from kernel.domain.dates import today

    soon = (today() + timedelta(days=10)).isoformat()
    training_id = (await training_client.post("/v1/trainings", json=training_plan(starts_on=soon, ends_on=soon))).json()["training_id"]
    response = await training_client.post(f"/v1/trainings/{training_id}/completion", json={"person_times": 30})
    assert response.status_code == 422 and problem_fields(response) == ["completed_on"]
    assert await event_count(training) == 1


@pytest.mark.parametrize("path", ["completion", "cancellation", "retraction"])
async def test_changes_to_unknown_trainings_are_404(training, training_client, path):
    body = {"completion": {"person_times": 3}, "cancellation": {"cancelled_on": "2019-01-01", "reason": "x"}, "retraction": {"reason": "x"}}[path]
    response = await training_client.post(f"/v1/trainings/no-such-training/{path}", json=body)
    assert response.status_code == 404
    problem_fields(response)
    assert (await training_client.get("/v1/trainings/no-such-training")).status_code == 404
    assert await event_count(training) == 0


RECOGNITION_CASES = [
    ("bad credit code", recognition(enterprise={**ACME, "uscc": "91350203M0001QAY9B"}), "enterprise.uscc"),
    ("unknown ownership", recognition(enterprise={**ACME, "ownership": "public"}), "enterprise.ownership"),
    ("enterprise region unknown", recognition(enterprise={**ACME, "region": "429000"}), "enterprise.region"),
    ("unknown level", recognition(level="national_champion"), "level"),
    ("future", recognition(recognized_on="2999-11-20"), "recognized_on"),
    ("unknown recommendation", recognition(recommendation_id="91440101MA5CJQ4N59-national_advantage-2019-7"), "recommendation_id"),
    ("missing enterprise", {"level": "national_advantage", "recognized_on": "2019-11-20"}, "enterprise"),
    ("unknown field", recognition(year=2019), "year"),
]


@pytest.mark.parametrize(("case", "body", "field"), RECOGNITION_CASES, ids=[c[0] for c in RECOGNITION_CASES])
async def test_bad_recognitions_are_refused_and_nothing_stored(training, training_client, case, body, field):
    response = await training_client.post("/v1/demonstration-recognitions", json=body)
    assert response.status_code == 422
    assert field in problem_fields(response)
    assert await event_count(training) == 0


async def test_bad_recommendations_are_refused_and_nothing_stored(training, training_client):
    for body, field in [
        (recommendation(recommended_by="999999"), "recommended_by"),
        (recommendation(recommended_on="2999-01-01"), "recommended_on"),
        (recommendation(enterprise={**ACME, "uscc": "123"}), "enterprise.uscc"),
    ]:
        response = await training_client.post("/v1/demonstration-recommendations", json=body)
        assert response.status_code == 422 and field in problem_fields(response)
    assert await event_count(training) == 0


async def test_a_second_recognition_at_the_same_level_and_year_is_a_conflict(training, training_client):
    assert (await training_client.post("/v1/demonstration-recognitions", json=recognition())).status_code == 201
    again = await training_client.post("/v1/demonstration-recognitions", json=recognition(recognized_on="2019-12-01"))
    assert again.status_code == 409 and problem_fields(again) == ["level"]
    assert await event_count(training) == 1


@pytest.mark.parametrize("record_id", ["nonsense", "91440101MA5CJQ4N59-national_advantage-2019-1", "x" * 120])
async def test_unknown_recognitions_are_404(training, training_client, record_id):
    for kind in ("demonstration-recognitions", "demonstration-recommendations"):
        response = await training_client.post(f"/v1/{kind}/{record_id}/retraction", json={"reason": "x"})
        assert response.status_code == 404
        problem_fields(response)
        assert (await training_client.get(f"/v1/{kind}/{record_id}")).status_code == 404
    assert await event_count(training) == 0


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [(b"{not json", "application/json", 422), (b"\xff\xfe\x00", "application/json", 400), (b"[1,2]", "application/json", 422)],
)
async def test_malformed_bodies_are_4xx_problems(training, training_client, content, content_type, status):
    for path in ("/v1/trainings", "/v1/demonstration-recognitions"):
        response = await training_client.post(path, content=content, headers={"content-type": content_type})
        assert response.status_code == status
        assert problem_fields(response)
    assert await event_count(training) == 0
