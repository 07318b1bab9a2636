"""64 concurrent writers to one command service, a real process on PostgreSQL with a pool as wide as the writers.

- New records: every write succeeds at its first attempt; positions are dense from 1; a reader tailing the
  HTTP feed while the writers commit (in whatever order their transactions finish) sees every position once,
  in order, and so every acknowledged record.
- One stream: every writer changes the same record. Writes decided on a version another write has moved on
  from are refused 409 and nothing is stored; the writer reads the record afresh and sends the same change
  again with the same Idempotency-Key. In the end the stream's versions are dense, each given to one write, and
  every intended change is in the record and in the store exactly once.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from datetime import date, timedelta

import httpx
import pytest

pytestmark = pytest.mark.system
WRITERS = 64
ACME = {"uscc": "91440101MA5CJQ4N59", "name": "武汉甲科技有限公司", "ownership": "private", "region": "420100"}
CASE = {"region": "420100", "received_on": "2019-03-01", "summary": "商标许可使用费纠纷",
        "parties": [{"role": "applicant", "enterprise": ACME}, {"role": "respondent", "name": "张某"}]}


def client(url: str, headers: dict) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=WRITERS + 4, max_keepalive_connections=WRITERS + 4)
    return httpx.AsyncClient(base_url=url, headers=headers, timeout=60, limits=limits)


def wide_enforcement(system):
    return system.service("enforcement", db_pool_size=str(WRITERS), db_max_overflow="16")


async def tail(http: httpx.AsyncClient, done: asyncio.Event, seen: list[dict]) -> None:
    """Follow the feed from the start, as a consumer without Kafka would, until the writers are done and the
    feed's head is reached."""
    cursor = 0
    while True:
        page = (await http.get("/v1/events", params={"after": cursor, "limit": 1000})).json()
        seen.extend(page["events"])
        cursor = page["next_after"]
        if not page["events"]:
            if done.is_set() and cursor == page["head"]:
                return
            await asyncio.sleep(0.005)


async def test_64_writers_of_new_records_all_succeed_and_a_tailing_reader_never_skips(system, auth):
    enforcement = wide_enforcement(system)
    each = 8
    answers: list[tuple[int, dict]] = []
    async with client(enforcement.url, auth()) as http:
        center = await http.post("/v1/assistance-centers", json={
            "center_id": "wh-1", "name": "武汉中心", "region": "420100", "registered_on": "2019-01-01"})
        assert center.status_code == 201, center.text

        async def writer(w: int) -> None:
            for n in range(each):
                body = {"center_id": "wh-1", "occurred_on": f"2019-{n % 12 + 1:02d}-{w % 28 + 1:02d}", "enterprises": [ACME]}
                response = await http.post("/v1/onsite-services", json=body, headers={"Idempotency-Key": f"new-{w}-{n}"})
                answers.append((response.status_code, response.json()))

        done, seen = asyncio.Event(), []
        reader = asyncio.create_task(tail(http, done, seen))
        await asyncio.gather(*(writer(w) for w in range(WRITERS)))
        done.set()
        await asyncio.wait_for(reader, timeout=60)
        head = (await http.get("/v1/events", params={"after": 0, "limit": 1})).json()["head"]

    statuses = Counter(status for status, _ in answers)
    assert statuses == {201: WRITERS * each}, f"every new record is accepted at its first attempt: {statuses}"
    assert head == 1 + WRITERS * each
    assert [e["position"] for e in seen] == list(range(1, head + 1)), "the tailing reader skipped or repeated a position"
    acknowledged = Counter(body["service_id"] for _, body in answers)
    recorded = Counter(e["data"]["service_id"] for e in seen if e["type"].endswith("OnsiteServiceRecorded.v1"))
    assert recorded == acknowledged and set(acknowledged.values()) == {1}, "each acknowledged record is in the feed once"
    assert all(body["stream_version"] == 1 for _, body in answers)


async def test_64_writers_on_one_stream_retry_conflicts_and_each_change_lands_once(system, auth):
    enforcement = wide_enforcement(system)
    each = 2
    rng = random.Random(64)
    intended = {(w, n): (date(2019, 3, 2) + timedelta(days=w * each + n)).isoformat() for w in range(WRITERS) for n in range(each)}
    statuses: Counter = Counter()
    versions: list[int] = []
    async with client(enforcement.url, auth()) as http:
        created = await http.post("/v1/mediation-cases", json=CASE)
        assert created.status_code == 201, created.text
        case_id = created.json()["case_id"]

        async def writer(w: int) -> None:
            for n in range(each):
                key = f"session-{w}-{n}"
                seen_version = 0
                while True:
                    response = await http.post(f"/v1/mediation-cases/{case_id}/sessions", json={"held_on": intended[(w, n)]},
                                               headers={"Idempotency-Key": key})
                    statuses[response.status_code] += 1
                    if response.status_code == 201:
                        versions.append(response.json()["stream_version"])
                        break
                    assert response.status_code == 409, response.text
                    fresh = await http.get(f"/v1/mediation-cases/{case_id}")  # read afresh before trying again
                    assert fresh.status_code == 200, fresh.text
                    assert fresh.json()["stream_version"] >= seen_version, "a fresh read went back in time"
                    seen_version = fresh.json()["stream_version"]
                    await asyncio.sleep(rng.random() * 0.02)

        await asyncio.gather(*(writer(w) for w in range(WRITERS)))
        view = (await http.get(f"/v1/mediation-cases/{case_id}")).json()
        events = []
        after = 0
        while page := (await http.get("/v1/events", params={"after": after, "limit": 1000})).json()["events"]:
            events.extend(page)
            after = page[-1]["position"]

    total = WRITERS * each
    assert set(statuses) == {201, 409} and statuses[201] == total, statuses
    assert statuses[409] > 0, "no write ever raced another: the test did not exercise the optimistic check"
    assert sorted(versions) == list(range(2, total + 2)), "each version of the stream was given to exactly one write"
    assert view["stream_version"] == total + 1
    assert sorted(view["sessions"]) == sorted(intended.values()), "an intended change is missing or recorded twice"
    stream = [e for e in events if e["subject"] == events[0]["subject"]]
    assert len(stream) == len(events) == total + 1
    assert [e["streamversion"] for e in stream] == list(range(1, total + 2)), "the stream's versions are dense"
    held = Counter(e["data"]["held_on"] for e in stream[1:])
    assert held == Counter(intended.values()), "each intended change is stored exactly once"
