"""Writes a realistic measure-4 history through the enforcement API, many writers at once."""

from __future__ import annotations

import asyncio
import random

import httpx

REGIONS = ["420100", "420200", "420500", "420600", "429004"]
FIRMS = [
    ("91440101MA5CJQ4N59", "private"),
    ("91110000600037341L", "state_owned"),
    ("91350200776049653A", "private"),
]


async def register_centers(client: httpx.AsyncClient, count: int) -> list[dict]:
    centers = []
    for i in range(count):
        center = {"center_id": f"center-{i}", "name": f"中心{i}", "region": REGIONS[i % len(REGIONS)],
                  "registered_on": f"2019-{1 + i % 4:02d}-{1 + i % 20:02d}"}
        response = await client.post("/v1/assistance-centers", json=center)
        assert response.status_code == 201, response.text
        centers.append(center)
    return centers


async def record_services(client: httpx.AsyncClient, centers: list[dict], writers: int, per_writer: int, seed: int = 7) -> list[str]:
    """Each writer records services on random days of 2019; a few get retracted. Returns the service ids."""
    ids: list[str] = []

    async def writer(w: int) -> None:
        rng = random.Random(seed * 1000 + w)
        for _ in range(per_writer):
            center = rng.choice(centers)
            month = rng.randint(int(center["registered_on"][5:7]), 12)
            day = max(rng.randint(1, 28), int(center["registered_on"][8:10]) if month == int(center["registered_on"][5:7]) else 1)
            uscc, ownership = rng.choice(FIRMS)
            body = {"center_id": center["center_id"], "occurred_on": f"2019-{month:02d}-{day:02d}",
                    "enterprises": [{"uscc": uscc, "name": "企业", "ownership": ownership, "region": center["region"]}]}
            for attempt in range(5):
                response = await client.post("/v1/onsite-services", json=body, headers={"Idempotency-Key": f"w{w}-{_}-{seed}"})
                if response.status_code != 409:
                    break
            assert response.status_code == 201, response.text
            service_id = response.json()["service_id"]
            ids.append(service_id)
            if rng.random() < 0.05:
                retracted = await client.post(f"/v1/onsite-services/{service_id}/retraction", json={"reason": "录入有误"})
                assert retracted.status_code == 201, retracted.text

    await asyncio.gather(*[writer(w) for w in range(writers)])
    return ids


async def all_events(client: httpx.AsyncClient) -> list[dict]:
    """Every event in the service's feed, checking that positions run 1, 2, 3... without a gap."""
    events, after = [], 0
    while True:
        page = (await client.get("/v1/events", params={"after": after, "limit": 1000})).json()
        events.extend(page["events"])
        if not page["events"]:
            break
        after = page["next_after"]
    assert [e["position"] for e in events] == list(range(1, len(events) + 1))
    return events
