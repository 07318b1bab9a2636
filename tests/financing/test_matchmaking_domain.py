"""Matchmaking events: held once with enterprises and banks attending, retracted once."""

from datetime import date

import pytest

from financing.matchmaking import domain
from financing.matchmaking.domain import MatchmakingEventHeld, MatchmakingEventRetracted
from kernel.domain.enterprise import Enterprise
from kernel.problems import Conflict, DomainRuleViolated, NotFound

TODAY = date(2019, 12, 31)
ACME = Enterprise(uscc="91440101MA5CJQ4N59", name="甲公司", ownership="private", region="420100")
STATE_FIRM = Enterprise(uscc="91110000600037341L", name="乙公司", ownership="state_owned", region="420100")


def hold(state=None, occurred_on=date(2019, 5, 16), enterprises=(ACME, STATE_FIRM), banks=("汉口银行",)):
    return domain.hold(
        state or domain.MatchmakingEvent(), event_id="m1", occurred_on=occurred_on, region="420500", organiser="宜昌市知识产权局",
        enterprises_attending=list(enterprises), banks_attending=list(banks), summary="", today=TODAY,
    )


def test_a_held_event_carries_its_date_region_and_attendance():
    [event] = hold()
    assert isinstance(event, MatchmakingEventHeld)
    data = event.data()
    assert data["occurred_on"] == "2019-05-16" and data["region"] == "420500"
    assert [e["ownership"] for e in data["enterprises_attending"]] == ["private", "state_owned"]
    assert data["banks_attending"] == ["汉口银行"]
    state = domain.MATCHMAKING_EVENT.fold([event])
    assert state.held and state.enterprises_attending == (ACME, STATE_FIRM)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"occurred_on": date(2020, 1, 1)}, "occurred_on"),
        ({"enterprises": ()}, "enterprises_attending"),
        ({"banks": ()}, "banks_attending"),
        ({"enterprises": (ACME, STATE_FIRM, ACME)}, "enterprises_attending.2.uscc"),
        ({"banks": ("汉口银行", "中国银行", "汉口银行")}, "banks_attending.2"),
    ],
)
def test_rules_that_refuse_an_event(kwargs, field):
    with pytest.raises(DomainRuleViolated) as caught:
        hold(**kwargs)
    assert caught.value.errors[0]["field"] == field


def test_an_event_is_recorded_once():
    with pytest.raises(Conflict):
        hold(state=domain.MATCHMAKING_EVENT.fold(hold()))


def test_retraction_happens_once():
    state = domain.MATCHMAKING_EVENT.fold(hold())
    [event] = domain.retract(state, event_id="m1", reason="cancelled", today=TODAY)
    assert event == MatchmakingEventRetracted(event_id="m1", region="420500", reason="cancelled", retracted_on=TODAY)
    retracted = domain.apply(state, event)
    assert retracted.retracted_on == TODAY and retracted.retraction_reason == "cancelled"
    with pytest.raises(Conflict):
        domain.retract(retracted, event_id="m1", reason="again", today=TODAY)
    with pytest.raises(NotFound):
        domain.retract(domain.MatchmakingEvent(), event_id="m9", reason="x", today=TODAY)
