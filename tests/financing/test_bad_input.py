"""Bad input: a 4xx problem naming the field, and nothing stored."""

import pytest

from tests.financing.helpers import (
    ACME,
    RIGHTS,
    compensation,
    event_count,
    guarantee,
    matchmaking,
    problem_fields,
    project,
    subsidy,
    survey_response,
)

pytestmark = pytest.mark.asyncio


@pytest.fixture
async def with_project(financing, financing_client):
    """A client against a service holding one registered 5,000,000-yuan project and one survey response."""
    financing_client.service = financing
    created = await financing_client.post("/v1/pledge-projects", json=project())
    assert created.status_code == 201, created.text
    financing_client.project_id = created.json()["project_id"]
    answered = await financing_client.post("/v1/needs-survey-responses", json=survey_response())
    assert answered.status_code == 201, answered.text
    financing_client.response_id = answered.json()["response_id"]
    return financing_client


PROJECT_CASES = [
    ("bad USCC check digit", project(enterprise={**ACME, "uscc": "91350203M0001QAY9B"}), "enterprise.uscc"),
    ("unknown ownership", project(enterprise={**ACME, "ownership": "public"}), "enterprise.ownership"),
    ("unknown region", project(enterprise={**ACME, "region": "420400"}), "enterprise.region"),
    ("zero amount", project(amount_cny=0), "amount_cny"),
    ("negative amount", project(amount_cny=-5), "amount_cny"),
    ("fractional amount", project(amount_cny=1000.5), "amount_cny"),
    ("amount as text", project(amount_cny="5000000"), "amount_cny"),
    ("absurd amount", project(amount_cny=10**15), "amount_cny"),
    ("future date", project(registered_on="2999-01-01"), "registered_on"),
    ("impossible date", project(registered_on="2019-02-30"), "registered_on"),
    ("no rights pledged", project(rights=[]), "pledged_rights"),
    ("unknown right kind", project(rights=[{"kind": "design", "number": "1"}]), "pledged_rights.0.kind"),
    ("empty right number", project(rights=[{"kind": "patent", "number": " "}]), "pledged_rights.0.number"),
    ("a right pledged twice", project(rights=[*RIGHTS, RIGHTS[0]]), "pledged_rights.2.number"),
    ("control characters", project(lender="汉口\x00银行"), "lender"),
    ("unknown field", project(colour="red"), "colour"),
    ("missing field", {"enterprise": ACME}, "lender"),
]


@pytest.mark.parametrize(("case", "body", "field"), PROJECT_CASES, ids=[c[0] for c in PROJECT_CASES])
async def test_bad_project_is_refused_and_nothing_stored(with_project, case, body, field):
    before = await event_count(with_project.service)
    response = await with_project.post("/v1/pledge-projects", json=body)
    assert response.status_code == 422
    assert field in problem_fields(response)
    assert await event_count(with_project.service) == before


SUPPORT_CASES = [
    ("subsidy larger than the loan", "subsidies", subsidy(amount_cny=5_000_001), 422, "amount_cny"),
    ("unknown subsidy kind", "subsidies", subsidy(kind="gift"), 422, "kind"),
    ("subsidy period ends before it starts", "subsidies", subsidy(period_from="2019-06-30", period_to="2019-05-01"), 422, "period_to"),
    ("subsidy granted before the project", "subsidies", subsidy(granted_on="2019-04-17"), 422, "granted_on"),
    ("compensation without a default", "risk-compensations", compensation(), 422, "project_id"),
    ("unknown payer", "risk-compensations", compensation(payer="county_fund"), 422, "payer"),
    ("cover larger than the loan", "guarantees", guarantee(cover_cny=6_000_000), 422, "cover_cny"),
    ("cover starting in the future", "guarantees", guarantee(covers_from="2999-01-01", covers_to="2999-12-31"), 422, "covers_from"),
    ("unknown guarantee kind", "guarantees", guarantee(kind="promise"), 422, "kind"),
    ("release before registration", "release", {"released_on": "2019-01-01"}, 422, "released_on"),
    ("default with more owed than lent", "default", {"defaulted_on": "2019-06-01", "outstanding_cny": 5_000_001}, 422, "outstanding_cny"),
    ("retraction without a reason", "retraction", {"reason": ""}, 422, "reason"),
]


@pytest.mark.parametrize(("case", "segment", "body", "status", "field"), SUPPORT_CASES, ids=[c[0] for c in SUPPORT_CASES])
async def test_bad_commands_on_a_project_are_refused_and_nothing_stored(with_project, case, segment, body, status, field):
    before = await event_count(with_project.service)
    response = await with_project.post(f"/v1/pledge-projects/{with_project.project_id}/{segment}", json=body)
    assert response.status_code == status
    assert field in problem_fields(response)
    assert await event_count(with_project.service) == before


@pytest.mark.parametrize("segment", ["subsidies", "risk-compensations", "guarantees", "release", "retraction"])
async def test_commands_on_an_unknown_project_are_404(with_project, segment):
    bodies = {"subsidies": subsidy(), "risk-compensations": compensation(), "guarantees": guarantee(),
              "release": {"released_on": "2019-05-01"}, "retraction": {"reason": "x"}}
    before = await event_count(with_project.service)
    response = await with_project.post(f"/v1/pledge-projects/00000000-0000-0000-0000-000000000000/{segment}", json=bodies[segment])
    assert response.status_code == 404
    problem_fields(response)
    assert await event_count(with_project.service) == before


async def test_ids_of_a_bad_shape_are_refused_before_reaching_the_store(with_project):
    before = await event_count(with_project.service)
    for path in ("/v1/pledge-projects/%00/retraction", "/v1/matchmaking-events/a%20b/retraction",
                 "/v1/needs-survey-responses/%2e%2e/retraction"):
        response = await with_project.post(path, json={"reason": "x"})
        assert response.status_code in (404, 422), path
        problem_fields(response)
    response = await with_project.get("/v1/pledge-projects", params={"after": "\x00"})
    assert response.status_code == 422 and problem_fields(response) == ["after"]
    response = await with_project.post(f"/v1/needs-survey-responses/{with_project.response_id}/fulfilment", json={"project_id": "p\x00"})
    assert response.status_code == 422 and problem_fields(response) == ["project_id"]
    assert await event_count(with_project.service) == before


MATCHMAKING_CASES = [
    ("no banks", matchmaking(banks=[]), "banks_attending"),
    ("no enterprises", matchmaking(enterprises=[]), "enterprises_attending"),
    ("a bank twice", matchmaking(banks=["汉口银行", "汉口银行"]), "banks_attending.1"),
    ("an enterprise twice", matchmaking(enterprises=[ACME, ACME]), "enterprises_attending.1.uscc"),
    ("bad attendee USCC", matchmaking(enterprises=[{**ACME, "uscc": "123"}]), "enterprises_attending.0.uscc"),
    ("unknown region", matchmaking(region="429000"), "region"),
    ("future date", matchmaking(occurred_on="2999-05-16"), "occurred_on"),
    ("missing organiser", {k: v for k, v in matchmaking().items() if k != "organiser"}, "organiser"),
]


@pytest.mark.parametrize(("case", "body", "field"), MATCHMAKING_CASES, ids=[c[0] for c in MATCHMAKING_CASES])
async def test_bad_matchmaking_event_is_refused_and_nothing_stored(financing, financing_client, case, body, field):
    response = await financing_client.post("/v1/matchmaking-events", json=body)
    assert response.status_code == 422
    assert field in problem_fields(response)
    assert await event_count(financing) == 0


SURVEY_CASES = [
    ("nothing sought", survey_response(amount_sought_cny=0), "amount_sought_cny"),
    ("future answer", survey_response(responded_on="2999-01-01"), "responded_on"),
    ("a right twice", survey_response(rights=[RIGHTS[0], RIGHTS[0]]), "rights_offered.1.number"),
    ("no survey named", survey_response(survey=""), "survey"),
]


@pytest.mark.parametrize(("case", "body", "field"), SURVEY_CASES, ids=[c[0] for c in SURVEY_CASES])
async def test_bad_survey_response_is_refused_and_nothing_stored(financing, financing_client, case, body, field):
    response = await financing_client.post("/v1/needs-survey-responses", json=body)
    assert response.status_code == 422
    assert field in problem_fields(response)
    assert await event_count(financing) == 0


async def test_a_need_is_met_only_by_a_registered_project(with_project):
    before = await event_count(with_project.service)
    path = f"/v1/needs-survey-responses/{with_project.response_id}/fulfilment"
    response = await with_project.post(path, json={"project_id": "00000000-0000-0000-0000-000000000000"})
    assert response.status_code == 422 and problem_fields(response) == ["project_id"]
    assert await event_count(with_project.service) == before
    assert (await with_project.post(path, json={"project_id": with_project.project_id})).status_code == 201
    again = await with_project.post(path, json={"project_id": with_project.project_id})
    assert again.status_code == 409 and problem_fields(again) == ["project_id"]
    assert await event_count(with_project.service) == before + 1


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [(b"{not json", "application/json", 422), (b"\xff\xfe\x00", "application/json", 400), (b"[1,2]", "application/json", 422)],
)
async def test_malformed_bodies_are_4xx_problems(financing, financing_client, content, content_type, status):
    response = await financing_client.post("/v1/pledge-projects", content=content, headers={"content-type": content_type})
    assert response.status_code == status
    assert problem_fields(response)
    assert await event_count(financing) == 0
