"""Read your writes: a write's Consistency-Token, given to a projection read as `consistency_token`, makes the
read wait until the projection has applied that write (real enforcement, broker and projection)."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timezone
from uuid import uuid4

import orjson
import pytest

from kernel.db import make_engine
from kernel.domain.enterprise import uscc_check_character
from kernel.projection.consistency import Awaited, TokenRefused, parse_token, position_token, streams_token
from kernel.projection.projector import Projector
from kernel.projection.received import ReceivedEvent
from tests.enforcement.helpers import center, service

NDJSON = {"Content-Type": "application/x-ndjson"}


def uscc(n: int) -> str:
    first = f"91420100MA{n:07d}"
    return first + uscc_check_character(first)


def firm(n: int) -> dict:
    return {"uscc": uscc(n), "name": f"武汉企业{n}", "ownership": "private", "region": "420100"}


async def test_a_read_with_the_writes_token_sees_the_write_at_once(enforcement_client, projection_client):
    registered = await enforcement_client.post("/v1/assistance-centers", json=center("wh-1"))
    assert registered.headers["Consistency-Token"] == "enforcement:assistance-center-wh-1@1"
    for n in range(1, 7):
        written = await enforcement_client.post("/v1/onsite-services", json=service("wh-1", enterprises=[firm(n)]))
        assert written.status_code == 201, written.text
        token = written.headers["Consistency-Token"]
        assert token == f"enforcement:onsite-service-{written.json()['service_id']}@1"
        # the enterprise enters the directory only when the projection has applied the service (70-360 ms later)
        read = await projection_client.get(f"/v1/enterprises/{uscc(n)}", params={"consistency_token": token})
        assert read.status_code == 200, read.text
        grid = await projection_client.get("/v1/attainment/T04", params={"year": 2019, "consistency_token": token})
        assert grid.json()["centers"][0]["months"][2]["services"] == n


async def test_a_change_answers_the_streams_new_version_and_a_replay_a_position_covering_it(enforcement_client, projection_client):
    await enforcement_client.post("/v1/assistance-centers", json=center("wh-2"))
    first = await enforcement_client.post("/v1/onsite-services", json=service("wh-2", enterprises=[firm(20)]),
                                          headers={"Idempotency-Key": "svc-20"})
    service_id = first.json()["service_id"]
    retracted = await enforcement_client.post(f"/v1/onsite-services/{service_id}/retraction", json={"reason": "录入有误"})
    assert retracted.headers["Consistency-Token"] == f"enforcement:onsite-service-{service_id}@2"
    grid = await projection_client.get("/v1/attainment/T04", params={"year": 2019, "consistency_token": retracted.headers["Consistency-Token"]})
    assert grid.json()["centers"][0]["months"][2]["services"] == 0
    # the answer kept under the key is replayed with every event up to the store's head (all three writes)
    again = await enforcement_client.post("/v1/onsite-services", json=service("wh-2", enterprises=[firm(20)]),
                                          headers={"Idempotency-Key": "svc-20"})
    assert again.headers["Idempotent-Replayed"] == "true" and again.json() == first.json()
    assert again.headers["Consistency-Token"] == "enforcement:3"
    status = await projection_client.get("/v1/status", params={"consistency_token": "enforcement:3"})
    assert status.status_code == 200


async def test_a_token_that_never_comes_answers_503_within_the_bound(enforcement_client, projection_client):
    for token in ("enforcement:assistance-center-never@1", "enforcement:1000000"):
        started = time.monotonic()
        response = await projection_client.get("/v1/attainment", params={"year": 2019, "consistency_token": token})
        waited = time.monotonic() - started
        assert response.status_code == 503, response.text
        assert 1.9 <= waited < 4.0, waited
        assert response.headers["Retry-After"] == "2"
        body = response.json()
        assert body["type"] == "/problems/not-yet-applied" and body["errors"][0]["field"] == "consistency_token"
        assert "consistency_token" in body["detail_zh"] and "consistency_token" in body["detail_en"]


MALFORMED = [
    "", "enforcement", "enforcement:", "enforcement:onsite-service-1", "enforcement:onsite-service-1@0",
    "enforcement:onsite-service-1@01", "enforcement:onsite-service-1@x", "enforcement:@1", "financing:onsite-service-1@1",
    "Enforcement:1", "enforcement:-1", "enforcement:1,", "enforcement:a b@1", "enforcement:a%zz@1", "enforcement:%ff@1",
    "enforcement:12345678901234567890", "enforcement:１２", ",".join(["enforcement:1"] * 101), "enforcement:" + "a" * 5000 + "@1",
    "enforcement:" + "中" * 4980 + "@1",  # within the length, not the alphabet: 45 KB once encoded, still a 422
]


async def test_a_malformed_token_is_a_422_naming_the_parameter_at_once(projection_client):
    for token in MALFORMED:
        started = time.monotonic()
        response = await projection_client.get("/v1/indicators", params={"year": 2019, "consistency_token": token})
        assert response.status_code == 422, (token, response.text)
        assert [e["field"] for e in response.json()["errors"]] == ["consistency_token"], token
        assert time.monotonic() - started < 1.9, token  # refused, not waited on (the bound is 2 s)


async def test_an_unauthenticated_read_is_refused_at_once_not_kept_waiting(projection):
    import httpx

    async with httpx.AsyncClient(base_url=projection.url) as anonymous:
        started = time.monotonic()
        response = await anonymous.get("/v1/attainment", params={"year": 2019, "consistency_token": "enforcement:never-1@1"})
    assert response.status_code == 401 and time.monotonic() - started < 1.0


async def test_a_bulk_imports_token_covers_all_its_lines(enforcement_client, projection_client):
    lines = [{"kind": "assistance-center", "ref": "c", **center("wh-3")}]
    lines += [{"kind": "onsite-service", "ref": f"s{n}", **service("wh-3", enterprises=[firm(100 + n)])} for n in range(40)]
    body = b"\n".join(orjson.dumps(line) for line in lines) + b"\n"
    imported = await enforcement_client.post("/v1/import", content=body, headers={**NDJSON, "Idempotency-Key": "batch-1"})
    assert imported.status_code == 200, imported.text
    report = imported.json()
    assert report["accepted"] == 41 and report["consistency_token"] == "enforcement:41"
    assert imported.headers["Consistency-Token"] == report["consistency_token"]
    token = report["consistency_token"]
    grid = await projection_client.get("/v1/attainment/T04", params={"year": 2019, "consistency_token": token})
    assert grid.json()["centers"][0]["months"][2]["services"] == 40
    directory = await projection_client.get("/v1/enterprises", params={"consistency_token": token, "limit": 100})
    assert {uscc(100 + n) for n in range(40)} <= {e["uscc"] for e in directory.json()["items"]}
    # resent, the batch answers the same, token included; a dry run stores nothing and names nothing to wait for
    again = await enforcement_client.post("/v1/import", content=body, headers={**NDJSON, "Idempotency-Key": "batch-1"})
    assert again.json() == report and again.headers["Consistency-Token"] == token
    dry = await enforcement_client.post("/v1/import", params={"dry_run": "true"}, content=body, headers=NDJSON)
    assert dry.json()["consistency_token"] is None and "Consistency-Token" not in dry.headers


async def test_a_replica_waits_on_the_database_not_on_its_own_projector(projection, projection_client):
    """Another replica applies the event: this one's projector never wakes, its slow poll sees the ledger row."""
    token = "enforcement:assistance-center-elsewhere@1"
    waiting = asyncio.create_task(projection_client.get("/v1/status", params={"consistency_token": token}))
    await asyncio.sleep(0.4)
    assert not waiting.done()
    other = make_engine(projection.app.state.settings.database_url)
    try:
        replica = Projector(other, [])
        event = ReceivedEvent(source="enforcement", event_id=uuid4(), type="enforcement.Elsewhere.v1",
                              stream_id="assistance-center-elsewhere", version=1, position=900_000_000,
                              recorded_at=datetime.now(timezone.utc), data={})
        applied_at = time.monotonic()
        assert len((await replica.apply([event], path="test")).applied) == 1
        response = await asyncio.wait_for(waiting, 2.0)
        assert response.status_code == 200, response.text
        assert time.monotonic() - applied_at < 1.0
    finally:
        await other.dispose()


def test_tokens_read_back_what_was_written_whatever_the_stream_holds():
    odd = {"assistance-center-wh-1": 3, "a,b@c%d 武汉": 1, "x@y": 12}
    token = streams_token("enforcement", odd)
    assert token.startswith("enforcement:assistance-center-wh-1@3,") and " " not in token
    assert parse_token(token, ["enforcement"]) == Awaited(streams={("enforcement", s): v for s, v in odd.items()})
    both = f"{token},{position_token('financing', 7)},financing:5"
    assert parse_token(both, ["enforcement", "financing"]).positions == {"financing": 7}
    with pytest.raises(TokenRefused) as refused:
        parse_token("outreach:1", ["enforcement"])
    assert "outreach" in refused.value.reason.zh and "outreach" in refused.value.reason.en
