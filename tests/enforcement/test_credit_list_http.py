"""The credit list over HTTP: writes, the index-backed lookup by credit code, and snapshots at a date."""

import asyncio

import pytest
from sqlalchemy import text

from tests.enforcement.bodies import LISTED_FIRM, delisting, listing, problem_fields
from tests.enforcement.helpers import ACME, STATE_FIRM, event_count

pytestmark = pytest.mark.asyncio
OTHER = ACME["uscc"]
THIRD = STATE_FIRM["uscc"]


async def test_list_look_up_delist_and_relist(enforcement, enforcement_client):
    client = enforcement_client
    created = await client.post("/v1/credit-list", json=listing())
    assert created.status_code == 201, created.text
    assert created.json() == {"uscc": LISTED_FIRM, "listing_number": 1, "stream_version": 1}
    assert created.headers["Location"] == f"/v1/credit-list/{LISTED_FIRM}"

    # the caller sees its own write at once
    status = (await client.get(f"/v1/credit-list/{LISTED_FIRM}")).json()
    assert status["listed"] is True and status["listed_since"] == "2019-05-20"
    assert status["basis"] == "假冒专利，列为严重失信主体" and status["authority"] == "湖北省知识产权局"
    assert [h["listing_number"] for h in status["history"]] == [1]

    assert (await client.post(f"/v1/credit-list/{LISTED_FIRM}/delisting", json=delisting())).status_code == 201
    status = (await client.get(f"/v1/credit-list/{LISTED_FIRM}")).json()
    assert status["listed"] is False and status["listed_since"] is None and status["basis"] is None
    assert status["history"][0]["delisted_on"] == "2020-05-20" and status["history"][0]["delisting_reason"] == "信用修复"

    # asked for a day when it was listed
    past = (await client.get(f"/v1/credit-list/{LISTED_FIRM}", params={"on": "2019-12-31"})).json()
    assert past["listed"] is True and past["on"] == "2019-12-31"
    assert (await client.get(f"/v1/credit-list/{LISTED_FIRM}", params={"on": "2020-05-20"})).json()["listed"] is False

    again = await client.post("/v1/credit-list", json=listing(listed_on="2021-03-01", basis="再次假冒专利"))
    assert again.status_code == 201 and again.json()["listing_number"] == 2 and again.json()["stream_version"] == 3
    status = (await client.get(f"/v1/credit-list/{LISTED_FIRM.lower()}")).json()
    assert status["listed"] is True and status["listed_since"] == "2021-03-01" and status["basis"] == "再次假冒专利"
    assert [h["listing_number"] for h in status["history"]] == [1, 2]

    # the answer comes from the index table, kept from the events
    async with enforcement.app.state.engine.connect() as conn:
        rows = (await conn.execute(text("SELECT listing_number, delisted_on FROM credit_listings WHERE uscc = :u ORDER BY 1"), {"u": LISTED_FIRM})).all()
    assert [(r.listing_number, r.delisted_on is None) for r in rows] == [(1, False), (2, True)]


async def test_a_snapshot_at_a_date(enforcement_client):
    client = enforcement_client
    assert (await client.post("/v1/credit-list", json=listing(LISTED_FIRM, "2019-05-20"))).status_code == 201
    assert (await client.post("/v1/credit-list", json=listing(OTHER, "2019-07-01", region="420100"))).status_code == 201
    assert (await client.post("/v1/credit-list", json=listing(THIRD, "2019-08-15"))).status_code == 201
    assert (await client.post(f"/v1/credit-list/{LISTED_FIRM}/delisting", json=delisting("2019-09-01"))).status_code == 201

    async def snapshot(day, **params):
        response = await client.get("/v1/credit-list", params={"listed_on_or_before": day, **params})
        assert response.status_code == 200, response.text
        return response.json()

    assert (await snapshot("2019-05-19"))["items"] == []
    assert [i["uscc"] for i in (await snapshot("2019-05-20"))["items"]] == [LISTED_FIRM]
    assert [i["uscc"] for i in (await snapshot("2019-08-31"))["items"]] == sorted([LISTED_FIRM, OTHER, THIRD])
    on_delisting_day = await snapshot("2019-09-01")
    assert on_delisting_day["listed_on_or_before"] == "2019-09-01"
    assert [i["uscc"] for i in on_delisting_day["items"]] == sorted([OTHER, THIRD])
    entry = next(i for i in on_delisting_day["items"] if i["uscc"] == OTHER)
    assert entry["listed_on"] == "2019-07-01" and entry["region"] == "420100" and entry["listing_number"] == 1

    first = await snapshot("2019-08-31", limit=2)
    assert len(first["items"]) == 2 and first["next_after"] == first["items"][-1]["uscc"]
    rest = await snapshot("2019-08-31", limit=2, after=first["next_after"])
    assert [i["uscc"] for i in first["items"] + rest["items"]] == sorted([LISTED_FIRM, OTHER, THIRD]) and rest["next_after"] is None
    assert [i["uscc"] for i in (await client.get("/v1/credit-list")).json()["items"]] == sorted([OTHER, THIRD])


async def test_an_entity_never_listed_is_not_listed(enforcement_client):
    status = (await enforcement_client.get(f"/v1/credit-list/{OTHER}")).json()
    assert status == {"uscc": OTHER, "on": status["on"], "listed": False, "listed_since": None, "name": None,
                      "authority": None, "basis": None, "history": []}


async def test_lookups_name_a_bad_credit_code_or_date(enforcement_client):
    response = await enforcement_client.get("/v1/credit-list/91350203M0001QAY9B")
    assert response.status_code == 422 and problem_fields(response) == ["uscc"]
    response = await enforcement_client.get("/v1/credit-list", params={"listed_on_or_before": "2019-02-30"})
    assert response.status_code == 422 and problem_fields(response) == ["listed_on_or_before"]
    assert (await enforcement_client.get("/v1/credit-list/x", headers={"Authorization": ""})).status_code == 401


CASES = [
    ("bad check character", listing(uscc="91350203M0001QAY9B"), 422, "uscc"),
    ("future listing", listing(listed_on="2999-01-01"), 422, "listed_on"),
    ("not a region", listing(region="429000"), 422, "region"),
    ("no basis", listing(basis=" "), 422, "basis"),
    ("unknown field", listing(listed_until="2020-01-01"), 422, "listed_until"),
]


@pytest.mark.parametrize(("case", "body", "status", "field"), CASES, ids=[c[0] for c in CASES])
async def test_bad_listings_are_refused_and_nothing_stored(enforcement, enforcement_client, case, body, status, field):
    response = await enforcement_client.post("/v1/credit-list", json=body)
    assert response.status_code == status and field in problem_fields(response)
    assert await event_count(enforcement) == 0


async def test_rules_over_http(enforcement, enforcement_client, auth):
    client = enforcement_client
    response = await client.post(f"/v1/credit-list/{LISTED_FIRM}/delisting", json=delisting())
    assert response.status_code == 404
    assert (await client.post("/v1/credit-list", json=listing())).status_code == 201
    response = await client.post("/v1/credit-list", json=listing(listed_on="2019-06-01"))
    assert response.status_code == 409 and problem_fields(response) == ["uscc"]
    response = await client.post(f"/v1/credit-list/{LISTED_FIRM}/delisting", json=delisting("2019-05-19"))
    assert response.status_code == 422 and problem_fields(response) == ["delisted_on"]
    response = await client.post("/v1/credit-list/NOT-A-CODE/delisting", json=delisting())
    assert response.status_code == 422 and problem_fields(response) == ["uscc"]
    wuhan = auth(scopes=["enforcement:write", "read"], region="420100")
    assert (await client.post(f"/v1/credit-list/{LISTED_FIRM}/delisting", json=delisting(), headers=wuhan)).status_code == 403
    assert (await client.post("/v1/credit-list", json=listing(OTHER), headers=wuhan)).status_code == 403
    assert (await client.post("/v1/credit-list", json=listing(OTHER, region="420100"), headers=wuhan)).status_code == 201
    assert await event_count(enforcement) == 2


async def test_concurrent_listings_of_one_entity_list_it_once(enforcement, enforcement_client):
    answers = await asyncio.gather(*[enforcement_client.post("/v1/credit-list", json=listing()) for _ in range(8)])
    assert sorted(a.status_code for a in answers).count(201) == 1
    assert all(a.status_code in (201, 409) for a in answers)
    assert await event_count(enforcement) == 1
    status = (await enforcement_client.get(f"/v1/credit-list/{LISTED_FIRM}")).json()
    assert status["listed"] is True and len(status["history"]) == 1
