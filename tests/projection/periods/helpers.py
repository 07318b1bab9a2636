"""Shared steps of the reporting-period tests: centers and services through enforcement, periods through the API."""

from __future__ import annotations

from kernel.testing.servers import eventually

FIRM = {"uscc": "91440101MA5CJQ4N59", "name": "武汉某科技有限公司", "ownership": "private", "region": "420100"}


async def center(enforcement_client, center_id: str, region: str = "420100", registered_on: str = "2019-01-01") -> None:
    answer = await enforcement_client.post("/v1/assistance-centers", json={
        "center_id": center_id, "name": f"{center_id} 维权援助中心", "region": region, "registered_on": registered_on})
    assert answer.status_code == 201, answer.text


async def service(enforcement_client, center_id: str, occurred_on: str, region: str = "420100") -> str:
    answer = await enforcement_client.post("/v1/onsite-services", json={
        "center_id": center_id, "occurred_on": occurred_on, "enterprises": [{**FIRM, "region": region}]})
    assert answer.status_code == 201, answer.text
    return answer.json()["service_id"]


async def caught_up(projection_client, enforcement_client) -> None:
    """Every event enforcement holds now is applied."""
    head = (await enforcement_client.get("/v1/events", params={"after": 0, "limit": 1})).json()["head"]

    async def done():
        status = (await projection_client.get("/v1/status")).json()
        return all(s["position"] >= head for s in status["sources"] if s["source"] == "enforcement")

    await eventually(done, message="the projection caught up with enforcement")


async def t04(projection_client, region: str = "420100", as_of: str = "2019-03-31", **params) -> dict:
    body = (await projection_client.get("/v1/attainment", params={"year": 2019, "region": region, "as_of": as_of, **params})).json()
    return next(t for t in body["targets"] if t["id"] == "T04")


async def step(client, region: str, period: str, what: str, expect: int = 201, **body) -> dict:
    answer = await client.post(f"/v1/periods/{region}/{period}/{what}", json=body or None)
    assert answer.status_code == expect, answer.text
    return answer.json()


async def state(client, region: str, period: str) -> dict:
    body = (await client.get("/v1/periods", params={"year": int(period[:4]), "region": region})).json()
    return next(p for p in body["periods"] if p["period"] == period)
