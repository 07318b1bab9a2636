"""The attainment resources over HTTP: every target in the report, each target's records, the timeline's route."""

from __future__ import annotations

import pytest

from kernel.testing.servers import eventually
from tests.projection.oracle_targets import ACME, STATE, Events

TARGETS = ["T04", "T09a", "T09b", "T11", "T19", "T20", "T22a", "T22b"]


@pytest.fixture
async def loaded(projection, projection_client):
    """The projection with a small history of every target's records (the non-enforcement ones applied directly)."""
    events = Events()
    ids = {
        "project": events.project("2019-03-01", firm=ACME, amount_cny=2_000_000),
        "state_project": events.project("2019-03-02", firm=STATE, region="420500", amount_cny=1_000_000),
        "matchmaking": events.matchmaking("2019-04-01"),
        "recognition": events.recognition("2019-05-01"),
        "previous_recognition": events.recognition("2018-05-01", firm=STATE),
        "briefing": events.briefing("2019-06-01"),
        "visit": events.visit("2019-07-01", examiners=2, attorneys=3),
        "training": events.training("2019-08-01", person_times=40),
    }
    await projection.app.state.projector.apply(
        [e for e in events.received() if e.source != "enforcement"], path="test"
    )
    return ids


async def test_the_report_holds_every_target_for_the_province_and_a_division(loaded, projection_client):
    report = (await projection_client.get("/v1/attainment", params={"year": 2019})).json()
    assert [t["id"] for t in report["targets"]] == TARGETS
    by_id = {t["id"]: t for t in report["targets"]}
    assert (by_id["T09b"]["actual"], by_id["T09b"]["threshold"], by_id["T09b"]["status"]) == (0.5, 0.5, "missed")
    assert (by_id["T20"]["actual"], by_id["T20"]["threshold"], by_id["T20"]["status"]) == (5, 100, "missed")
    assert by_id["T11"]["threshold"] == 0.0 and by_id["T11"]["status"] == "met"
    assert by_id["T09a"]["detail"]["stretch"] == 2 and by_id["T19"]["detail"]["stretch"] == 2
    assert by_id["T09b"]["detail"]["amount_share"] == 0.6667
    assert by_id["T20"]["detail"]["private_enterprises_visited"] == 1
    assert isinstance(by_id["T22a"]["actual"], int) and isinstance(by_id["T09b"]["actual"], float)

    # a division gets thresholds and statuses only for T04 and T09b
    report = (await projection_client.get("/v1/attainment", params={"year": 2019, "region": "420100"})).json()
    assert report["region"] == "420100"
    for target in report["targets"]:
        regional = target["id"] in ("T04", "T09b")
        assert (target["threshold"] is not None) == regional, target
        assert (target["status"] is not None) == regional, target
    t09b = next(t for t in report["targets"] if t["id"] == "T09b")
    assert (t09b["actual"], t09b["status"]) == (1.0, "met")


async def test_each_target_lists_the_records_behind_it_and_the_timeline_has_its_own_route(loaded, projection_client):
    for target_id in TARGETS:
        response = await projection_client.get(f"/v1/attainment/{target_id}", params={"year": 2019})
        assert response.status_code == 200, response.text
        assert response.json()["id"] == target_id
    t09b = (await projection_client.get("/v1/attainment/T09b", params={"year": 2019})).json()
    assert {r["id"] for r in t09b["records"]} == {loaded["project"], loaded["state_project"]}
    record = next(r for r in t09b["records"] if r["id"] == loaded["project"])
    assert (record["date"], record["region"], record["facts"]["private"], record["facts"]["amount_cny"]) == ("2019-03-01", "420100", True, 2_000_000)
    t11 = (await projection_client.get("/v1/attainment/T11", params={"year": 2019})).json()
    assert {(r["id"], r["facts"]["previous_year"]) for r in t11["records"]} == {
        (loaded["recognition"], False), (loaded["previous_recognition"], True)}
    t22a = (await projection_client.get("/v1/attainment/T22a", params={"year": 2019, "as_of": "2019-07-31"})).json()
    assert t22a["records"] == [] and t22a["actual"] == 0
    t20 = (await projection_client.get("/v1/attainment/T20", params={"year": 2019, "region": "420500"})).json()
    assert t20["records"] == [] and t20["threshold"] is None
    t09a = (await projection_client.get("/v1/attainment/T09a", params={"year": 2019})).json()
    assert t09a["stretch"] == 2 and "stretch value 2" in t09a["rule"]
    await the_timeline_route_is_not_taken_for_a_target_id(projection_client)
    paths = (await projection_client.get("/openapi.json")).json()["paths"]
    assert {"/v1/attainment", "/v1/attainment/timeline", "/v1/attainment/{target_id}"} <= set(paths)


async def test_t04_keeps_its_grid_beside_its_records(projection, projection_client, enforcement_client):
    assert (await enforcement_client.post("/v1/assistance-centers", json={
        "center_id": "wh-1", "name": "武汉中心", "region": "420100", "registered_on": "2019-01-01"})).status_code == 201
    created = await enforcement_client.post("/v1/onsite-services", json={
        "center_id": "wh-1", "occurred_on": "2019-01-15",
        "enterprises": [{"uscc": ACME[0], "name": "甲", "ownership": "private", "region": "420100"}]})
    assert created.status_code == 201

    async def t04():
        body = (await projection_client.get("/v1/attainment/T04", params={"year": 2019, "as_of": "2019-01-31"})).json()
        return body if body["records"] else None

    body = await eventually(t04, message="the service reached the projection")
    [center] = body["centers"]
    assert center["months"][0] == {"month": "2019-01", "state": "met", "services": 1}
    assert [r["id"] for r in body["records"]] == [created.json()["service_id"]]
    assert body["records"][0]["facts"]["center_id"] == "wh-1"


async def the_timeline_route_is_not_taken_for_a_target_id(projection_client):
    response = await projection_client.get("/v1/attainment/timeline", params={"year": 2019, "target": "T20"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["target"], body["region"], body["threshold"], len(body["points"])) == ("T20", "420000", 100, 12)
    assert [p["actual"] for p in body["points"]] == [0] * 6 + [5] * 6
    unknown = await projection_client.get("/v1/attainment/timeline", params={"year": 2019, "target": "T99"})
    assert unknown.status_code == 422 and "target" in unknown.text
    missing = await projection_client.get("/v1/attainment/T99", params={"year": 2019})
    assert missing.status_code == 404

