"""The yearly count targets (T09a, T19, T20, T22a, T22b) on hand-worked cases, bitemporally."""

from datetime import date, datetime, timezone

import pytest

from projection.attainment.calculators import CALCULATORS
from projection.attainment.period import frame
from tests.projection.oracle_targets import ACME, STATE, XIAMEN, Events

LATER = datetime(2030, 1, 1, tzinfo=timezone.utc)


async def report(engine, as_of="2019-12-31", known_at=LATER, region=None, year=2019) -> dict:
    period = frame(year, date.fromisoformat(as_of), known_at)  # the calculators, without the reader's refusals
    async with engine.connect() as conn:
        return {tid: await calc.summary(conn, period, region) for tid, calc in CALCULATORS.items()}


@pytest.fixture
def events() -> Events:
    return Events()


@pytest.fixture
def load(project, events):
    async def apply():
        await project(events.received())

    return apply


async def test_exactly_ten_classes_for_private_enterprises_meet_t22a(projection_engine, events, load):
    for month in range(1, 11):
        events.training(f"2019-{month:02d}-15", person_times=100)
    events.training("2019-11-15", format="seminar", person_times=5)  # not a class: T22b only
    events.training("2019-11-20", audience="general", person_times=500)  # not for private enterprises: neither
    events.training(None, starts_on="2019-12-01")  # planned, never held
    await load()
    year_end = await report(projection_engine)
    assert (year_end["T22a"].actual, year_end["T22a"].threshold, year_end["T22a"].status) == (10, 10, "met")
    assert (year_end["T22b"].actual, year_end["T22b"].status) == (1005, "met")
    assert year_end["T22b"].detail["trainings"] == 11
    # met as soon as the tenth class finished, inside the year
    october = await report(projection_engine, as_of="2019-10-15")
    september = await report(projection_engine, as_of="2019-10-14")
    assert (october["T22a"].actual, october["T22a"].status) == (10, "met")
    assert september["T22a"].actual == 9 and september["T22a"].status == "on_track"  # 9 >= 10 x 287/365


async def test_nine_classes_miss_t22a_and_trainings_count_by_the_day_they_finished(projection_engine, events, load):
    events.training("2019-01-03", starts_on="2018-12-28", person_times=40)  # began in 2018, finished in 2019: counts
    events.training("2020-01-05", starts_on="2019-12-28", person_times=40, at="2020-01-05T12:00:00+08:00")  # counts in 2020
    for month in range(2, 10):
        events.training(f"2019-{month:02d}-10", person_times=40)
    await load()
    result = await report(projection_engine)
    assert (result["T22a"].actual, result["T22a"].status) == (9, "missed")
    assert (result["T22b"].actual, result["T22b"].status) == (360, "missed")
    next_year = await report(projection_engine, year=2020, as_of="2020-01-31")
    assert next_year["T22a"].actual == 1


async def test_t20_counts_each_examiner_and_attorney_on_visits_to_private_enterprises(projection_engine, events, load):
    for i in range(24):  # 24 visits x 4 person-times = 96, to two private enterprises
        events.visit(f"2019-{1 + i % 12:02d}-{1 + i // 12:02d}", examiners=3, attorneys=1, firm=ACME if i % 2 else XIAMEN)
    events.visit("2019-06-01", examiners=5, attorneys=5, firm=STATE)  # a state-owned enterprise: not counted
    last = events.visit("2019-12-20", examiners=2, attorneys=2, firm=ACME)
    await load()
    result = await report(projection_engine)
    t20 = result["T20"]
    assert (t20.actual, t20.threshold, t20.status) == (100, 100, "met")
    assert t20.detail == {"person_times": 100, "visits": 25, "examiners": 74, "attorneys": 26, "private_enterprises_visited": 2}
    before_last = await report(projection_engine, as_of="2019-12-19")
    # 19 December is day 353: the line is at 96.7, so 96 is at risk
    assert (before_last["T20"].actual, before_last["T20"].status) == (96, "at_risk")


async def test_the_pro_rata_line_separates_on_track_from_at_risk(projection_engine, events, load):
    for i in range(25):
        events.visit("2019-03-01", examiners=1, attorneys=1)  # 50 person-times
    await load()
    # 30 June is day 181 of 365: the line is at 100 x 181/365 = 49.6 person-times
    assert (await report(projection_engine, as_of="2019-06-30"))["T20"].status == "on_track"
    # 1 July, day 182: 49.9; still on track. 2 July, day 183: 50.1; at risk
    assert (await report(projection_engine, as_of="2019-07-01"))["T20"].status == "on_track"
    assert (await report(projection_engine, as_of="2019-07-02"))["T20"].status == "at_risk"


async def test_t19_counts_fee_reduction_briefings_for_private_enterprises_and_reports_the_stretch(projection_engine, events, load):
    events.briefing("2019-03-05", attendance=80)
    events.briefing("2019-04-05", topic="priority_examination")
    events.briefing("2019-05-05", audience="general")
    await load()
    result = await report(projection_engine)
    t19 = result["T19"]
    assert (t19.actual, t19.threshold, t19.status) == (1, 1, "met")
    assert t19.detail == {"briefings": 1, "stretch": 2, "attendance": 80}
    assert (await report(projection_engine, as_of="2019-03-04"))["T19"].status == "at_risk"


async def test_t09a_counts_matchmaking_events_with_the_stretch_in_detail(projection_engine, events, load):
    events.matchmaking("2019-04-18", firms=(ACME, STATE))
    events.matchmaking("2019-09-18", region="420500", firms=(XIAMEN,))
    events.matchmaking("2018-12-30")  # the year before
    await load()
    province = (await report(projection_engine))["T09a"]
    assert (province.actual, province.threshold, province.status) == (2, 1, "met")
    assert province.detail == {"events": 2, "stretch": 2, "enterprises_attending": 3, "private_enterprises_attending": 2}


async def test_a_retraction_recorded_after_known_at_does_not_change_that_view(projection_engine, events, load):
    wrong = events.matchmaking("2019-04-18", at="2019-04-18T10:00:00+08:00")
    events.retract_matchmaking(wrong, at="2019-07-01T09:00:00+08:00")
    visit = events.visit("2019-05-01", examiners=60, attorneys=40, at="2019-05-02T10:00:00+08:00")
    events.retract_visit(visit, at="2019-07-01T09:00:00+08:00")
    await load()
    before = await report(projection_engine, known_at=datetime.fromisoformat("2019-07-01T08:59:59+08:00"))
    at_the_moment = await report(projection_engine, known_at=datetime.fromisoformat("2019-07-01T09:00:00+08:00"))
    now = await report(projection_engine)
    assert (before["T09a"].actual, before["T09a"].status) == (1, "met")
    assert (before["T20"].actual, before["T20"].status) == (100, "met")
    # a retraction counts from the moment it was recorded
    assert (at_the_moment["T09a"].actual, at_the_moment["T20"].actual) == (0, 0)
    assert (now["T09a"].status, now["T20"].status) == ("missed", "missed")


async def test_a_record_of_something_before_as_of_made_after_known_at_is_not_yet_known(projection_engine, events, load):
    events.briefing("2019-03-05", at="2019-04-10T09:00:00+08:00")  # held in March, entered in April
    events.training("2019-03-20", person_times=1000, at="2019-04-10T09:00:00+08:00")
    await load()
    march_as_known_then = await report(projection_engine, as_of="2019-03-31", known_at=datetime.fromisoformat("2019-04-01T00:00:00+08:00"))
    march_as_known_now = await report(projection_engine, as_of="2019-03-31")
    assert (march_as_known_then["T19"].actual, march_as_known_then["T19"].status) == (0, "at_risk")
    assert (march_as_known_then["T22b"].actual, march_as_known_then["T22b"].status) == (0, "at_risk")
    assert (march_as_known_now["T19"].actual, march_as_known_now["T19"].status) == (1, "met")
    assert (march_as_known_now["T22b"].actual, march_as_known_now["T22b"].status) == (1000, "met")


async def test_a_training_counts_from_when_its_completion_was_recorded_and_a_retraction_undoes_it(projection_engine, events, load):
    held = events.training("2019-05-15", person_times=600, planned_at="2019-04-01T09:00:00+08:00", at="2019-05-20T09:00:00+08:00")
    events.retract_training(held, at="2019-08-01T09:00:00+08:00")
    await load()
    planned_only = await report(projection_engine, as_of="2019-05-31", known_at=datetime.fromisoformat("2019-05-19T00:00:00+08:00"))
    completed = await report(projection_engine, as_of="2019-05-31", known_at=datetime.fromisoformat("2019-05-21T00:00:00+08:00"))
    retracted = await report(projection_engine, as_of="2019-05-31")
    assert [r["T22b"].actual for r in (planned_only, completed, retracted)] == [0, 600, 0]


async def test_a_division_reports_its_own_counts_without_threshold_or_status(projection_engine, events, load):
    events.visit("2019-05-01", examiners=3, attorneys=2, region="420500")
    events.visit("2019-05-02", examiners=1, attorneys=0, region="420100")
    events.training("2019-05-03", region="420500", person_times=70)
    await load()
    yichang = await report(projection_engine, region="420500")
    for target_id in ("T09a", "T11", "T19", "T20", "T22a", "T22b"):
        assert (yichang[target_id].threshold, yichang[target_id].status) == (None, None), target_id
    assert (yichang["T20"].actual, yichang["T22a"].actual, yichang["T22b"].actual, yichang["T09a"].actual) == (5, 1, 70, 0)
    assert yichang["T04"].status == "not_due" and yichang["T09b"].status == "not_due"


async def test_nothing_is_due_before_the_year_starts(projection_engine, events, load):
    events.visit("2019-01-01", examiners=100, attorneys=0)
    await load()
    result = await report(projection_engine, as_of="2018-12-31")
    assert {t.status for t in result.values()} == {"not_due"}
    assert result["T20"].actual == 0
