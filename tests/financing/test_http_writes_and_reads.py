"""The write path over HTTP: 201 with id, version and Location; idempotency; scopes and region limits; reads."""

import asyncio

import pytest

from tests.financing.helpers import (
    ACME,
    YICHANG_FIRM,
    event_count,
    guarantee,
    matchmaking,
    problem_fields,
    project,
    subsidy,
    survey_response,
)

pytestmark = pytest.mark.asyncio


async def test_registration_answers_201_with_id_version_and_location(financing_client):
    response = await financing_client.post("/v1/pledge-projects", json=project())
    assert response.status_code == 201
    body = response.json()
    assert body["stream_version"] == 1 and response.headers["Location"] == f"/v1/pledge-projects/{body['project_id']}"
    view = (await financing_client.get(response.headers["Location"])).json()
    assert view["enterprise"] == ACME and view["region"] == "420100" and view["amount_cny"] == 5_000_000
    assert view["pledged_rights"][0] == {"kind": "patent", "number": "ZL201810123456.7"}
    assert view["subsidies"] == [] and view["retracted_on"] is None and view["stream_version"] == 1


async def test_support_records_have_their_own_ids_locations_and_reads(financing_client):
    project_id = (await financing_client.post("/v1/pledge-projects", json=project())).json()["project_id"]
    base = f"/v1/pledge-projects/{project_id}"
    granted = await financing_client.post(f"{base}/subsidies", json=subsidy())
    assert granted.status_code == 201 and granted.json()["stream_version"] == 2
    subsidy_id = granted.json()["subsidy_id"]
    assert granted.headers["Location"] == f"{base}/subsidies/{subsidy_id}"
    assert (await financing_client.get(granted.headers["Location"])).json()["amount_cny"] == 80_000
    attached = await financing_client.post(f"{base}/guarantees", json=guarantee())
    guarantee_id = attached.json()["guarantee_id"]
    assert (await financing_client.get(f"{base}/subsidies/{guarantee_id}")).status_code == 404
    retracted = await financing_client.post(f"{base}/guarantees/{guarantee_id}/retraction", json={"reason": "wrong project"})
    assert retracted.status_code == 201 and retracted.json() == {"project_id": project_id, "guarantee_id": guarantee_id, "stream_version": 4}
    again = await financing_client.post(f"{base}/guarantees/{guarantee_id}/retraction", json={"reason": "again"})
    assert again.status_code == 409
    view = (await financing_client.get(base)).json()
    assert view["guarantees"][0]["retraction_reason"] == "wrong project" and view["subsidies"][0]["subsidy_id"] == subsidy_id


async def test_a_retracted_project_takes_nothing_more(financing, financing_client):
    project_id = (await financing_client.post("/v1/pledge-projects", json=project())).json()["project_id"]
    assert (await financing_client.post(f"/v1/pledge-projects/{project_id}/retraction", json={"reason": "entered twice"})).status_code == 201
    before = await event_count(financing)
    for segment, body in (("subsidies", subsidy()), ("guarantees", guarantee()), ("release", {"released_on": "2019-06-01"}),
                          ("retraction", {"reason": "again"})):
        response = await financing_client.post(f"/v1/pledge-projects/{project_id}/{segment}", json=body)
        assert response.status_code == 409, segment
        problem_fields(response)
    assert await event_count(financing) == before


async def test_same_key_same_body_gives_the_same_answer_and_one_event(financing, financing_client):
    headers = {"Idempotency-Key": "pledge-2019-04-18-acme"}
    first = await financing_client.post("/v1/pledge-projects", json=project(), headers=headers)
    again = await financing_client.post("/v1/pledge-projects", json=project(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and again.headers["Idempotent-Replayed"] == "true"
    other = await financing_client.post("/v1/pledge-projects", json=project(amount_cny=1), headers=headers)
    assert other.status_code == 422 and problem_fields(other) == ["Idempotency-Key"]
    assert await event_count(financing) == 1


async def test_concurrent_retries_of_one_subsidy_record_it_once(financing, financing_client):
    project_id = (await financing_client.post("/v1/pledge-projects", json=project())).json()["project_id"]
    headers = {"Idempotency-Key": "subsidy-burst"}
    answers = await asyncio.gather(*[
        financing_client.post(f"/v1/pledge-projects/{project_id}/subsidies", json=subsidy(), headers=headers) for _ in range(10)
    ])
    ok = [a for a in answers if a.status_code == 201]
    assert ok and all(a.status_code in (201, 409) for a in answers)
    assert len({a.json()["subsidy_id"] for a in ok}) == 1
    assert await event_count(financing) == 2


async def test_concurrent_subsidies_cannot_together_exceed_the_loan(financing, financing_client):
    project_id = (await financing_client.post("/v1/pledge-projects", json=project(amount_cny=100_000))).json()["project_id"]
    answers = await asyncio.gather(*[
        financing_client.post(f"/v1/pledge-projects/{project_id}/subsidies", json=subsidy(amount_cny=60_000)) for _ in range(5)
    ])
    assert [a.status_code for a in answers].count(201) == 1
    assert all(a.status_code in (201, 409, 422) for a in answers)
    view = (await financing_client.get(f"/v1/pledge-projects/{project_id}")).json()
    assert sum(s["amount_cny"] for s in view["subsidies"]) == 60_000


async def test_wrong_scope_or_no_token_is_refused(financing, financing_client, auth):
    for headers, status in ((auth(scopes=["read"]), 403), (auth(scopes=["enforcement:write"]), 403), ({"Authorization": ""}, 401)):
        response = await financing_client.post("/v1/pledge-projects", json=project(), headers=headers)
        assert response.status_code == status
        assert response.headers["content-type"] == "application/problem+json"
    assert (await financing_client.get("/v1/events", headers=auth(scopes=["financing:write"]))).status_code == 403
    assert await event_count(financing) == 0


async def test_a_region_limited_token_writes_only_its_region(financing, financing_client, auth):
    wuhan = auth(scopes=["financing:write", "read"], region="420100")
    refused = await financing_client.post("/v1/pledge-projects", json=project(enterprise=YICHANG_FIRM), headers=wuhan)
    assert refused.status_code == 403 and problem_fields(refused) == ["enterprise.region"]
    yichang_project = (await financing_client.post("/v1/pledge-projects", json=project(enterprise=YICHANG_FIRM))).json()["project_id"]
    base = f"/v1/pledge-projects/{yichang_project}"
    for segment, body in (("subsidies", subsidy()), ("guarantees", guarantee()), ("default", {"defaulted_on": "2019-06-01", "outstanding_cny": 1}),
                          ("retraction", {"reason": "x"})):
        assert (await financing_client.post(f"{base}/{segment}", json=body, headers=wuhan)).status_code == 403, segment
    assert (await financing_client.post("/v1/matchmaking-events", json=matchmaking(region="420500"), headers=wuhan)).status_code == 403
    refused = await financing_client.post("/v1/needs-survey-responses", json=survey_response(enterprise=YICHANG_FIRM), headers=wuhan)
    assert refused.status_code == 403
    assert await event_count(financing) == 1
    assert (await financing_client.post("/v1/pledge-projects", json=project(), headers=wuhan)).status_code == 201
    assert (await financing_client.post("/v1/matchmaking-events", json=matchmaking(), headers=wuhan)).status_code == 201
    assert await event_count(financing) == 3


async def test_matchmaking_events_are_held_read_and_retracted(financing_client):
    held = await financing_client.post("/v1/matchmaking-events", json=matchmaking())
    assert held.status_code == 201
    event_id = held.json()["event_id"]
    assert held.headers["Location"] == f"/v1/matchmaking-events/{event_id}"
    view = (await financing_client.get(f"/v1/matchmaking-events/{event_id}")).json()
    assert view["region"] == "420100" and len(view["enterprises_attending"]) == 2 and view["banks_attending"][0] == "汉口银行"
    retracted = await financing_client.post(f"/v1/matchmaking-events/{event_id}/retraction", json={"reason": "cancelled"})
    assert retracted.status_code == 201 and retracted.json()["stream_version"] == 2
    assert (await financing_client.get(f"/v1/matchmaking-events/{event_id}")).json()["retracted_on"] is not None
    assert (await financing_client.post(f"/v1/matchmaking-events/{event_id}/retraction", json={"reason": "x"})).status_code == 409
    assert (await financing_client.get("/v1/matchmaking-events/nope")).status_code == 404


async def test_a_survey_response_is_linked_to_the_project_that_met_it(financing_client):
    response_id = (await financing_client.post("/v1/needs-survey-responses", json=survey_response())).json()["response_id"]
    project_id = (await financing_client.post("/v1/pledge-projects", json=project())).json()["project_id"]
    met = await financing_client.post(f"/v1/needs-survey-responses/{response_id}/fulfilment", json={"project_id": project_id})
    assert met.status_code == 201 and met.json()["stream_version"] == 2
    view = (await financing_client.get(f"/v1/needs-survey-responses/{response_id}")).json()
    assert view["met_by_project"] == project_id and view["met_on"] == "2019-04-18" and view["amount_sought_cny"] == 5_000_000
    other = (await financing_client.post("/v1/pledge-projects", json=project(enterprise=YICHANG_FIRM))).json()["project_id"]
    second = (await financing_client.post("/v1/needs-survey-responses", json=survey_response())).json()["response_id"]
    refused = await financing_client.post(f"/v1/needs-survey-responses/{second}/fulfilment", json={"project_id": other})
    assert refused.status_code == 422 and problem_fields(refused) == ["project_id"]


async def test_projects_are_listed_page_by_page(financing_client):
    ids = sorted([(await financing_client.post("/v1/pledge-projects", json=project())).json()["project_id"] for _ in range(3)])
    first = (await financing_client.get("/v1/pledge-projects", params={"limit": 2})).json()
    assert [p["project_id"] for p in first["items"]] == ids[:2] and first["next_after"] == ids[1]
    rest = (await financing_client.get("/v1/pledge-projects", params={"limit": 2, "after": first["next_after"]})).json()
    assert [p["project_id"] for p in rest["items"]] == ids[2:] and rest["next_after"] is None


async def test_openapi_documents_every_write_with_an_example(financing_client):
    spec = (await financing_client.get("/openapi.json")).json()
    for path, operations in spec["paths"].items():
        if "post" not in operations or path == "/v1/import":  # the bulk import takes NDJSON, CSV or an array
            continue
        schema_ref = operations["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        schema = spec["components"]["schemas"][schema_ref.rsplit("/", 1)[-1]]
        assert schema.get("examples"), path
    assert "/v1/pledge-projects/{project_id}/risk-compensations" in spec["paths"]
