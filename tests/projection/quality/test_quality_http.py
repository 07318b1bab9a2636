"""Over HTTP with a real training service: /v1/completeness, /v1/quality/flags, marking a flag reviewed (an
event in the projection's store, with its actor and note; it leaves the open list, as known from then on), and
the outlook in /v1/attainment's details."""

from __future__ import annotations

import pytest

from tests.projection.test_indicators_training import post, settled
from tests.training.helpers import training_plan

YEAR = {"year": 2019, "as_of": "2019-12-31"}


@pytest.fixture
async def services(start_service, client_for):
    training = await start_service("training")
    projection = await start_service("projection", sources={"training": training.url}, reconcile_interval_seconds=1.0)
    return client_for(training), client_for(projection), client_for(projection, scopes=["read"]), training, projection


async def test_a_region_limited_token_sees_its_own_regions_records_only(services, client_for):
    """The figures are every region's; the flagged records and the missing lists are the token's region's."""
    training_client, client, _, training, projection = services
    for n, people in enumerate((30, 40, 50, 2000)):
        t = await post(training_client, "/v1/trainings", training_plan(starts_on=f"2019-05-1{n}", ends_on=f"2019-05-1{n}"))
        await post(training_client, f"/v1/trainings/{t['training_id']}/completion", {"person_times": people})
    await post(training_client, "/v1/trainings", training_plan(starts_on="2019-06-03", ends_on="2019-06-04"))
    await settled(training, projection)
    home = client_for(projection, scopes=["read"], region="420100")  # the trainings' region
    other = client_for(projection, scopes=["read"], region="420200")

    whole = (await client.get("/v1/quality/flags", params=YEAR)).json()
    mine = (await home.get("/v1/quality/flags", params=YEAR)).json()
    theirs = (await other.get("/v1/quality/flags", params=YEAR)).json()
    assert whole["flags"] and mine["flags"] == whole["flags"] and mine["limited_to_region"] == "420100"
    assert theirs["flags"] == [] and theirs["limited_to_region"] == "420200"

    whole = (await client.get("/v1/completeness", params=YEAR)).json()
    mine = (await home.get("/v1/completeness", params=YEAR)).json()
    theirs = (await other.get("/v1/completeness", params=YEAR)).json()
    assert whole["missing"]["unfinished_trainings"] and mine["missing"] == whole["missing"]
    assert theirs["missing"]["unfinished_trainings"] == [] and theirs["limited_to_region"] == "420200"
    assert theirs["months"] == whole["months"]  # the aggregates are every region's
    assert (await other.get("/v1/completeness", params=YEAR, headers={"Authorization": ""})).status_code == 401


async def test_flags_review_completeness_and_outlook(services):
    training_client, client, reader, training, projection = services
    ids = []
    for n, people in enumerate((30, 40, 50, 2000)):
        t = await post(training_client, "/v1/trainings", training_plan(starts_on=f"2019-05-1{n}", ends_on=f"2019-05-1{n}"))
        await post(training_client, f"/v1/trainings/{t['training_id']}/completion", {"person_times": people})
        ids.append(t["training_id"])
    unfinished = await post(training_client, "/v1/trainings", training_plan(starts_on="2019-06-03", ends_on="2019-06-04"))
    before_review = await settled(training, projection)

    flags = (await client.get("/v1/quality/flags", params={**YEAR, "rule": "Q02"})).json()
    [flag] = flags["flags"]
    assert flag["id"] == f"Q02:{ids[3]}" and flag["status"] == "open" and flag["values"]["median"] == 45
    assert flag["rule"]["zh"].startswith("培训人次") and flag["threshold"]["factor"] == 10
    q01 = (await client.get("/v1/quality/flags", params={**YEAR, "rule": "Q01"})).json()["flags"]
    assert [f["record"]["id"] for f in q01] == [ids[3]]  # 2,000 in one day

    refused = await reader.post(f"/v1/quality/flags/{flag['id']}/review", json={"year": 2019, "note": "核实无误"})
    assert refused.status_code == 403
    bad = await client.post(f"/v1/quality/flags/{flag['id']}/review", json={"year": 2019, "note": ""})
    assert bad.status_code == 422 and "note" in bad.text
    missing = await client.post("/v1/quality/flags/Q02:nothing/review", json={"year": 2019, "note": "x"})
    assert missing.status_code == 404
    done = await client.post(f"/v1/quality/flags/{flag['id']}/review", json={"year": 2019, "note": "核实无误，为线上直播"})
    assert done.status_code == 201, done.text
    again = await client.post(f"/v1/quality/flags/{flag['id']}/review", json={"year": 2019, "note": "again"})
    assert again.status_code == 409

    assert (await client.get("/v1/quality/flags", params={**YEAR, "rule": "Q02"})).json()["flags"] == []
    [reviewed] = (await client.get("/v1/quality/flags", params={**YEAR, "rule": "Q02", "status": "reviewed"})).json()["flags"]
    assert reviewed["review"]["note"] == "核实无误，为线上直播" and reviewed["review"]["actor"]
    then = (await client.get("/v1/quality/flags", params={**YEAR, "rule": "Q02", "known_at": before_review})).json()
    assert [f["status"] for f in then["flags"]] == ["open"]  # before the review was recorded

    found = (await client.get("/v1/completeness", params=YEAR)).json()
    assert [t["training_id"] for t in found["missing"]["unfinished_trainings"]] == [unfinished["training_id"]]
    completed = [m for m in found["months"] if m["kind"] == "training_completed"]
    assert [(m["month"], m["records"]) for m in completed] == [("2019-05", 4)]
    assert completed[0]["on_time_share"] == 0.0  # recorded years after May 2019
    bad_as_of = await client.get("/v1/completeness", params={"year": 2019, "as_of": "2020-01-01"})
    assert bad_as_of.status_code == 422 and "as_of" in bad_as_of.text

    report = (await client.get("/v1/attainment", params=YEAR)).json()
    outlooks = {t["id"]: t["detail"]["outlook"] for t in report["targets"]}
    assert outlooks["T22a"]["expected"] == 4 and outlooks["T22a"]["likely_status"] == "missed"  # a year over: 4 of 10
    assert outlooks["T22b"]["likely_status"] == "met"  # 2,120 person-times
    assert outlooks["T04"]["likely_status"] is None  # no center
