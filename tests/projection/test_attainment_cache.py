"""The attainment answer is kept while no event is applied, and validated by ETag: If-None-Match gets a 304.

Each applied event, whatever its source and whether it fills a gap or comes after one, names a new answer;
another area or a reader limited to a region gets its own; a kept answer gives this request's `known_at`.
"""

from __future__ import annotations

from tests.projection.oracle_targets import Events

YEAR = {"year": 2019}


def t20(report: dict) -> int:
    return next(t for t in report["targets"] if t["id"] == "T20")["actual"]


async def test_the_answer_is_kept_until_an_event_is_applied_and_revalidated_by_its_etag(projection, projection_client):
    events = Events()
    events.visit("2019-07-01", examiners=2, attorneys=3)
    projector = projection.app.state.projector
    await projector.apply(events.received(), path="test")

    first = await projection_client.get("/v1/attainment", params=YEAR)
    assert first.status_code == 200 and first.headers["etag"].startswith('W/"'), first.headers
    again = await projection_client.get("/v1/attainment", params=YEAR)
    assert again.headers["etag"] == first.headers["etag"]
    assert again.json()["targets"] == first.json()["targets"]
    assert again.json()["known_at"] > first.json()["known_at"]  # the kept answer, counted to this moment

    unchanged = await projection_client.get("/v1/attainment", params=YEAR, headers={"If-None-Match": first.headers["etag"]})
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged.headers["etag"] == first.headers["etag"]

    # a source with no cursor row, applied directly: the answer moves with it
    events.visit("2019-08-01", examiners=1, attorneys=1)
    await projector.apply(events.received(), path="test")
    changed = await projection_client.get("/v1/attainment", params=YEAR, headers={"If-None-Match": first.headers["etag"]})
    assert changed.status_code == 200 and changed.headers["etag"] != first.headers["etag"]
    assert t20(changed.json()) > t20(first.json())

    # an event above a gap (position 4 before 3 is applied), then the gap filled: each a new answer
    events.visit("2019-09-01")
    events.visit("2019-10-01")
    received = events.received()
    await projector.apply([received[3]], path="test")
    above_gap = await projection_client.get("/v1/attainment", params=YEAR)
    assert above_gap.headers["etag"] != changed.headers["etag"] and t20(above_gap.json()) > t20(changed.json())
    await projector.apply([received[2]], path="test")
    filled = await projection_client.get("/v1/attainment", params=YEAR)
    assert filled.headers["etag"] != above_gap.headers["etag"] and t20(filled.json()) > t20(above_gap.json())


async def test_each_area_reader_and_known_at_has_its_own_answer(projection, projection_client, auth):
    province = await projection_client.get("/v1/attainment", params=YEAR)
    division = await projection_client.get("/v1/attainment", params={**YEAR, "region": "420100"})
    limited = await projection_client.get("/v1/attainment", params=YEAR, headers=auth(region="420500"))
    past = await projection_client.get("/v1/attainment", params={**YEAR, "known_at": "2019-06-01T00:00:00+08:00"})
    tags = {r.headers["etag"] for r in (province, division, limited, past)}
    assert len(tags) == 4, tags
    assert division.json()["region"] == "420100"
    assert past.json()["known_at"] == "2019-06-01T00:00:00+08:00"
    kept_past = await projection_client.get("/v1/attainment", params={**YEAR, "known_at": "2019-06-01T00:00:00+08:00"})
    assert kept_past.json()["known_at"] == past.json()["known_at"]  # the moment asked for, not now
