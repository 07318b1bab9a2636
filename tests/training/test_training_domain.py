"""Trainings: planned, then held or cancelled, retracted once; every refusing rule names its field."""

from datetime import date

import pytest

from kernel.problems import Conflict, DomainRuleViolated, NotFound
from training.trainings import domain
from training.trainings.domain import (
    TRAINING,
    TrainingCancelled,
    TrainingCompleted,
    TrainingPlanned,
    TrainingRetracted,
)

TODAY = date(2019, 12, 31)


def plan(starts_on=date(2019, 5, 13), ends_on=date(2019, 5, 15), today=TODAY, state=None):
    return domain.plan(
        state or domain.Training(), training_id="t1", title="培训班", region="420100", format="class",
        audience="private_enterprises", partner="WIPO", organiser=None, starts_on=starts_on, ends_on=ends_on, today=today,
    )


def planned(**kwargs):
    return TRAINING.fold(plan(**kwargs))


def field_of(caught) -> str:
    return caught.value.errors[0]["field"]


def test_planning_records_everything_a_count_needs():
    [event] = plan()
    assert isinstance(event, TrainingPlanned)
    assert event.data() == {
        "training_id": "t1", "title": "培训班", "region": "420100", "format": "class", "audience": "private_enterprises",
        "partner": "WIPO", "organiser": None, "starts_on": "2019-05-13", "ends_on": "2019-05-15",
    }
    assert event.event_type == "training.TrainingPlanned.v1"


def test_a_training_may_be_planned_ahead():
    assert plan(starts_on=date(2020, 3, 1), ends_on=date(2020, 3, 2))


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "field"),
    [
        (date(2019, 5, 15), date(2019, 5, 13), "ends_on"),
        (date(2019, 1, 1), date(2020, 6, 1), "ends_on"),
        (date(2022, 6, 1), date(2022, 6, 2), "starts_on"),
    ],
)
def test_rules_that_refuse_a_plan(starts_on, ends_on, field):
    with pytest.raises(DomainRuleViolated) as caught:
        plan(starts_on=starts_on, ends_on=ends_on)
    assert field_of(caught) == field


def test_the_same_training_cannot_be_planned_twice():
    with pytest.raises(Conflict):
        plan(state=planned())


def test_completion_carries_the_training_and_counts_on_its_last_day():
    [event] = domain.complete(planned(), training_id="t1", person_times=120, completed_on=None, today=TODAY)
    assert isinstance(event, TrainingCompleted)
    assert event.completed_on == date(2019, 5, 15) and event.person_times == 120
    assert (event.format, event.audience, event.partner, event.region) == ("class", "private_enterprises", "WIPO", "420100")
    assert (event.starts_on, event.ends_on) == (date(2019, 5, 13), date(2019, 5, 15))
    state = domain.apply(planned(), event)
    assert state.status == "completed" and state.person_times == 120


def test_a_training_cut_short_completes_today_by_default():
    state = planned(starts_on=date(2019, 12, 30), ends_on=date(2020, 1, 3))
    [event] = domain.complete(state, training_id="t1", person_times=10, completed_on=None, today=TODAY)
    assert event.completed_on == TODAY


@pytest.mark.parametrize(
    ("person_times", "completed_on", "today", "field"),
    [
        (0, None, TODAY, "person_times"),
        (100_001, None, TODAY, "person_times"),
        (10, None, date(2019, 5, 12), "completed_on"),  # it has not started yet
        (10, date(2019, 5, 12), TODAY, "completed_on"),  # before it started
        (10, date(2020, 1, 1), TODAY, "completed_on"),  # in the future
    ],
)
def test_rules_that_refuse_a_completion(person_times, completed_on, today, field):
    with pytest.raises(DomainRuleViolated) as caught:
        domain.complete(planned(), training_id="t1", person_times=person_times, completed_on=completed_on, today=today)
    assert field_of(caught) == field


def test_a_training_completes_once_and_not_after_cancellation():
    done = TRAINING.fold([*plan(), *domain.complete(planned(), training_id="t1", person_times=5, completed_on=None, today=TODAY)])
    with pytest.raises(Conflict):
        domain.complete(done, training_id="t1", person_times=5, completed_on=None, today=TODAY)
    with pytest.raises(Conflict):
        domain.cancel(done, training_id="t1", cancelled_on=TODAY, reason="x", today=TODAY)
    [cancelled_event] = domain.cancel(planned(), training_id="t1", cancelled_on=date(2019, 5, 1), reason="场地", today=TODAY)
    assert isinstance(cancelled_event, TrainingCancelled)
    cancelled = domain.apply(planned(), cancelled_event)
    assert cancelled.status == "cancelled"
    with pytest.raises(Conflict):
        domain.complete(cancelled, training_id="t1", person_times=5, completed_on=None, today=TODAY)
    with pytest.raises(Conflict):
        domain.cancel(cancelled, training_id="t1", cancelled_on=TODAY, reason="again", today=TODAY)


def test_a_cancellation_cannot_be_dated_in_the_future():
    with pytest.raises(DomainRuleViolated) as caught:
        domain.cancel(planned(), training_id="t1", cancelled_on=date(2020, 1, 1), reason="x", today=TODAY)
    assert field_of(caught) == "cancelled_on"


def test_retraction_happens_once_and_ends_the_record():
    [event] = domain.retract(planned(), training_id="t1", reason="duplicate", today=TODAY)
    assert isinstance(event, TrainingRetracted) and event.data() == {"training_id": "t1", "reason": "duplicate", "retracted_on": "2019-12-31"}
    retracted = domain.apply(planned(), event)
    assert retracted.status == "retracted"
    for decide, arguments in [
        (domain.retract, {"reason": "again"}),
        (domain.complete, {"person_times": 5, "completed_on": None}),
        (domain.cancel, {"cancelled_on": TODAY, "reason": "x"}),
    ]:
        with pytest.raises(Conflict):
            decide(retracted, training_id="t1", **arguments, today=TODAY)


def test_changes_to_an_unknown_training_are_not_found():
    with pytest.raises(NotFound):
        domain.complete(domain.Training(), training_id="nope", person_times=5, completed_on=None, today=TODAY)
    with pytest.raises(NotFound):
        domain.retract(domain.Training(), training_id="nope", reason="x", today=TODAY)
