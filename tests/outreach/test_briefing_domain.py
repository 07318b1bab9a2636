"""Briefings (measure 19): held once, retracted once, with every field T19 needs on the event."""

from datetime import date

import pytest

from kernel.problems import Conflict, DomainRuleViolated, NotFound
from outreach.briefings import domain
from outreach.briefings.domain import Audience, BriefingHeld, BriefingRetracted, BriefingTopic

TODAY = date(2019, 12, 31)


def hold(state=None, **overrides):
    args = dict(briefing_id="b1", occurred_on=date(2019, 4, 18), region="420100", topic=BriefingTopic.PATENT_FEE_REDUCTION,
                audience=Audience.PRIVATE_ENTERPRISES, attendance=80, today=TODAY)
    return domain.hold(state or domain.Briefing(), **{**args, **overrides})


def test_a_briefing_emits_one_event_carrying_date_region_topic_audience_and_attendance():
    [event] = hold(enterprises_attending=50, title="宣讲会", organiser="武汉市知识产权局")
    assert isinstance(event, BriefingHeld)
    assert event.data() == {
        "briefing_id": "b1", "occurred_on": "2019-04-18", "region": "420100", "topic": "patent_fee_reduction",
        "audience": "private_enterprises", "attendance": 80, "enterprises_attending": 50, "title": "宣讲会",
        "organiser": "武汉市知识产权局",
    }
    state = domain.BRIEFING.fold([event])
    assert state.recorded and state.topic is BriefingTopic.PATENT_FEE_REDUCTION and state.retracted_on is None


def test_the_same_briefing_cannot_be_recorded_twice():
    with pytest.raises(Conflict):
        hold(domain.BRIEFING.fold(hold()))


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"occurred_on": date(2020, 1, 1)}, "occurred_on"),
        ({"attendance": 10, "enterprises_attending": 11}, "enterprises_attending"),
    ],
)
def test_rules_that_refuse_a_briefing_name_the_field(overrides, field):
    with pytest.raises(DomainRuleViolated) as caught:
        hold(**overrides)
    assert caught.value.errors[0]["field"] == field


def test_a_briefing_held_today_is_accepted():
    assert hold(occurred_on=TODAY)


def test_retraction_happens_once_and_only_for_a_recorded_briefing():
    state = domain.BRIEFING.fold(hold())
    [event] = domain.retract(state, briefing_id="b1", reason="duplicate", today=TODAY)
    assert event == BriefingRetracted(briefing_id="b1", reason="duplicate", retracted_on=TODAY)
    retracted = domain.apply(state, event)
    assert retracted.retracted_on == TODAY and retracted.retraction_reason == "duplicate"
    with pytest.raises(Conflict):
        domain.retract(retracted, briefing_id="b1", reason="again", today=TODAY)
    with pytest.raises(NotFound):
        domain.retract(domain.Briefing(), briefing_id="nope", reason="x", today=TODAY)
