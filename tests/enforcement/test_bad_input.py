"""Bad input: a clear problem+json naming the field, and nothing stored."""

import pytest

from tests.enforcement.helpers import ACME, center, event_count, service



def problem_fields(response) -> list[str]:
    assert response.headers["content-type"] == "application/problem+json", response.text
    body = response.json()
    assert body["status"] == response.status_code and body["type"].startswith("/problems/") and body["detail"]
    return [e["field"] for e in body.get("errors", [])]


@pytest.fixture
async def with_center(enforcement, enforcement_client):
    enforcement_client.service = enforcement
    assert (await enforcement_client.post("/v1/assistance-centers", json=center(registered_on="2019-02-01"))).status_code == 201
    assert (await enforcement_client.post("/v1/assistance-centers", json=center("closed-1", registered_on="2019-01-01"))).status_code == 201
    assert (await enforcement_client.post("/v1/assistance-centers/closed-1/closure", json={"closed_on": "2019-05-31"})).status_code == 201
    return enforcement_client


CASES = [
    ("bad USCC check digit", service(enterprises=[{**ACME, "uscc": "91350203M0001QAY9B"}]), 422, "enterprises.0.uscc"),
    ("unknown region", service(enterprises=[{**ACME, "region": "420400"}]), 422, "enterprises.0.region"),
    ("unknown ownership", service(enterprises=[{**ACME, "ownership": "public"}]), 422, "enterprises.0.ownership"),
    ("future date", service(occurred_on="2999-01-01"), 422, "occurred_on"),
    ("impossible date", service(occurred_on="0000-00-00"), 422, "occurred_on"),
    ("before the center existed", service(occurred_on="2019-01-15"), 422, "occurred_on"),
    ("unknown center", service(center_id="nowhere"), 422, "center_id"),
    ("closed center", service(center_id="closed-1", occurred_on="2019-06-03"), 422, "occurred_on"),
    ("no enterprises", service(enterprises=[]), 422, "enterprises"),
    ("unknown field", service(colour="red"), 422, "colour"),
    ("missing field", {"center_id": "wh-1"}, 422, "occurred_on"),
    ("control characters", service(summary="a\x01b"), 422, "summary"),
]


@pytest.mark.parametrize(("case", "body", "status", "field"), CASES, ids=[c[0] for c in CASES])
async def test_bad_onsite_service_is_refused_and_nothing_stored(with_center, case, body, status, field):
    before = await event_count(with_center.service)
    response = await with_center.post("/v1/onsite-services", json=body)
    assert response.status_code == status
    assert field in problem_fields(response)
    assert await event_count(with_center.service) == before


async def test_retraction_of_an_unknown_service_is_404(with_center):
    before = await event_count(with_center.service)
    response = await with_center.post("/v1/onsite-services/00000000-0000-0000-0000-000000000000/retraction", json={"reason": "x"})
    assert response.status_code == 404
    problem_fields(response)
    assert await event_count(with_center.service) == before


async def test_oversized_body_is_413(with_center):
    before = await event_count(with_center.service)
    huge = service(summary="x" * 2_000_000)
    response = await with_center.post("/v1/onsite-services", json=huge)
    assert response.status_code == 413
    problem_fields(response)
    assert await event_count(with_center.service) == before


async def test_oversized_chunked_body_is_413(with_center):
    async def chunks():
        for _ in range(40):
            yield b"x" * 100_000

    response = await with_center.post("/v1/onsite-services", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        (b"{not json", "application/json", 422),
        (b"\xff\xfe\x00", "application/json", 400),
        (b"[1,2]", "application/json", 422),
        (b"center_id=x", "application/x-www-form-urlencoded", 422),
        (b"{}", "text/plain", 422),
        (b"[" * 5000 + b"]" * 5000, "application/json", 400),
    ],
)
async def test_malformed_bodies_are_4xx_problems_naming_the_body(with_center, content, content_type, status):
    before = await event_count(with_center.service)
    response = await with_center.post("/v1/onsite-services", content=content, headers={"content-type": content_type})
    assert response.status_code == status
    assert problem_fields(response)
    assert await event_count(with_center.service) == before


async def test_a_center_cannot_be_registered_twice(with_center):
    response = await with_center.post("/v1/assistance-centers", json=center())
    assert response.status_code == 409
    assert problem_fields(response) == ["center_id"]


async def test_bad_center_fields(enforcement, enforcement_client):
    response = await enforcement_client.post("/v1/assistance-centers", json=center(center_id="has space", region="999999"))
    assert response.status_code == 422
    assert set(problem_fields(response)) == {"center_id", "region"}
    assert await event_count(enforcement) == 0


@pytest.mark.parametrize(
    ("path", "body"),
    [("/v1/onsite-services/a%00b/retraction", {"reason": "x"}), ("/v1/assistance-centers/a%00b/closure", {"closed_on": "2019-03-01"})],
)
async def test_a_nul_byte_in_a_path_is_a_4xx_problem_never_a_500(with_center, path, body):
    before = await event_count(with_center.service)
    read = await with_center.get(path.rsplit("/", 1)[0])
    write = await with_center.post(path, json=body)
    assert read.status_code == write.status_code == 422
    assert problem_fields(write)
    assert await event_count(with_center.service) == before
