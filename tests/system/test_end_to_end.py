"""The real processes: uvicorn services, the broker and PostgreSQL, over HTTP from end to end."""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.system

ACME = {"uscc": "91440101MA5CJQ4N59", "name": "武汉甲科技有限公司", "ownership": "private", "region": "420100"}


def t04(http, projection, **params) -> dict:
    report = http.get(f"{projection.url}/v1/attainment", params={"year": 2019, **params}).json()
    return next(t for t in report["targets"] if t["id"] == "T04")


def test_post_reaches_the_attainment_report_within_a_second(system, http):
    enforcement = system.service("enforcement")
    projection = system.projection({"enforcement": enforcement.url})
    assert http.get(f"{enforcement.url}/readyz").status_code == 200
    assert http.post(f"{enforcement.url}/v1/assistance-centers", json={
        "center_id": "wh-1", "name": "武汉中心", "region": "420100", "registered_on": "2019-01-01"}).status_code == 201
    deadline = time.monotonic() + 30  # the consumer group's first join may take a few seconds
    while t04(http, projection, as_of="2019-01-31")["detail"]["centers"] != 1:
        assert time.monotonic() < deadline, "the projection never saw the center"
        time.sleep(0.05)

    started = time.monotonic()
    created = http.post(f"{enforcement.url}/v1/onsite-services", json={
        "center_id": "wh-1", "occurred_on": "2019-01-15", "enterprises": [ACME]})
    assert created.status_code == 201
    while (target := t04(http, projection, as_of="2019-01-31"))["detail"]["center_months_met"] != 1:
        assert time.monotonic() - started < 1.0, "not visible within a second"
        time.sleep(0.02)
    assert target["actual"] == 1.0 and target["status"] in ("met", "on_track")

    province = t04(http, projection, as_of="2019-02-28")
    wuhan = t04(http, projection, as_of="2019-02-28", region="420100")
    yichang = t04(http, projection, as_of="2019-02-28", region="420500")
    assert (province["detail"]["center_months_due"], province["detail"]["center_months_met"], province["status"]) == (2, 1, "missed")
    assert wuhan["actual"] == province["actual"] == 0.5
    assert yichang["status"] == "not_due" and yichang["actual"] is None

    service_id = created.json()["service_id"]
    retracted = http.post(f"{enforcement.url}/v1/onsite-services/{service_id}/retraction", json={"reason": "重复录入"})
    assert retracted.status_code == 201
    while t04(http, projection, as_of="2019-01-31")["detail"]["center_months_met"] != 0:
        time.sleep(0.02)
    # what the dashboard said before the retraction was recorded
    before = http.get(f"{projection.url}/v1/attainment", params={"year": 2019, "as_of": "2019-01-31", "known_at": retracted_at(http, enforcement)}).json()
    assert before["targets"][0]["detail"]["center_months_met"] == 1


def retracted_at(http, enforcement) -> str:
    """A moment just before the retraction was recorded, from the feed."""
    from datetime import datetime, timedelta

    events = http.get(f"{enforcement.url}/v1/events", params={"after": 0}).json()["events"]
    moment = datetime.fromisoformat(next(e["time"] for e in events if e["type"].endswith("OnsiteServiceRetracted.v1")))
    return (moment - timedelta(milliseconds=1)).isoformat()
