"""The timeline: each target's figure at every month's end, beside the pro-rata line a chart draws."""

from datetime import date, datetime, timezone

import pytest

from kernel.domain.dates import today
from projection.attainment.calculators import CALCULATORS
from projection.attainment.period import resolve
from tests.projection.oracle_targets import ACME, STATE, XIAMEN, Events, month_end
from tests.projection.test_targets_counts import report

LATER = datetime(2030, 1, 1, tzinfo=timezone.utc)


async def timeline(engine, target, year=2019, known_at=LATER, region=None):
    period = resolve(year, None, known_at)
    async with engine.connect() as conn:
        return await CALCULATORS[target].timeline(conn, period, region)


@pytest.fixture
def events() -> Events:
    return Events()


@pytest.fixture
def load(project, events):
    async def apply():
        await project(events.received())

    return apply


async def test_a_count_grows_month_by_month_beside_its_pro_rata_line(projection_engine, events, load):
    events.visit("2019-01-10", examiners=5, attorneys=5)
    events.visit("2019-03-31", examiners=10, attorneys=10)
    events.visit("2019-06-15", examiners=60, attorneys=10, firm=STATE)  # not private: never counted
    events.visit("2019-11-02", examiners=40, attorneys=30)
    await load()
    points = await timeline(projection_engine, "T20")
    assert [p.month for p in points] == [f"2019-{m:02d}" for m in range(1, 13)]
    assert [p.as_of for p in points] == [month_end(2019, m) for m in range(1, 13)]
    assert [p.actual for p in points] == [10, 10, 30, 30, 30, 30, 30, 30, 30, 30, 100, 100]
    # the line: 100 person-times x the elapsed fraction of the year at each month's end
    assert [p.pro_rata for p in points][:3] == [round(100 * 31 / 365, 4), round(100 * 59 / 365, 4), round(100 * 90 / 365, 4)]
    assert points[-1].pro_rata == 100.0
    # 10 >= 8.5 in January, < 16.2 in February; 30 >= 24.7 in March, < 32.9 in April
    assert [p.status for p in points] == ["on_track", "at_risk", "on_track", "at_risk", "at_risk", "at_risk", "at_risk",
                                          "at_risk", "at_risk", "at_risk", "met", "met"]
    assert all(p.reached for p in points)


async def test_each_point_equals_the_report_at_that_months_end(projection_engine, events, load):
    events.center("c", "2019-01-01")
    events.service("c", "2019-01-05")
    events.service("c", "2019-03-05")
    events.project("2019-02-01", firm=ACME)
    events.project("2019-04-01", firm=STATE)
    events.project("2019-05-01", firm=STATE)
    events.recognition("2018-04-01", firm=ACME)
    events.recognition("2018-04-02", firm=STATE)
    events.recognition("2019-06-01", firm=XIAMEN)
    events.recognition("2019-08-01", firm=STATE)
    events.matchmaking("2019-09-09")
    events.briefing("2019-10-10")
    events.training("2019-07-07", person_times=300)
    events.training("2019-12-07", person_times=800, format="online")
    await load()
    for target in CALCULATORS:
        points = await timeline(projection_engine, target)
        for point in points:
            summary = (await report(projection_engine, as_of=point.as_of.isoformat()))[target]
            assert (point.actual, point.status) == (summary.actual, summary.status), (target, point)
            if CALCULATORS[target].target.kind != "count":
                assert point.pro_rata == summary.threshold, (target, point)


async def test_the_share_timelines(projection_engine, events, load):
    events.center("c", "2019-01-01")
    events.service("c", "2019-01-05")
    events.service("c", "2019-02-05")
    events.project("2019-02-01", firm=ACME)
    events.project("2019-04-01", firm=STATE)
    events.project("2019-05-01", firm=XIAMEN)
    await load()
    t04 = await timeline(projection_engine, "T04")
    assert [p.actual for p in t04[:4]] == [1.0, 1.0, 0.6667, 0.5]
    assert [p.status for p in t04[:4]] == ["on_track", "on_track", "missed", "missed"]
    assert {p.pro_rata for p in t04} == {1.0}
    t09b = await timeline(projection_engine, "T09b")
    assert [p.actual for p in t09b[:5]] == [None, 1.0, 1.0, 0.5, 0.6667]
    assert [p.status for p in t09b[:5]] == ["not_due", "on_track", "on_track", "at_risk", "on_track"]
    assert t09b[-1].status == "met" and {p.pro_rata for p in t09b} == {0.5}


async def test_known_at_ends_the_timeline_on_its_day_and_hides_what_was_recorded_later(projection_engine, events, load):
    events.briefing("2019-02-10", at="2019-02-11T09:00:00+08:00")
    events.briefing("2019-03-10", at="2019-07-20T09:00:00+08:00")  # held in March, recorded in July
    await load()
    points = await timeline(projection_engine, "T19", known_at=datetime.fromisoformat("2019-07-10T12:00:00+08:00"))
    assert [p.reached for p in points] == [True] * 7 + [False] * 5
    assert points[6].as_of == date(2019, 7, 10)
    assert [p.actual for p in points] == [0, 1, 1, 1, 1, 1, 1, None, None, None, None, None]
    assert [p.status for p in points[7:]] == [None] * 5
    assert points[7].pro_rata == round(243 / 365, 4)  # a month not reached still has its line: 1 x 243/365 on 31 August
    later = await timeline(projection_engine, "T19")
    assert [p.actual for p in later[:3]] == [0, 1, 2]


async def test_a_division_gets_its_own_actuals_and_a_line_only_where_the_rule_applies(projection_engine, events, load):
    events.visit("2019-02-01", examiners=1, attorneys=1, region="420500")
    events.project("2019-02-01", firm=XIAMEN, region="420500")
    await load()
    t20 = await timeline(projection_engine, "T20", region="420500")
    assert t20[1].actual == 2 and {p.pro_rata for p in t20} == {None} and {p.status for p in t20} == {None}
    t09b = await timeline(projection_engine, "T09b", region="420500")
    assert t09b[1].actual == 1.0 and t09b[1].pro_rata == 0.5 and t09b[1].status == "on_track"


async def test_months_after_today_have_no_actual_yet(projection_engine):
    current = today()
    points = await timeline(projection_engine, "T22a", year=current.year, known_at=datetime.now(timezone.utc))
    reached = [p.reached for p in points]
    assert reached == [m <= current.month for m in range(1, 13)]
    assert points[current.month - 1].as_of == current
    assert all(p.actual is None and p.status is None and p.pro_rata is not None for p in points if not p.reached)
    future = await timeline(projection_engine, "T22a", year=current.year + 1, known_at=datetime.now(timezone.utc))
    assert not any(p.reached for p in future) and future[-1].pro_rata == 10.0
