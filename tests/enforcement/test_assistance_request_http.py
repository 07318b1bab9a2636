"""Assistance requests (measure 4's first-inquiry responsibility and fast response) over HTTP."""

import pytest

from tests.enforcement.bodies import assistance_request, feed_events, problem_fields
from tests.enforcement.helpers import ACME, center, event_count

pytestmark = pytest.mark.asyncio


@pytest.fixture
async def client(enforcement, enforcement_client):
    assert (await enforcement_client.post("/v1/assistance-centers", json=center(registered_on="2019-02-01"))).status_code == 201
    return enforcement_client


async def test_received_answered_resolved_with_times_derived(enforcement, client):
    received = await client.post("/v1/assistance-requests", json=assistance_request(summary="商标侵权投诉"))
    assert received.status_code == 201, received.text
    request_id = received.json()["request_id"]
    path = f"/v1/assistance-requests/{request_id}"
    assert received.headers["Location"] == path
    answered = await client.post(f"{path}/first-response", json={"responded_at": "2019-03-12T03:15:00Z"})
    assert answered.status_code == 201 and answered.json()["stream_version"] == 2
    resolved = await client.post(f"{path}/resolution", json={"resolved_at": "2019-03-14T09:30:00+08:00", "summary": "已下架"})
    assert resolved.status_code == 201
    view = (await client.get(path)).json()
    assert view["response_minutes"] == 105 and view["resolution_minutes"] == 2 * 24 * 60
    assert view["enterprise"]["ownership"] == "state_owned" and view["region"] == "420100" and view["resolution_summary"] == "已下架"
    events = [e for e in await feed_events(client, enforcement) if e["subject"] == f"assistance-request-{request_id}"]
    assert [e["type"].split(".")[1] for e in events] == [
        "AssistanceRequestReceived", "AssistanceRequestFirstResponded", "AssistanceRequestResolved"]
    assert events[0]["data"]["received_on"] == "2019-03-12" and events[1]["data"]["response_minutes"] == 105
    assert events[2]["data"]["enterprise"]["uscc"] == "91110000600037341L"
    assert (await client.post(f"{path}/first-response", json={"responded_at": "2019-03-12T04:00:00Z"})).status_code == 409
    assert (await client.post(f"{path}/resolution", json={"resolved_at": "2019-03-15T09:30:00+08:00"})).status_code == 409
    assert await event_count(enforcement) == 4


RECEIPTS = [
    ("no offset", assistance_request(received_at="2019-03-12T09:30:00"), "received_at"),
    ("future", assistance_request(received_at="2999-03-12T09:30:00+08:00"), "received_at"),
    ("edge of the calendar", assistance_request(received_at="0001-01-01T00:00:00+08:00"), "received_at"),
    ("before the center registered", assistance_request(received_at="2019-01-31T23:00:00+08:00"), "received_at"),
    ("unknown center", assistance_request(center_id="nowhere"), "center_id"),
    ("unknown channel", assistance_request(channel="pigeon"), "channel"),
    ("bad enterprise", assistance_request(enterprise={**ACME, "ownership": "public"}), "enterprise.ownership"),
    ("typed-in time", assistance_request(response_minutes=5), "response_minutes"),
]


@pytest.mark.parametrize(("case", "body", "field"), RECEIPTS, ids=[c[0] for c in RECEIPTS])
async def test_bad_requests_are_refused_and_nothing_stored(enforcement, client, case, body, field):
    response = await client.post("/v1/assistance-requests", json=body)
    assert response.status_code == 422 and field in problem_fields(response)
    assert await event_count(enforcement) == 1


async def test_answers_out_of_order_are_refused(enforcement, client):
    request_id = (await client.post("/v1/assistance-requests", json=assistance_request())).json()["request_id"]
    path = f"/v1/assistance-requests/{request_id}"
    response = await client.post(f"{path}/resolution", json={"resolved_at": "2019-03-13T09:30:00+08:00"})
    assert response.status_code == 422 and problem_fields(response) == ["resolved_at"]
    response = await client.post(f"{path}/first-response", json={"responded_at": "2019-03-12T09:29:00+08:00"})
    assert response.status_code == 422 and problem_fields(response) == ["responded_at"]
    response = await client.post(f"{path}/first-response", json={"responded_at": "2019-03-12"})
    assert response.status_code == 422 and problem_fields(response) == ["responded_at"]
    assert (await client.post("/v1/assistance-requests/nope/first-response", json={"responded_at": "2019-03-12T10:00:00Z"})).status_code == 404
    assert await event_count(enforcement) == 2


async def test_a_region_limited_token_serves_only_its_centers(enforcement, client, auth):
    yichang = auth(scopes=["enforcement:write", "read"], region="420500")
    response = await client.post("/v1/assistance-requests", json=assistance_request(), headers=yichang)
    assert response.status_code == 403 and problem_fields(response) == ["center_id"]
    request_id = (await client.post("/v1/assistance-requests", json=assistance_request())).json()["request_id"]
    response = await client.post(f"/v1/assistance-requests/{request_id}/first-response",
                                 json={"responded_at": "2019-03-12T10:00:00+08:00"}, headers=yichang)
    assert response.status_code == 403
    assert await event_count(enforcement) == 2
