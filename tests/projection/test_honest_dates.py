"""Honest dates over HTTP: no verdict for a day that has not come, no `as_of` outside its year, a timeline that
stops at `as_of`.

"Today" is the projection's (kernel.domain.dates.today, Beijing time), fixed here to 4 December 2019, so the
hand-worked figures hold whatever day the tests run: a center served every month from January to November, three
pledge projects (two private), one national recognition of a private enterprise (and a state-owned one the year
before).
"""

from __future__ import annotations

from datetime import date

import pytest

from kernel.testing.servers import eventually
from projection.attainment import calculators, period
from tests.projection.oracle_targets import ACME, STATE, XIAMEN, Events

TODAY = date(2019, 12, 4)


@pytest.fixture
def today_is(monkeypatch):
    def set_today(day: date) -> None:
        for module in (period, calculators):
            monkeypatch.setattr(module, "today", lambda zone=None: day)

    set_today(TODAY)
    return set_today


@pytest.fixture
async def year_2019(projection, projection_client, enforcement_client, today_is):
    events = Events()
    events.project("2019-03-01", firm=ACME)
    events.project("2019-03-02", firm=STATE)
    events.project("2019-06-01", firm=XIAMEN)  # recorded 2019-06-01 12:00 Beijing time
    events.recognition("2019-05-01", firm=ACME)
    events.recognition("2018-05-01", firm=STATE)
    await projection.app.state.projector.apply(events.received(), path="test")
    center = {"center_id": "wh-1", "name": "武汉中心", "region": "420100", "registered_on": "2018-12-01"}
    assert (await enforcement_client.post("/v1/assistance-centers", json=center)).status_code == 201
    for month in range(1, 12):  # January to November; nothing yet in December
        served = await enforcement_client.post("/v1/onsite-services", json={
            "center_id": "wh-1", "occurred_on": f"2019-{month:02d}-15",
            "enterprises": [{"uscc": ACME[0], "name": "甲", "ownership": "private", "region": "420100"}]})
        assert served.status_code == 201, served.text

    async def projected():
        body = (await projection_client.get("/v1/attainment/T04", params={"year": 2019, "as_of": "2019-11-30"})).json()
        return len(body["records"]) == 11

    await eventually(projected, timeout=60, message="the services reached the projection")


async def targets(client, **params) -> tuple[dict, dict]:
    response = await client.get("/v1/attainment", params={"year": 2019, **params})
    assert response.status_code == 200, response.text
    body = response.json()
    return body, {t["id"]: t for t in body["targets"]}


async def test_an_as_of_after_today_counts_to_today_and_says_so(year_2019, projection_client, today_is):
    body, by_id = await targets(projection_client, as_of="2019-12-31")
    assert (body["as_of"], body["as_of_requested"], body["as_of_clamped"]) == ("2019-12-04", "2019-12-31", True)
    # two private projects of three: above half, but the year is not over: no final "met"
    assert (by_id["T09b"]["actual"], by_id["T09b"]["status"]) == (0.6667, "on_track")
    assert (by_id["T11"]["actual"], by_id["T11"]["status"]) == (1.0, "on_track")
    # December is the month in progress, not a missed one: 11 months due, 11 met, 27 days left
    t04 = by_id["T04"]
    assert (t04["actual"], t04["status"]) == (1.0, "on_track")
    assert (t04["detail"]["center_months_due"], t04["detail"]["center_months_met"]) == (11, 11)
    assert (t04["detail"]["current_month_due"], t04["detail"]["current_month_unmet"]) == (1, 1)

    detail = (await projection_client.get("/v1/attainment/T04", params={"year": 2019, "as_of": "2019-12-31"})).json()
    assert (detail["as_of"], detail["as_of_clamped"], detail["as_of_requested"]) == ("2019-12-04", True, "2019-12-31")
    [center] = detail["centers"]
    assert center["months"][11] == {"month": "2019-12", "state": "open", "services": 0}

    # a day not after today is taken as asked
    body, _ = await targets(projection_client, as_of="2019-12-04")
    assert (body["as_of"], body["as_of_requested"], body["as_of_clamped"]) == ("2019-12-04", "2019-12-04", False)
    body, _ = await targets(projection_client)
    assert (body["as_of_requested"], body["as_of_clamped"]) == (None, False)

    # once 31 December has come, the same question gets the final verdicts
    today_is(date(2020, 1, 10))
    body, by_id = await targets(projection_client, as_of="2019-12-31")
    assert (body["as_of"], body["as_of_clamped"]) == ("2019-12-31", False)
    assert (by_id["T09b"]["status"], by_id["T11"]["status"], by_id["T04"]["status"]) == ("met", "met", "missed")
    assert by_id["T04"]["detail"]["center_months_due"] == 12


PATHS = {"/v1/attainment": {}, "/v1/attainment/T09b": {}, "/v1/attainment/timeline": {"target": "T20"}, "/v1/indicators": {},
         "/v1/attainment.csv": {}, "/v1/indicators.xlsx": {}, "/v1/attainment/regions.csv": {}, "/v1/attainment/monthly.xlsx": {}}


async def test_an_as_of_outside_the_year_is_refused_naming_it(projection, projection_client, today_is):
    for path, more in PATHS.items():
        for as_of in ("2020-01-01", "2018-12-31"):
            response = await projection_client.get(path, params={"year": 2019, "as_of": as_of, **more})
            assert response.status_code == 422, (path, response.text)
            assert response.headers["content-type"].startswith("application/problem+json")
            [error] = response.json()["errors"]
            assert (error["field"], error["in"]) == ("as_of", "query")
            chinese, english = error["message"].split("；")
            assert chinese.startswith("须在 2019 年内") and as_of in chinese
            assert english.startswith("must be within the year 2019") and as_of in english


async def timeline(client, target: str, **params) -> dict:
    response = await client.get("/v1/attainment/timeline", params={"year": 2019, "target": target, **params})
    assert response.status_code == 200, response.text
    return response.json()


async def test_the_timeline_stops_at_as_of_and_at_known_at(year_2019, projection_client):
    june = await timeline(projection_client, "T09b", as_of="2019-06-20")
    assert june["as_of"] == "2019-06-20" and not june["as_of_clamped"]
    assert [p["reached"] for p in june["points"]] == [True] * 6 + [False] * 6
    assert june["points"][5]["as_of"] == "2019-06-20"
    assert [p["actual"] for p in june["points"]] == [None, None, 0.5, 0.5, 0.5, 0.6667] + [None] * 6
    assert all(p["status"] is None for p in june["points"][6:])

    # known at 1 May: the June project was not recorded yet, and the points stop on 1 May
    may = await timeline(projection_client, "T09b", known_at="2019-05-01T00:00:00")
    assert [p["reached"] for p in may["points"]] == [True] * 5 + [False] * 7
    assert may["points"][4]["as_of"] == "2019-05-01"
    assert may["known_at"] == "2019-05-01T00:00:00+08:00"

    # after today: December counts to 4 December; no final verdict, no missed December for the center
    year_end = await timeline(projection_client, "T09b", as_of="2019-12-31")
    assert (year_end["as_of"], year_end["as_of_requested"], year_end["as_of_clamped"]) == ("2019-12-04", "2019-12-31", True)
    assert year_end["points"][11]["as_of"] == "2019-12-04"
    assert year_end["points"][11]["status"] == "on_track"
    t04 = await timeline(projection_client, "T04", as_of="2019-12-31")
    assert [p["status"] for p in t04["points"]] == ["on_track"] * 12
    assert t04["points"][11]["actual"] == 1.0
