"""Indicators of every measure on hand-worked cases: flows, registers, medians, retractions and replacements."""

from __future__ import annotations

from datetime import date, datetime, timezone
from uuid import uuid4

from kernel.domain.enterprise import uscc_check_character
from kernel.projection.received import ReceivedEvent
from projection.attainment.period import Period
from projection.indicators.catalogue import FIGURES, FIGURES_BY_MEASURE, MEASURES, SECTIONS
from projection.indicators.report import build_sections

LATER = datetime(2030, 1, 1, tzinfo=timezone.utc)
JAN = "2019-01-05T00:00:00+00:00"


def uscc(n: int) -> str:
    first = f"91420100MA{n:07d}"
    return first + uscc_check_character(first)


def enterprise(n: int, ownership: str = "private", region: str = "420100", name: str | None = None) -> dict:
    return {"uscc": uscc(n), "name": name or f"企业{n}", "ownership": ownership, "region": region}


class Events:
    """Events of any service as they arrive on the wire, with positions and stream versions filled in."""

    def __init__(self) -> None:
        self.events: list[ReceivedEvent] = []
        self.versions: dict[tuple[str, str], int] = {}
        self.positions: dict[str, int] = {}

    def add(self, type_: str, stream: str, data: dict, recorded_at: str = JAN) -> ReceivedEvent:
        source = type_.split(".")[0]
        key = (source, stream)
        self.versions[key] = self.versions.get(key, 0) + 1
        self.positions[source] = self.positions.get(source, 0) + 1
        event = ReceivedEvent(
            source=source, event_id=uuid4(), type=f"{type_}.v1", stream_id=stream, version=self.versions[key],
            position=self.positions[source], recorded_at=datetime.fromisoformat(recorded_at).astimezone(timezone.utc), data=data,
        )
        self.events.append(event)
        return event


async def report(engine, *, year=2019, as_of="2019-12-31", known_at=LATER, region=None, measure=None):
    period = Period(year, date.fromisoformat(as_of), known_at)
    async with engine.connect() as conn:
        sections = await build_sections(conn, period, region, measure)
    return {f.id: f for s in sections for m in s.measures for f in m.figures}


def months(figure) -> list:
    return [m.value for m in figure.months]


def test_every_measure_has_a_figure_and_is_in_one_section():
    numbers = [n for s in SECTIONS for n in s.measures]
    assert sorted(numbers) == list(range(1, 25)) and len(SECTIONS) == 7
    assert all(FIGURES_BY_MEASURE[n] for n in range(1, 25))
    assert all(MEASURES[n].title_zh and MEASURES[n].title_en for n in range(1, 25))
    assert len({f.id for f in FIGURES}) == len(FIGURES)


async def test_infringement_cases_opened_closed_and_fines_by_month_and_region(projection_engine, project):
    h = Events()
    for case, region, opened, holder in [("a", "420100", "2019-01-10", enterprise(1)), ("b", "420100", "2019-02-03", enterprise(2, "state_owned")),
                                         ("c", "420500", "2019-02-20", enterprise(3, region="420500"))]:
        h.add("enforcement.InfringementCaseOpened", f"infringement-case-{case}", {
            "case_id": case, "region": region, "right_holder": holder, "infringer": None, "right_kind": "patent",
            "joint_action": case == "a", "opened_on": opened, "summary": ""})
    h.add("enforcement.InfringementCaseClosed", "infringement-case-a", {
        "case_id": "a", "region": "420100", "right_holder": enterprise(1), "right_kind": "patent", "joint_action": True,
        "opened_on": "2019-01-10", "closed_on": "2019-03-15", "outcome": "penalty", "fine_amount_cny": 50000})
    await project(h.events)

    figures = await report(projection_engine)
    opened = figures["M01.opened"]
    assert (opened.total, months(opened)[:4]) == (3, [1, 2, 0, 0])
    assert (opened.by_region["420100"], opened.by_region["420500"], opened.by_region["421000"]) == (2, 1, 0)
    assert figures["M01.opened_private"].total == 2
    assert (figures["M01.closed"].total, figures["M01.closed"].by_category) == (1, {"penalty": 1})
    assert (figures["M01.fines"].total, months(figures["M01.fines"])[2]) == (50000, 50000)

    wuhan = await report(projection_engine, region="420100", measure=1)
    assert set(wuhan) == {f.id for f in FIGURES_BY_MEASURE[1]}
    assert (wuhan["M01.opened"].total, wuhan["M01.opened"].by_region) == (2, {"420100": 2})

    march = await report(projection_engine, as_of="2019-02-28")
    assert months(march["M01.opened"])[1:4] == [2, None, None]  # months not begun by as_of have no value
    assert march["M01.closed"].total == 0


async def test_fast_track_turnaround_median_and_90th_percentile(projection_engine, project):
    h = Events()
    for n, days in enumerate([2, 4, 6, 8, 10]):
        h.add("enforcement.FastTrackCaseDecided", f"fast-track-{n}", {
            "case_id": str(n), "center": "wuhan_protection_center", "region": "420100", "kind": "pre_examination",
            "enterprise": enterprise(n), "filed_on": "2019-04-01", "decided_on": f"2019-04-{1 + days:02d}", "turnaround_days": days})
    await project(h.events)
    figures = await report(projection_engine, measure=2)
    assert figures["M02.turnaround_median"].total == 6
    assert figures["M02.turnaround_p90"].total == 9.2  # percentile_cont: 8 + 0.6 * (10 - 8)
    assert months(figures["M02.turnaround_median"])[2:4] == [None, 6]  # a month without decisions has no median


async def test_a_retraction_counts_from_when_it_was_recorded(projection_engine, project):
    h = Events()
    for b in ("x", "y"):
        h.add("outreach.BriefingHeld", f"briefing-{b}", {
            "briefing_id": b, "occurred_on": "2019-03-01", "region": "420100", "topic": "patent_fee_reduction",
            "audience": "private_enterprises", "attendance": 40, "enterprises_attending": None, "title": "", "organiser": ""})
    h.add("outreach.BriefingRetracted", "briefing-x", {"briefing_id": "x", "reason": "wrong", "retracted_on": "2019-06-01"},
          recorded_at="2019-06-01T02:00:00+00:00")
    await project(h.events)
    before = await report(projection_engine, measure=19, known_at=datetime(2019, 5, 31, tzinfo=timezone.utc))
    after = await report(projection_engine, measure=19)
    assert (before["M19.briefings"].total, before["M19.attendance"].total) == (2, 80)
    assert (after["M19.briefings"].total, after["M19.attendance"].total) == (1, 40)
    recorded_late = await report(projection_engine, measure=19, known_at=datetime(2019, 1, 1, tzinfo=timezone.utc))
    assert recorded_late["M19.briefings"].total == 0  # happened by as_of, but recorded after known_at


async def test_the_credit_list_is_a_register_counted_at_each_month_end(projection_engine, project):
    h = Events()
    for n, listed in [(1, "2018-12-01"), (2, "2019-02-10")]:
        h.add("enforcement.EntityListed", f"credit-{n}", {"uscc": uscc(n), "name": f"企业{n}", "listing_number": 1,
                                                          "region": "420000", "authority": "省局", "basis": "x", "listed_on": listed})
    h.add("enforcement.EntityDelisted", "credit-1", {"uscc": uscc(1), "name": "企业1", "listing_number": 1, "region": "420000",
                                                     "delisted_on": "2019-04-30", "reason": "repaired"})
    await project(h.events)
    figures = await report(projection_engine, measure=5, as_of="2019-06-15")
    on_list = figures["M05.on_list"]
    assert months(on_list)[:7] == [1, 2, 2, 1, 1, 1, None]
    assert (on_list.total, on_list.by_region["420000"]) == (1, 1)
    assert (figures["M05.listed"].total, figures["M05.delisted"].total) == (1, 1)  # flows count the year only


async def test_a_later_monthly_trademark_figure_replaces_the_earlier_one(projection_engine, project):
    h = Events()
    h.add("outreach.TrademarkWindowOpened", "tm-w", {"window_id": "w", "name": "窗口", "host": "x", "region": "420600", "opened_on": "2018-05-01"})
    h.add("outreach.TrademarkAcceptancesCounted", "tm-w", {"window_id": "w", "region": "420600", "month": "2019-03",
                                                            "applications_accepted": 10, "replaces": None}, recorded_at="2019-04-02T00:00:00+00:00")
    h.add("outreach.TrademarkAcceptancesCounted", "tm-w", {"window_id": "w", "region": "420600", "month": "2019-03",
                                                            "applications_accepted": 12, "replaces": 10}, recorded_at="2019-04-20T00:00:00+00:00")
    await project(h.events)
    first = await report(projection_engine, measure=21, known_at=datetime(2019, 4, 10, tzinfo=timezone.utc))
    last = await report(projection_engine, measure=21)
    assert (first["M21.accepted"].total, last["M21.accepted"].total, months(last["M21.accepted"])[2]) == (10, 12, 12)
    assert last["M21.windows"].total == 1


async def test_mediation_success_rate_leaves_withdrawn_cases_out(projection_engine, project):
    h = Events()
    for n, outcome in enumerate(["agreed", "agreed", "failed", "withdrawn"]):
        h.add("enforcement.MediationCaseClosed", f"mediation-{n}", {
            "case_id": str(n), "region": "420100", "parties": [{"role": "applicant", "enterprise": enterprise(n), "name": None}],
            "received_on": "2019-05-01", "closed_on": "2019-05-20", "outcome": outcome, "sessions": 1})
    await project(h.events)
    figures = await report(projection_engine, measure=17)
    assert figures["M17.success_rate"].total == round(2 / 3, 4)
    assert figures["M17.closed"].total == 4


async def test_a_measure_without_records_reports_zero_with_a_note_until_records_arrive(projection_engine, project):
    figures = await report(projection_engine, measure=12)
    dispatches = figures["M12.dispatches"]
    assert (dispatches.total, dispatches.records_known, set(months(dispatches))) == (0, 0, {0})
    assert dispatches.note is not None and "尚无" in dispatches.note.zh

    h = Events()
    h.add("training.CommissionerDispatched", "dispatch-1", {
        "dispatch_id": "1", "commissioner": {"commissioner_id": "c1", "name": "张", "specialty": "专利"},
        "enterprise": enterprise(5), "region": "420900", "service_kind": "patent_navigation", "starts_on": "2019-07-01", "ends_on": "2019-09-30"})
    await project(h.events)
    figures = await report(projection_engine, measure=12)
    assert (figures["M12.dispatches"].total, figures["M12.dispatches"].note) == (1, None)
    assert figures["M12.dispatches"].by_category == {"patent_navigation": 1}


async def test_a_center_closure_is_placed_in_the_region_of_its_registration(projection_engine, project):
    h = Events()
    h.add("enforcement.AssistanceCenterRegistered", "assistance-center-c", {"center_id": "c", "name": "c", "region": "420300", "registered_on": "2018-06-01"})
    h.add("enforcement.AssistanceCenterRegistered", "assistance-center-d", {"center_id": "d", "name": "d", "region": "420300", "registered_on": "2019-01-01"})
    await project(h.events)
    h2 = Events()
    h2.versions, h2.positions = dict(h.versions), dict(h.positions)
    h2.add("enforcement.AssistanceCenterClosed", "assistance-center-c", {"center_id": "c", "closed_on": "2019-08-31"})
    await project(h2.events)
    figures = await report(projection_engine, measure=4, region="420300")
    assert months(figures["M04.centers"])[6:9] == [2, 1, 1]


async def test_visits_agencies_and_trainings_respect_private_only_and_categories(projection_engine, project):
    h = Events()
    for n, ownership in [(1, "private"), (2, "private"), (3, "state_owned")]:
        h.add("outreach.ExaminerVisitMade", f"visit-{n}", {
            "visit_id": str(n), "occurred_on": "2019-05-05", "region": "420100", "enterprise": enterprise(1 if n == 2 else n, ownership),
            "examiners": 2, "attorneys": 1, "person_times": 3, "examiner_names": None, "attorney_names": None, "organiser": "", "summary": ""})
    for n, ownership in [(1, "private"), (2, "private"), (3, "state_owned")]:
        h.add("outreach.ServiceAgencyRegistered", f"agency-{n}", {
            "agency_id": str(n), "name": f"机构{n}", "uscc": None, "ownership": ownership, "region": "420100",
            "registered_on": "2017-01-01", "in_cluster_zone": n == 1})
    h.add("training.TrainingCompleted", "training-1", {
        "training_id": "1", "title": "t", "region": "420100", "format": "class", "audience": "private_enterprises", "partner": "WIPO",
        "organiser": None, "starts_on": "2019-06-01", "ends_on": "2019-06-02", "completed_on": "2019-06-02", "person_times": 120})
    h.add("training.TrainingCompleted", "training-2", {
        "training_id": "2", "title": "t", "region": "420100", "format": "seminar", "audience": "general", "partner": None,
        "organiser": None, "starts_on": "2019-06-01", "ends_on": "2019-06-02", "completed_on": "2019-06-02", "person_times": 300})
    await project(h.events)
    figures = await report(projection_engine)
    assert (figures["M20.visits"].total, figures["M20.person_times"].total, figures["M20.enterprises"].total) == (2, 6, 1)
    assert figures["M14.agencies"].by_category == {"private": 2, "state_owned": 1}
    assert (figures["M15.in_zone"].total, figures["M15.settled"].total) == (1, 0)  # settled before the year: in the register only
    assert (figures["M22.trainings"].total, figures["M22.person_times"].total) == (1, 120)
