"""Hand-worked on a real PostgreSQL: each completeness figure and each validation rule, from events applied by the
projection's read models (a small year of four services' records, 2019 to 31 March)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone
from uuid import uuid4

import pytest

from kernel.projection.projector import Projector
from kernel.projection.received import ReceivedEvent
from projection.attainment.period import Period
from projection.quality import completeness, flags
from projection.readmodels import all_read_models
from projection.settings import ProjectionSettings

PRIVATE = {"uscc": "91440101MA5CJQ4N59", "name": "甲科技", "ownership": "private", "region": "420100"}
STATE = {**PRIVATE, "ownership": "state_owned"}
OTHER = {"uscc": "91110000600037341L", "name": "乙", "ownership": "private", "region": "420100"}


class Year:
    def __init__(self) -> None:
        self.events: list[ReceivedEvent] = []

    def add(self, source: str, type_: str, data: dict, recorded: str) -> None:
        self.events.append(ReceivedEvent(
            source=source, event_id=uuid4(), type=f"{source}.{type_}.v1", stream_id=f"{type_}-{uuid4()}", version=1,
            position=len(self.events) + 1, recorded_at=datetime.fromisoformat(recorded + "T10:00:00+08:00").astimezone(timezone.utc),
            data=data))

    def service(self, center: str, region: str, on: str, recorded: str) -> str:
        sid = f"s-{on}-{center}"
        self.add("enforcement", "OnsiteServiceRecorded", {"service_id": sid, "center_id": center, "region": region,
                 "occurred_on": on, "enterprises": [{**PRIVATE, "region": region}], "summary": ""}, recorded)
        return sid

    def training(self, tid: str, starts: str, ends: str, person_times: int | None, recorded: str, cancelled: str | None = None) -> None:
        plan = {"training_id": tid, "title": tid, "region": "420100", "format": "class", "audience": "private_enterprises",
                "partner": None, "organiser": None, "starts_on": starts, "ends_on": ends}
        self.add("training", "TrainingPlanned", plan, "2019-01-02")
        if person_times is not None:
            self.add("training", "TrainingCompleted", {**plan, "completed_on": ends, "person_times": person_times}, recorded)
        if cancelled:
            self.add("training", "TrainingCancelled", {"training_id": tid, "cancelled_on": cancelled, "reason": "x"}, cancelled)

    def request(self, rid: str, received: str, responded: str | None = None) -> None:
        base = {"request_id": rid, "center_id": "c1", "region": "420100", "enterprise": PRIVATE,
                "received_at": received + "T09:00:00+08:00"}
        self.add("enforcement", "AssistanceRequestReceived", {**base, "channel": "phone", "received_on": received, "summary": ""}, received)
        if responded:
            self.add("enforcement", "AssistanceRequestFirstResponded", {**base, "responded_at": responded + "T09:00:00+08:00",
                     "responded_on": responded, "response_minutes": 1440}, responded)


@pytest.fixture
async def year(projection_engine):
    y = Year()
    for center, region in (("c1", "420100"), ("c2", "420200")):
        y.add("enforcement", "AssistanceCenterRegistered", {"center_id": center, "name": f"中心{center}", "region": region,
              "registered_on": "2018-01-01"}, "2018-01-01")
    y.service("c1", "420100", "2019-01-10", "2019-01-12")  # lag 2, on time
    y.service("c1", "420100", "2019-01-03", "2019-06-01")  # lag 149: late, and long before it was recorded (Q07)
    y.service("c1", "420100", "2019-02-20", "2019-03-15")  # lag 23: after 28 February + 10 days
    y.service("c1", "420100", "2019-03-02", "2019-03-04")  # a Saturday (Q06)
    y.service("c2", "420200", "2019-01-15", "2019-01-16")  # c2 misses February
    y.service("c2", "420200", "2019-03-05", "2019-03-06")
    y.training("t1", "2019-02-01", "2019-02-02", 1200, "2019-02-03")  # 600 a day (Q01), 26.7 x the median (Q02)
    for n, people in enumerate((30, 40, 50)):
        y.training(f"t{n + 2}", "2019-01-20", "2019-01-20", people, "2019-01-21")
    y.training("t5", "2019-03-01", "2019-03-03", None, "")  # planned, past its end, nothing since
    y.training("t6", "2019-03-10", "2019-03-11", None, "", cancelled="2019-03-05")
    y.training("t7", "2019-04-10", "2019-04-11", None, "")  # not over yet
    y.request("r1", "2019-03-01")  # 30 days without a first response
    y.request("r2", "2019-03-20", "2019-03-21")
    y.request("r3", "2019-03-30")  # within the 2 days still
    for vid, on, examiners in (("v1", "2019-01-05", 2), ("v2", "2019-02-05", 1), ("v3", "2019-03-05", 3)):
        y.add("outreach", "ExaminerVisitMade", {"visit_id": vid, "region": "420100", "occurred_on": on, "enterprise": PRIVATE,
              "examiners": examiners, "attorneys": 0, "person_times": examiners}, on)
    for pid, amount, ent in (("p1", 1_000_000, OTHER), ("p2", 1_000_000, OTHER), ("p3", 2_000_000, OTHER), ("p4", 500_000_000, STATE)):
        y.add("financing", "PledgeProjectRegistered", {"project_id": pid, "region": "420100", "registered_on": "2019-03-01",
              "enterprise": ent, "amount_cny": amount, "lender": "银行", "pledged_rights": []}, "2019-03-02")
    y.events.sort(key=lambda e: e.recorded_at)
    counters: dict[str, int] = {}
    for n, e in enumerate(y.events):
        counters[e.source] = counters.get(e.source, 0) + 1
        y.events[n] = replace(e, position=counters[e.source])
    await Projector(projection_engine, all_read_models()).apply(y.events, path="test")
    return projection_engine


PERIOD = Period(2019, date(2019, 3, 31), datetime.now(timezone.utc))
SETTINGS = ProjectionSettings(auth_signing_key="x" * 32)


async def test_months_count_lag_and_on_time(year):
    async with year.connect() as conn:
        rows = await completeness.months(conn, PERIOD, "420100", 10)
    onsite = {r["month"]: r for r in rows if r["kind"] == "onsite_service"}
    assert onsite["2019-01"]["records"] == 2
    # lags 2 and 149: median 75.5, p90 2 + 0.9 * 147 = 134.3, max 149; one of two on time
    assert onsite["2019-01"]["lag_days"] == {"median": 75.5, "p90": 134.3, "max": 149}
    assert onsite["2019-01"]["on_time_share"] == 0.5
    assert onsite["2019-02"]["lag_days"]["max"] == 23 and onsite["2019-02"]["on_time_share"] == 0.0
    assert onsite["2019-03"]["on_time_share"] == 1.0
    # as known before the late record was made, January has one record, on time
    async with year.connect() as conn:
        earlier = await completeness.months(conn, Period(2019, date(2019, 3, 31), datetime(2019, 4, 1, tzinfo=timezone.utc)), "420100", 10)
    assert next(r for r in earlier if r["kind"] == "onsite_service" and r["month"] == "2019-01")["records"] == 1


async def test_missing_lists(year):
    async with year.connect() as conn:
        centers = await completeness.unserved_centers(conn, PERIOD, None)
        silent = await completeness.silent_regions(conn, PERIOD, "420200", 3)
        trainings = await completeness.unfinished_trainings(conn, PERIOD, None)
        requests = await completeness.unanswered_requests(conn, PERIOD, None, 2)
        open_month = await completeness.unserved_centers(conn, Period(2019, date(2019, 3, 1), PERIOD.known_at), "420200")
    assert [(c["center_id"], c["month"], c["state"]) for c in centers] == [("c2", "2019-02", "missed")]
    assert [(c["month"], c["state"], c["days_left"]) for c in open_month] == [("2019-02", "missed", None), ("2019-03", "open", 30)]
    # 420200 recorded measure 4 in January-March, not measures 9, 20, 22 (420100 did)
    assert sorted(s["measure"] for s in silent) == [9, 20, 22]
    assert [t["training_id"] for t in trainings] == ["t5"] and trainings[0]["days_past_end"] == 28
    assert [(r["request_id"], r["days_waiting"]) for r in requests] == [("r1", 30)]


async def test_each_rule(year):
    async with year.connect() as conn:
        found = await flags.flags(conn, PERIOD, None, SETTINGS)
    by_rule: dict[str, list] = {}
    for f in found:
        by_rule.setdefault(f["rule"]["id"], []).append(f)
    assert [f["record"]["id"] for f in by_rule["Q01"]] == ["t1"]
    assert by_rule["Q01"][0]["values"]["person_times_per_day"] == 600
    [q02] = by_rule["Q02"]  # class: median 45, MAD 10, z = 0.6745 * 1155 / 10
    assert q02["record"]["id"] == "t1" and q02["values"]["median"] == 45 and q02["values"]["mad"] == 10
    assert q02["values"]["modified_z"] == pytest.approx(77.905) and q02["threshold"] == {"factor": 10, "outlier_z": 3.5}
    assert [(f["record"]["id"], f["values"]["most_before"]) for f in by_rule["Q03"]] == [("v3", 2)]
    [q04] = by_rule["Q04"]  # median 1.5 million, MAD 0.5 million
    assert q04["record"]["id"] == "p4" and q04["values"]["modified_z"] == pytest.approx(0.6745 * 498_500_000 / 500_000, abs=0.01)
    [q05] = by_rule["Q05"]
    assert q05["record"]["id"] == PRIVATE["uscc"] and q05["values"]["ownerships"] == ["private", "state_owned"]
    assert [f["record"]["id"] for f in by_rule["Q06"]] == ["s-2019-03-02-c1"]
    assert [(f["record"]["id"], f["values"]["lag_days"]) for f in by_rule["Q07"]] == [("onsite:s-2019-01-03-c1", 149)]
    # a region's view: the same medians, its own records
    async with year.connect() as conn:
        assert await flags.flags(conn, PERIOD, "420200", SETTINGS) == []
