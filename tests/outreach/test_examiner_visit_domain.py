"""Examiner visits (measure 20): at least one person, names matching the numbers, retracted once."""

from datetime import date

import pytest

from kernel.domain.enterprise import Enterprise
from kernel.problems import Conflict, DomainRuleViolated, NotFound
from outreach.examiner_visits import domain
from outreach.examiner_visits.domain import ExaminerVisitMade, ExaminerVisitRetracted

TODAY = date(2019, 12, 31)
ACME = Enterprise(uscc="91440101MA5CJQ4N59", name="甲公司", ownership="private", region="420500")
STATE_FIRM = Enterprise(uscc="91110000600037341L", name="乙公司", ownership="state_owned", region="420100")


def make(state=None, **overrides):
    args = dict(visit_id="v1", occurred_on=date(2019, 5, 21), enterprise=ACME, examiners=2, attorneys=1, today=TODAY)
    return domain.make(state or domain.ExaminerVisit(), **{**args, **overrides})


def test_a_visit_carries_the_enterprise_its_region_and_the_person_times():
    [event] = make(examiner_names=["张三", "李四"], attorney_names=["王五"])
    assert isinstance(event, ExaminerVisitMade)
    data = event.data()
    assert data["region"] == "420500" and data["enterprise"]["ownership"] == "private"
    assert (data["examiners"], data["attorneys"], data["person_times"]) == (2, 1, 3)
    assert data["examiner_names"] == ["张三", "李四"] and data["attorney_names"] == ["王五"]
    state = domain.EXAMINER_VISIT.fold([event])
    assert state.recorded and state.person_times == 3 and state.examiner_names == ("张三", "李四")


def test_names_are_optional_and_visits_to_any_ownership_are_recorded():
    [event] = make(enterprise=STATE_FIRM, examiners=0, attorneys=4)
    assert event.examiner_names is None and event.person_times == 4 and event.enterprise == STATE_FIRM


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"examiners": 0, "attorneys": 0}, "examiners"),
        ({"examiners": -1}, "examiners"),
        ({"attorneys": -2}, "attorneys"),
        ({"occurred_on": date(2020, 1, 1)}, "occurred_on"),
        ({"examiner_names": ["张三"]}, "examiner_names"),  # two examiners, one named
        ({"attorney_names": ["王五", "赵六"]}, "attorney_names"),  # one attorney, two named
        ({"examiner_names": ["张三", "张三"]}, "examiner_names.1"),  # one person counted twice
        ({"examiners": 0, "attorneys": 1, "examiner_names": ["张三"]}, "examiner_names"),
        ({"examiners": 1, "examiner_names": ["张三"], "attorney_names": ["张三"]}, "attorney_names.0"),  # one person, two roles
    ],
)
def test_rules_that_refuse_a_visit_name_the_field(overrides, field):
    with pytest.raises(DomainRuleViolated) as caught:
        make(**overrides)
    assert caught.value.errors[0]["field"] == field


def test_an_empty_name_list_matches_zero_people():
    [event] = make(examiners=0, attorneys=1, examiner_names=[], attorney_names=["王五"])
    assert event.person_times == 1


def test_the_same_visit_cannot_be_recorded_twice():
    with pytest.raises(Conflict):
        make(domain.EXAMINER_VISIT.fold(make()))


def test_retraction_happens_once():
    state = domain.EXAMINER_VISIT.fold(make())
    [event] = domain.retract(state, visit_id="v1", reason="wrong enterprise", today=TODAY)
    assert event == ExaminerVisitRetracted(visit_id="v1", reason="wrong enterprise", retracted_on=TODAY)
    retracted = domain.apply(state, event)
    with pytest.raises(Conflict):
        domain.retract(retracted, visit_id="v1", reason="again", today=TODAY)
    with pytest.raises(NotFound):
        domain.retract(domain.ExaminerVisit(), visit_id="v9", reason="x", today=TODAY)
