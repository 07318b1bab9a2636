"""The share targets on hand-worked cases: T09b (private share of pledge projects) and T11 (trend of the
private share among national recognitions against the previous year)."""

from datetime import datetime

import pytest

from projection.attainment.catalogue import CATALOGUE
from tests.projection.oracle_targets import ACME, STATE, XIAMEN, Events
from tests.projection.test_targets_counts import report

OTHER_PRIVATE = ("91420100MA4KPN7X2M", "private")
OTHER_STATE = ("91420100MA4KPN7X2M", "state_owned")


@pytest.fixture
def events() -> Events:
    return Events()


@pytest.fixture
def load(project, events):
    async def apply():
        await project(events.received())

    return apply


async def test_exactly_half_private_projects_does_not_meet_t09b(projection_engine, events, load):
    events.project("2019-03-01", firm=ACME, amount_cny=3_000_000)
    events.project("2019-04-01", firm=STATE, amount_cny=1_000_000)
    await load()
    year_end = (await report(projection_engine))["T09b"]
    assert (year_end.actual, year_end.threshold, year_end.comparator, year_end.status) == (0.5, 0.5, ">", "missed")
    assert year_end.detail == {"projects": 2, "private_projects": 1, "amount_cny": 4_000_000,
                               "private_amount_cny": 3_000_000, "amount_share": 0.75}
    mid_year = (await report(projection_engine, as_of="2019-06-30"))["T09b"]
    assert mid_year.status == "at_risk"  # inside the year a share is on track only while the comparator holds
    march = (await report(projection_engine, as_of="2019-03-31"))["T09b"]
    assert (march.actual, march.status) == (1.0, "on_track")


async def test_just_above_half_meets_t09b_and_the_share_is_decided_exactly(projection_engine, events, load):
    for firm in (ACME, XIAMEN, ACME, XIAMEN, ACME, ACME, ACME, ACME, ACME, ACME, ACME):
        events.project("2019-05-01", firm=firm)
    for _ in range(10):
        events.project("2019-05-02", firm=STATE)
    await load()
    t09b = (await report(projection_engine))["T09b"]
    assert (t09b.detail["projects"], t09b.detail["private_projects"]) == (21, 11)
    assert (t09b.actual, t09b.status) == (0.5238, "met")


async def test_t09b_is_counted_from_the_ownership_in_the_event_and_without_retracted_projects(projection_engine, events, load):
    events.project("2019-02-01", firm=ACME)
    events.project("2019-02-02", firm=OTHER_STATE)
    events.project("2019-02-03", firm=OTHER_PRIVATE)  # the same enterprise, private by now
    wrong = events.project("2019-02-04", firm=STATE, at="2019-02-04T10:00:00+08:00")
    events.retract_project(wrong, at="2019-03-01T10:00:00+08:00")
    await load()
    then = (await report(projection_engine, known_at=datetime.fromisoformat("2019-03-01T09:59:59+08:00")))["T09b"]
    now = (await report(projection_engine))["T09b"]
    assert (then.detail["projects"], then.detail["private_projects"], then.status) == (4, 2, "missed")
    assert (now.detail["projects"], now.detail["private_projects"], now.actual, now.status) == (3, 2, 0.6667, "met")


async def test_t09b_applies_to_a_division_as_it_stands_and_is_not_due_without_projects(projection_engine, events, load):
    events.project("2019-02-01", firm=ACME, region="420100")
    events.project("2019-02-01", firm=STATE, region="420500")
    events.project("2019-02-02", firm=XIAMEN, region="420500")
    await load()
    wuhan = (await report(projection_engine, region="420100"))["T09b"]
    yichang = (await report(projection_engine, region="420500"))["T09b"]
    xiangyang = (await report(projection_engine, region="420600"))["T09b"]
    assert (wuhan.actual, wuhan.threshold, wuhan.status) == (1.0, 0.5, "met")
    assert (yichang.actual, yichang.threshold, yichang.status) == (0.5, 0.5, "missed")
    assert (xiangyang.actual, xiangyang.threshold, xiangyang.status) == (None, 0.5, "not_due")


async def test_t11_without_national_recognitions_the_year_before_compares_with_a_share_of_zero(projection_engine, events, load):
    """The documented decision: no national recognition in the previous year gives a threshold of 0.0, so one
    private national recognition this year raises the share (met) and only non-private ones do not (missed)."""
    assert "threshold is 0.0" in CATALOGUE["T11"].rule
    events.recognition("2018-06-01", firm=ACME, level="provincial_demonstration")  # not national: no baseline
    events.recognition("2019-05-01", firm=STATE)
    await load()
    only_state = (await report(projection_engine))["T11"]
    assert (only_state.actual, only_state.threshold, only_state.status) == (0.0, 0.0, "missed")
    assert only_state.detail["previous_year_enterprises"] == 0 and only_state.detail["previous_year_share"] is None
    events.recognition("2019-06-01", firm=XIAMEN, level="national_demonstration")
    await load()
    with_private = (await report(projection_engine))["T11"]
    assert (with_private.actual, with_private.threshold, with_private.status) == (0.5, 0.0, "met")
    inside = (await report(projection_engine, as_of="2019-05-31"))["T11"]
    assert (inside.actual, inside.status) == (0.0, "at_risk")


async def test_t11_must_be_strictly_higher_than_the_previous_years_share(projection_engine, events, load):
    events.recognition("2018-03-01", firm=ACME)
    events.recognition("2018-12-31", firm=STATE, level="national_demonstration")  # 2018: 1 of 2 private
    events.recognition("2019-02-01", firm=XIAMEN)
    events.recognition("2019-03-01", firm=OTHER_STATE)  # 2019 so far: 1 of 2, not higher
    await load()
    equal = (await report(projection_engine))["T11"]
    assert (equal.actual, equal.threshold, equal.status) == (0.5, 0.5, "missed")
    assert equal.detail["previous_year_share"] == 0.5
    events.recognition("2019-04-01", firm=ACME, level="national_demonstration")
    await load()
    higher = (await report(projection_engine))["T11"]
    assert (higher.actual, higher.status) == (0.6667, "met")
    assert higher.detail["enterprises"] == 3 and higher.detail["private_enterprises"] == 2


async def test_t11_counts_each_enterprise_once_and_only_national_levels(projection_engine, events, load):
    events.recognition("2019-02-01", firm=ACME, level="national_advantage")
    events.recognition("2019-09-01", firm=ACME, level="national_demonstration")
    events.recognition("2019-03-01", firm=STATE, level="provincial_demonstration")
    await load()
    t11 = (await report(projection_engine))["T11"]
    assert t11.detail["recognitions"] == 2 and t11.detail["enterprises"] == 1
    assert (t11.actual, t11.status) == (1.0, "met")


async def test_t11_baseline_is_the_previous_year_as_known_at_known_at(projection_engine, events, load):
    events.recognition("2018-05-01", firm=ACME, at="2018-05-02T10:00:00+08:00")
    late = events.recognition("2018-11-01", firm=STATE, at="2019-02-01T10:00:00+08:00")  # entered late
    events.recognition("2019-01-10", firm=XIAMEN, at="2019-01-10T10:00:00+08:00")
    events.recognition("2019-01-20", firm=OTHER_STATE, at="2019-01-20T10:00:00+08:00")
    events.retract_recognition(late, at="2019-06-01T10:00:00+08:00")
    await load()
    january = (await report(projection_engine, as_of="2019-01-31", known_at=datetime.fromisoformat("2019-01-31T00:00:00+08:00")))["T11"]
    march = (await report(projection_engine, as_of="2019-01-31", known_at=datetime.fromisoformat("2019-03-01T00:00:00+08:00")))["T11"]
    now = (await report(projection_engine, as_of="2019-01-31"))["T11"]
    assert (january.threshold, january.actual, january.status) == (1.0, 0.5, "at_risk")
    assert (march.threshold, march.actual, march.status) == (0.5, 0.5, "at_risk")
    assert (now.threshold, now.status) == (1.0, "at_risk")
    assert now.detail["previous_year_enterprises"] == 1


async def test_t11_is_not_due_without_national_recognitions_this_year_and_has_no_threshold_in_a_division(projection_engine, events, load):
    events.recognition("2018-05-01", firm=ACME, region="420500")
    await load()
    province = (await report(projection_engine))["T11"]
    assert (province.actual, province.threshold, province.status) == (None, 1.0, "not_due")
    events.recognition("2019-05-01", firm=XIAMEN, region="420500")
    await load()
    yichang = (await report(projection_engine, region="420500"))["T11"]
    assert (yichang.actual, yichang.threshold, yichang.status) == (1.0, None, None)
    assert yichang.detail["previous_year_share"] == 1.0
