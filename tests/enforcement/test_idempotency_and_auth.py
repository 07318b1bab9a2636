"""Idempotency keys and bearer tokens on the write path."""

import asyncio

import pytest

from tests.enforcement.helpers import center, event_count, service



async def test_same_key_same_body_gives_the_same_answer_and_one_event(enforcement, enforcement_client):
    await enforcement_client.post("/v1/assistance-centers", json=center())
    headers = {"Idempotency-Key": "visit-2019-03-12-acme"}
    first = await enforcement_client.post("/v1/onsite-services", json=service(), headers=headers)
    again = await enforcement_client.post("/v1/onsite-services", json=service(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert await event_count(enforcement) == 2


async def test_key_order_in_the_body_does_not_make_another_request(enforcement_client):
    body = center()
    reordered = dict(reversed(list(body.items())))
    a = await enforcement_client.post("/v1/assistance-centers", json=body, headers={"Idempotency-Key": "k1"})
    b = await enforcement_client.post("/v1/assistance-centers", json=reordered, headers={"Idempotency-Key": "k1"})
    assert a.status_code == b.status_code == 201


async def test_same_key_other_body_is_a_422_problem_and_stores_nothing(enforcement, enforcement_client):
    await enforcement_client.post("/v1/assistance-centers", json=center(), headers={"Idempotency-Key": "k"})
    response = await enforcement_client.post("/v1/assistance-centers", json=center("other"), headers={"Idempotency-Key": "k"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert await event_count(enforcement) == 1


async def test_concurrent_retries_with_one_key_record_once(enforcement, enforcement_client):
    await enforcement_client.post("/v1/assistance-centers", json=center())
    headers = {"Idempotency-Key": "burst"}
    answers = await asyncio.gather(*[enforcement_client.post("/v1/onsite-services", json=service(), headers=headers) for _ in range(20)])
    ok = [a for a in answers if a.status_code == 201]
    assert ok and all(a.status_code in (201, 409) for a in answers)
    assert len({a.json()["service_id"] for a in ok}) == 1
    assert await event_count(enforcement) == 2


async def test_without_a_key_the_write_is_accepted_and_a_key_returned(enforcement_client):
    response = await enforcement_client.post("/v1/assistance-centers", json=center())
    assert response.status_code == 201 and response.headers["Idempotency-Key"]


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Authorization": ""}, 401),
        ({"Authorization": "Bearer not-a-jwt"}, 401),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, 401),
    ],
)
async def test_missing_or_malformed_tokens(enforcement, enforcement_client, headers, status):
    response = await enforcement_client.post("/v1/assistance-centers", json=center(), headers=headers)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert await event_count(enforcement) == 0


async def test_expired_token(enforcement_client, issuer):
    expired = issuer.mint("old", ["enforcement:write"], now=0)
    response = await enforcement_client.post("/v1/assistance-centers", json=center(), headers={"Authorization": f"Bearer {expired}"})
    assert response.status_code == 401 and "expired" in response.json()["detail"]


async def test_token_of_another_issuer_or_key_is_refused(enforcement_client):
    from kernel.auth import TokenIssuer

    for forged in (TokenIssuer("another-key-" * 4, "hubei-ipo", "hubei-ipo-measures"), TokenIssuer("test-signing-key-that-is-long-enough-0123456789", "elsewhere", "hubei-ipo-measures")):
        token = forged.mint("x", ["enforcement:write"])
        response = await enforcement_client.post("/v1/assistance-centers", json=center(), headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401


async def test_wrong_scope_is_403(enforcement, enforcement_client, auth):
    for scopes in (["read"], ["financing:write"]):
        response = await enforcement_client.post("/v1/assistance-centers", json=center(), headers=auth(scopes=scopes))
        assert response.status_code == 403
    assert await event_count(enforcement) == 0


async def test_reads_need_the_read_scope(enforcement_client, auth):
    assert (await enforcement_client.get("/v1/events", headers={"Authorization": ""})).status_code == 401
    assert (await enforcement_client.get("/v1/events", headers=auth(scopes=["enforcement:write"]))).status_code == 403


async def test_a_region_limited_token_writes_only_its_region(enforcement, enforcement_client, auth):
    wuhan = auth(scopes=["enforcement:write", "read"], region="420100")
    assert (await enforcement_client.post("/v1/assistance-centers", json=center("yc", region="420500"), headers=wuhan)).status_code == 403
    assert (await enforcement_client.post("/v1/assistance-centers", json=center("yc", region="420500"))).status_code == 201
    assert (await enforcement_client.post("/v1/onsite-services", json=service("yc"), headers=wuhan)).status_code == 403
    assert (await enforcement_client.post("/v1/assistance-centers/yc/closure", json={"closed_on": "2019-03-01"}, headers=wuhan)).status_code == 403
    assert (await enforcement_client.post("/v1/assistance-centers", json=center("wh"), headers=wuhan)).status_code == 201
    assert await event_count(enforcement) == 2


async def test_every_event_records_its_actor_and_correlation(enforcement_client, auth):
    await enforcement_client.post("/v1/assistance-centers", json=center(), headers={**auth(subject="wuhan-bureau"), "X-Correlation-ID": "case-77"})
    [event] = (await enforcement_client.get("/v1/events")).json()["events"]
    assert event["actor"] == "wuhan-bureau" and event["correlationid"] == "case-77"
    assert event["type"] == "enforcement.AssistanceCenterRegistered.v1" and event["subject"] == "assistance-center-wh-1"
    assert event["data"]["registered_on"] == "2019-01-01" and event["streamversion"] == 1 and event["position"] == 1
