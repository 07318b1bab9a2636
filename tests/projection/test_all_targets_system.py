"""All five services over HTTP: what each target needs is recorded in the four command services, and the
projection, fed by all four, reports all eight targets (province, a division, an earlier known_at, the records
and the timeline)."""

from __future__ import annotations

from datetime import datetime

import httpx
import pytest

from kernel.domain.enterprise import USCC_ALPHABET, uscc_check_character
from kernel.testing.servers import eventually
from projection.settings import ProjectionSettings

pytestmark = pytest.mark.system

TARGETS = ["T04", "T09a", "T09b", "T11", "T19", "T20", "T22a", "T22b"]


def firm(n: int, ownership: str = "private", region: str = "420100") -> dict:
    first17 = "91420100MA" + "".join(USCC_ALPHABET[(n * 7 + i) % 31] for i in range(7))
    return {"uscc": first17 + uscc_check_character(first17), "name": f"企业{n}", "ownership": ownership, "region": region}


def test_the_projection_reads_all_four_services_by_default():
    assert ProjectionSettings.model_fields["sources"].default == {
        "enforcement": "http://127.0.0.1:8101",
        "financing": "http://127.0.0.1:8102",
        "training": "http://127.0.0.1:8103",
        "outreach": "http://127.0.0.1:8104",
    }


async def post(client: httpx.AsyncClient, path: str, body: dict) -> dict:
    response = await client.post(path, json=body)
    assert response.status_code == 201, (path, response.text)
    return response.json()


async def test_every_target_from_records_written_to_every_service(start_service, client_for):
    enforcement = await start_service("enforcement")
    financing = await start_service("financing")
    training = await start_service("training")
    outreach = await start_service("outreach")
    projection = await start_service(
        "projection", reconcile_interval_seconds=1.0,
        sources={"enforcement": enforcement.url, "financing": financing.url, "training": training.url, "outreach": outreach.url},
    )
    e, f, t, o, p = (client_for(s) for s in (enforcement, financing, training, outreach, projection))

    # T04: one center in Wuhan, served every month
    await post(e, "/v1/assistance-centers", {"center_id": "wh-1", "name": "武汉中心", "region": "420100", "registered_on": "2019-01-01"})
    for month in range(1, 13):
        await post(e, "/v1/onsite-services", {"center_id": "wh-1", "occurred_on": f"2019-{month:02d}-10", "enterprises": [firm(1)]})

    # T09a: two matchmaking events, and a third one retracted
    for day in ("2019-04-18", "2019-10-18"):
        await post(f, "/v1/matchmaking-events", {"occurred_on": day, "region": "420100", "organiser": "省局",
                                                 "enterprises_attending": [firm(2)], "banks_attending": ["汉口银行"]})
    wrong = await post(f, "/v1/matchmaking-events", {"occurred_on": "2019-05-18", "region": "420500", "organiser": "宜昌市局",
                                                     "enterprises_attending": [firm(3, region="420500")], "banks_attending": ["银行"]})

    # T09b: three private projects of five (a sixth, private, retracted)
    for n, ownership, region in [(4, "private", "420100"), (5, "private", "420100"), (6, "private", "420500"),
                                 (7, "state_owned", "420100"), (8, "foreign_invested", "420500"), (9, "private", "420100")]:
        project = await post(f, "/v1/pledge-projects", {
            "enterprise": firm(n, ownership, region), "lender": "银行", "amount_cny": 1_000_000 * n,
            "registered_on": f"2019-0{n - 3}-01", "pledged_rights": [{"kind": "patent", "number": f"ZL20191000000{n}.1"}]})
    await post(f, f"/v1/pledge-projects/{project['project_id']}/retraction", {"reason": "重复录入"})

    # T11: 2018 one private of two national enterprises; 2019 two private of three (and a provincial one)
    for n, ownership, level, day in [(10, "private", "national_advantage", "2018-11-20"), (11, "state_owned", "national_demonstration", "2018-11-20"),
                                     (12, "private", "national_advantage", "2019-11-20"), (13, "private", "national_demonstration", "2019-11-20"),
                                     (14, "state_owned", "national_advantage", "2019-11-20"), (15, "state_owned", "provincial_demonstration", "2019-06-20")]:
        await post(t, "/v1/demonstration-recognitions", {"enterprise": firm(n, ownership), "level": level, "recognized_on": day})

    # T19: one fee-reduction briefing for private enterprises, one on another topic
    for topic in ("patent_fee_reduction", "priority_examination"):
        await post(o, "/v1/briefings", {"occurred_on": "2019-04-18", "region": "420100", "topic": topic,
                                        "audience": "private_enterprises", "attendance": 120})

    # T20: twenty visits of 3 examiners and 2 attorneys to private enterprises; one to a state-owned one
    for n in range(20):
        await post(o, "/v1/examiner-visits", {"occurred_on": f"2019-{1 + n % 12:02d}-21", "enterprise": firm(20 + n % 4),
                                              "examiners": 3, "attorneys": 2})
    await post(o, "/v1/examiner-visits", {"occurred_on": "2019-05-21", "enterprise": firm(30, "state_owned"), "examiners": 9, "attorneys": 9})

    # T22a/T22b: ten classes of 100 trainee person-times for private enterprises, one seminar for the public
    for n in range(11):
        general = n == 10
        planned = await post(t, "/v1/trainings", {
            "title": "民营企业知识产权培训班", "region": "420100" if n % 2 else "420500", "format": "seminar" if general else "class",
            "audience": "general" if general else "private_enterprises", "partner": "WIPO" if n == 0 else None,
            "starts_on": f"2019-{1 + n:02d}-10", "ends_on": f"2019-{1 + n:02d}-12"})
        await post(t, f"/v1/trainings/{planned['training_id']}/completion", {"person_times": 100})

    before_retraction = datetime.now().astimezone()
    await post(f, f"/v1/matchmaking-events/{wrong['event_id']}/retraction", {"reason": "活动取消"})

    expected = {"T04": (1.0, "met"), "T09a": (2, "met"), "T09b": (0.6, "met"), "T11": (0.6667, "met"),
                "T19": (1, "met"), "T20": (100, "met"), "T22a": (10, "met"), "T22b": (1000, "met")}

    async def report():
        body = (await p.get("/v1/attainment", params={"year": 2019})).json()
        got = {x["id"]: (x["actual"], x["status"]) for x in body["targets"]}
        return body if got == expected else None

    body = await eventually(report, timeout=60, message=f"all eight targets from all four services ({expected})")
    targets = {x["id"]: x for x in body["targets"]}
    assert list(targets) == TARGETS
    assert targets["T11"]["threshold"] == 0.5 and targets["T11"]["detail"]["previous_year_enterprises"] == 2
    assert targets["T09b"]["detail"]["projects"] == 5 and targets["T09b"]["detail"]["amount_share"] == 0.5
    assert targets["T20"]["detail"]["private_enterprises_visited"] == 4 and targets["T20"]["detail"]["visits"] == 20
    assert targets["T22b"]["detail"]["with_wipo_person_times"] == 100

    # what the dashboard said just before the retraction was recorded
    then = (await p.get("/v1/attainment", params={"year": 2019, "known_at": before_retraction.isoformat()})).json()
    assert next(x for x in then["targets"] if x["id"] == "T09a")["actual"] == 3

    # a division: its own figures; thresholds and statuses for T04 and T09b only
    wuhan = {x["id"]: x for x in (await p.get("/v1/attainment", params={"year": 2019, "region": "420100"})).json()["targets"]}
    assert (wuhan["T04"]["actual"], wuhan["T04"]["status"]) == (1.0, "met")
    assert (wuhan["T09b"]["actual"], wuhan["T09b"]["status"]) == (0.6667, "met")  # 2 private of 3
    assert (wuhan["T22a"]["actual"], wuhan["T22a"]["status"], wuhan["T22a"]["threshold"]) == (5, None, None)
    assert (wuhan["T09a"]["actual"], wuhan["T09a"]["status"]) == (2, None)

    # the records behind a target, and its timeline
    t20 = (await p.get("/v1/attainment/T20", params={"year": 2019})).json()
    assert len(t20["records"]) == 20 and all(r["facts"]["person_times"] == 5 for r in t20["records"])
    timeline = (await p.get("/v1/attainment/timeline", params={"year": 2019, "target": "T22a"})).json()
    assert [x["actual"] for x in timeline["points"]] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 10]
    assert timeline["points"][-1]["status"] == "met" and timeline["points"][0]["pro_rata"] == round(10 * 31 / 365, 4)
