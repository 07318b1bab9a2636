"""IP special commissioners (measure 12): dispatched for a term, concluded once with the outcome, retracted once;
every refusing rule names its field."""

from datetime import date

import pytest

from kernel.domain.enterprise import Enterprise
from kernel.problems import Conflict, DomainRuleViolated, NotFound
from tests.training.helpers import ACME as ACME_BODY
from training.commissioner_dispatches import domain
from training.commissioner_dispatches.domain import (
    DISPATCH,
    Commissioner,
    CommissionerDispatchConcluded,
    CommissionerDispatched,
    CommissionerDispatchRetracted,
)

TODAY = date(2019, 12, 31)
ACME = Enterprise(**ACME_BODY)
ZHANG = Commissioner(commissioner_id="TPY-2019-017", name="张某", specialty="专利代理")


def dispatch(starts_on=date(2019, 6, 1), ends_on=date(2019, 11, 30), service_kind="patent_navigation", state=None):
    return domain.dispatch(state or domain.Dispatch(), dispatch_id="d1", commissioner=ZHANG, enterprise=ACME,
                           service_kind=service_kind, starts_on=starts_on, ends_on=ends_on, today=TODAY)


def dispatched(**kwargs):
    return DISPATCH.fold(dispatch(**kwargs))


def field_of(caught) -> str:
    return caught.value.errors[0]["field"]


def test_a_dispatch_records_the_commissioner_the_enterprise_and_the_service():
    [event] = dispatch(service_kind="gi_poverty_alleviation")
    assert isinstance(event, CommissionerDispatched) and event.event_type == "training.CommissionerDispatched.v1"
    assert event.data() == {
        "dispatch_id": "d1", "commissioner": {"commissioner_id": "TPY-2019-017", "name": "张某", "specialty": "专利代理"},
        "enterprise": ACME_BODY, "region": "420100", "service_kind": "gi_poverty_alleviation",
        "starts_on": "2019-06-01", "ends_on": "2019-11-30",
    }
    state = DISPATCH.fold([event])
    assert state.status == "dispatched" and state.commissioner == ZHANG


def test_a_term_may_run_past_today():
    [event] = dispatch(starts_on=date(2019, 12, 1), ends_on=date(2020, 11, 30))
    assert event.ends_on == date(2020, 11, 30)


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "field"),
    [
        (date(2020, 1, 1), date(2020, 6, 1), "starts_on"),  # not dispatched yet
        (date(2019, 6, 1), date(2019, 5, 31), "ends_on"),
        (date(2019, 6, 1), date(2022, 7, 1), "ends_on"),  # longer than a term
    ],
)
def test_rules_that_refuse_a_dispatch(starts_on, ends_on, field):
    with pytest.raises(DomainRuleViolated) as caught:
        dispatch(starts_on=starts_on, ends_on=ends_on)
    assert field_of(caught) == field


def test_the_same_dispatch_cannot_be_recorded_twice():
    with pytest.raises(Conflict):
        dispatch(state=dispatched())


def test_the_conclusion_repeats_the_dispatch_and_notes_the_outcome():
    [event] = domain.conclude(dispatched(), dispatch_id="d1", concluded_on=None, outcome="提交发明专利申请3件", today=TODAY)
    assert isinstance(event, CommissionerDispatchConcluded)
    assert event.data() == {
        "dispatch_id": "d1", "commissioner": ZHANG.model_dump(), "enterprise": ACME_BODY, "region": "420100",
        "service_kind": "patent_navigation", "starts_on": "2019-06-01", "ends_on": "2019-11-30",
        "concluded_on": "2019-11-30", "outcome": "提交发明专利申请3件",
    }
    state = domain.apply(dispatched(), event)
    assert (state.status, state.outcome) == ("concluded", "提交发明专利申请3件")
    with pytest.raises(Conflict):
        domain.conclude(state, dispatch_id="d1", concluded_on=None, outcome="again", today=TODAY)


def test_a_term_still_running_concludes_today_by_default_or_early_on_a_given_day():
    running = dispatched(starts_on=date(2019, 12, 1), ends_on=date(2020, 11, 30))
    [event] = domain.conclude(running, dispatch_id="d1", concluded_on=None, outcome="企业停产", today=TODAY)
    assert event.concluded_on == TODAY
    [early] = domain.conclude(dispatched(), dispatch_id="d1", concluded_on=date(2019, 9, 15), outcome="提前结束", today=TODAY)
    assert early.concluded_on == date(2019, 9, 15)


@pytest.mark.parametrize(
    ("concluded_on", "field"), [(date(2019, 5, 31), "concluded_on"), (date(2020, 1, 1), "concluded_on")],
)
def test_rules_that_refuse_a_conclusion(concluded_on, field):
    with pytest.raises(DomainRuleViolated) as caught:
        domain.conclude(dispatched(), dispatch_id="d1", concluded_on=concluded_on, outcome="x", today=TODAY)
    assert field_of(caught) == field


def test_retraction_happens_once_and_ends_the_record():
    [event] = domain.retract(dispatched(), dispatch_id="d1", reason="recorded twice", today=TODAY)
    assert isinstance(event, CommissionerDispatchRetracted)
    assert event.data() == {"dispatch_id": "d1", "region": "420100", "reason": "recorded twice", "retracted_on": "2019-12-31"}
    retracted = domain.apply(dispatched(), event)
    assert retracted.status == "retracted"
    with pytest.raises(Conflict):
        domain.retract(retracted, dispatch_id="d1", reason="again", today=TODAY)
    with pytest.raises(Conflict):
        domain.conclude(retracted, dispatch_id="d1", concluded_on=None, outcome="x", today=TODAY)
    concluded = DISPATCH.fold([*dispatch(), *domain.conclude(dispatched(), dispatch_id="d1", concluded_on=None, outcome="x", today=TODAY)])
    assert domain.retract(concluded, dispatch_id="d1", reason="wrong enterprise", today=TODAY)


def test_changes_to_an_unknown_dispatch_are_not_found():
    with pytest.raises(NotFound):
        domain.conclude(domain.Dispatch(), dispatch_id="nope", concluded_on=None, outcome="x", today=TODAY)
    with pytest.raises(NotFound):
        domain.retract(domain.Dispatch(), dispatch_id="nope", reason="x", today=TODAY)
