"""T04 on hand-worked cases: center-months due and met, by region and province, bitemporally."""

from datetime import date, datetime, timezone

import pytest

from projection.attainment import t04
from projection.attainment.period import Period, frame, resolve
from projection.attainment.status import Status

LATER = datetime(2030, 1, 1, tzinfo=timezone.utc)


async def figures(engine, as_of="2019-12-31", known_at=LATER, region=None, year=2019):
    period = Period(year, date.fromisoformat(as_of), known_at)
    async with engine.connect() as conn:
        result = await t04.compute(conn, period, region)
    return result, t04.status(result, period)


def states(result, center_id):
    [center] = [c for c in result.centers if c.center_id == center_id]
    return [m["state"] for m in center.months]


async def test_a_center_opening_mid_year_is_due_from_its_first_full_month(projection_engine, history, project):
    history.center("mid", "2019-03-15")
    for month in (4, 5, 6, 7, 8, 9, 10, 11, 12):
        history.service("mid", f"2019-{month:02d}-20")
    await project(history.events)
    result, status = await figures(projection_engine)
    assert states(result, "mid")[:4] == ["not_due", "not_due", "not_due", "met"]
    assert (result.due, result.met, result.actual, status) == (9, 9, 1.0, Status.MET)


async def test_a_center_closing_mid_month_is_not_due_that_month(projection_engine, history, project):
    history.center("closing", "2019-01-01")
    history.closure("closing", "2019-06-15")
    for month in range(1, 6):
        history.service("closing", f"2019-{month:02d}-02")
    await project(history.events)
    result, status = await figures(projection_engine)
    assert states(result, "closing")[4:7] == ["met", "not_due", "not_due"]
    assert (result.due, result.met, status) == (5, 5, Status.MET)


async def test_closing_on_the_last_day_of_a_month_keeps_that_month_due(projection_engine, history, project):
    history.center("c", "2019-01-01")
    history.closure("c", "2019-02-28")
    history.service("c", "2019-01-10")
    await project(history.events)
    result, status = await figures(projection_engine)
    assert states(result, "c")[:3] == ["met", "missed", "not_due"]
    assert (result.due, result.met, status) == (2, 1, Status.MISSED)


async def test_a_month_with_two_services_counts_once_and_non_private_services_do_not_count(projection_engine, history, project):
    history.center("c", "2019-01-01")
    history.service("c", "2019-01-03")
    history.service("c", "2019-01-25")
    history.service("c", "2019-02-10", ownership="state_owned")
    history.service("c", "2019-03-10", ownership="foreign_invested")
    await project(history.events)
    result, status = await figures(projection_engine, as_of="2019-03-31")
    assert states(result, "c")[:3] == ["met", "missed", "missed"]
    [center] = result.centers
    assert center.months[0]["services"] == 2
    assert (result.due, result.met, result.actual, status) == (3, 1, 0.3333, Status.MISSED)


async def test_a_retraction_removes_the_service_from_then_on(projection_engine, history, project):
    history.center("c", "2019-01-01")
    history.service("c", "2019-01-05")
    wrong = history.service("c", "2019-02-05", recorded_at="2019-02-05T10:00:00+00:00")
    history.retraction(wrong, recorded_at="2019-03-10T00:00:00+00:00")
    await project(history.events)
    now, status_now = await figures(projection_engine, as_of="2019-02-28")
    before, status_before = await figures(projection_engine, as_of="2019-02-28", known_at=datetime(2019, 3, 1, tzinfo=timezone.utc))
    assert (now.due, now.met, status_now) == (2, 1, Status.MISSED)
    assert (before.due, before.met, status_before) == (2, 2, Status.ON_TRACK)


async def test_a_record_made_after_known_at_is_not_yet_known(projection_engine, history, project):
    history.center("c", "2019-01-01")
    history.service("c", "2019-01-20", recorded_at="2019-02-03T00:00:00+00:00")  # happened in January, entered in February
    await project(history.events)
    late, _ = await figures(projection_engine, as_of="2019-01-31", known_at=datetime(2019, 2, 1, tzinfo=timezone.utc))
    known, _ = await figures(projection_engine, as_of="2019-01-31")
    assert (late.due, late.met) == (1, 0)
    assert (known.due, known.met) == (1, 1)


async def test_as_of_counts_only_what_happened_by_then(projection_engine, history, project):
    history.center("c", "2019-01-01")
    history.service("c", "2019-01-20")
    history.service("c", "2019-02-20")
    await project(history.events)
    result, status = await figures(projection_engine, as_of="2019-02-15")
    assert (result.due, result.met, result.open_due, result.open_unmet, status) == (1, 1, 1, 1, Status.ON_TRACK)
    result, status = await figures(projection_engine, as_of="2019-02-25")
    assert (result.due, result.met, result.open_due, result.open_unmet, status) == (1, 1, 1, 0, Status.ON_TRACK)


async def test_a_current_month_without_service_near_its_end_is_at_risk(projection_engine, history, project):
    history.center("c", "2019-01-01")
    history.service("c", "2019-01-20")
    await project(history.events)
    _, early = await figures(projection_engine, as_of="2019-02-10")
    _, late = await figures(projection_engine, as_of="2019-02-25")
    assert (early, late) == (Status.ON_TRACK, Status.AT_RISK)


async def test_regions_and_province(projection_engine, history, project):
    history.center("wh", "2019-01-01", region="420100")
    history.center("yc", "2019-01-01", region="420500")
    history.service("wh", "2019-01-02", region="420100")
    await project(history.events)
    province, province_status = await figures(projection_engine, as_of="2019-01-31")
    wuhan, wuhan_status = await figures(projection_engine, as_of="2019-01-31", region="420100")
    yichang, _ = await figures(projection_engine, as_of="2019-01-31", region="420500")
    assert (province.due, province.met, province_status) == (2, 1, Status.MISSED)
    assert (wuhan.due, wuhan.met, wuhan_status) == (1, 1, Status.ON_TRACK)
    assert (yichang.due, yichang.met) == (1, 0)


async def test_nothing_due_before_the_year_or_without_centers(projection_engine, history, project):
    history.center("c", "2019-01-01")
    await project(history.events)
    _, before = await figures(projection_engine, as_of="2018-12-31")
    result, empty = await figures(projection_engine, year=2018, as_of="2018-12-31")
    assert before == Status.NOT_DUE and empty == Status.NOT_DUE and result.actual is None


async def test_a_center_registered_after_known_at_does_not_exist_yet(projection_engine, history, project):
    history.center("c", "2019-01-01", recorded_at="2019-05-01T00:00:00+00:00")
    await project(history.events)
    result, status = await figures(projection_engine, as_of="2019-03-31", known_at=datetime(2019, 4, 1, tzinfo=timezone.utc))
    assert result.centers == [] and status == Status.NOT_DUE


def test_default_as_of_is_the_years_end_for_a_past_year_and_clamped_to_it():
    assert resolve(2019, None, None).as_of == date(2019, 12, 31)
    assert frame(2019, date(2020, 6, 1), None).as_of == date(2019, 12, 31)  # a reader's is refused: test_honest_dates
    naive = resolve(2019, None, datetime(2019, 7, 1, 8, 0))
    assert naive.known_at == datetime(2019, 7, 1, 0, 0, tzinfo=timezone.utc)
