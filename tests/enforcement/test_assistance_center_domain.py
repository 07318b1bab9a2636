"""Assistance centers: register and close, with the rules that refuse a command."""

from datetime import date

import pytest

from enforcement.assistance_centers import domain
from enforcement.assistance_centers.domain import AssistanceCenterClosed, AssistanceCenterRegistered
from kernel.problems import Conflict, DomainRuleViolated, NotFound

TODAY = date(2019, 12, 31)


def registered(on=date(2019, 1, 1)):
    return domain.ASSISTANCE_CENTER.fold(
        [AssistanceCenterRegistered(center_id="c1", name="中心", region="420100", registered_on=on)]
    )


def test_register_emits_one_event_and_apply_rebuilds_the_state():
    events = domain.register(domain.AssistanceCenter(), center_id="c1", name="中心", region="420100", registered_on=date(2019, 3, 1), today=TODAY)
    assert [type(e) for e in events] == [AssistanceCenterRegistered]
    state = domain.ASSISTANCE_CENTER.fold(events)
    assert state.registered and state.registered_on == date(2019, 3, 1) and state.closed_on is None
    assert state.is_open_on(date(2019, 3, 1)) and not state.is_open_on(date(2019, 2, 28))


def test_a_center_cannot_register_twice():
    with pytest.raises(Conflict):
        domain.register(registered(), center_id="c1", name="x", region="420100", registered_on=date(2019, 1, 1), today=TODAY)


def test_registration_in_the_future_is_refused_naming_the_field():
    with pytest.raises(DomainRuleViolated) as caught:
        domain.register(domain.AssistanceCenter(), center_id="c1", name="x", region="420100", registered_on=date(2020, 1, 1), today=TODAY)
    assert caught.value.errors[0]["field"] == "registered_on"


def test_close_then_the_center_is_open_only_up_to_that_day():
    events = domain.close(registered(), center_id="c1", closed_on=date(2019, 6, 15), today=TODAY)
    assert events == [AssistanceCenterClosed(center_id="c1", closed_on=date(2019, 6, 15))]
    state = domain.apply(registered(), events[0])
    assert state.is_open_on(date(2019, 6, 15)) and not state.is_open_on(date(2019, 6, 16))


def test_closing_rules():
    with pytest.raises(NotFound):
        domain.close(domain.AssistanceCenter(), center_id="c9", closed_on=date(2019, 6, 1), today=TODAY)
    with pytest.raises(DomainRuleViolated) as caught:
        domain.close(registered(on=date(2019, 5, 1)), center_id="c1", closed_on=date(2019, 4, 30), today=TODAY)
    assert caught.value.errors[0]["field"] == "closed_on"
    closed = domain.apply(registered(), AssistanceCenterClosed(center_id="c1", closed_on=date(2019, 6, 1)))
    with pytest.raises(Conflict):
        domain.close(closed, center_id="c1", closed_on=date(2019, 7, 1), today=TODAY)
    with pytest.raises(DomainRuleViolated):
        domain.close(registered(), center_id="c1", closed_on=date(2020, 1, 1), today=TODAY)
