"""Measure 22: a training for private enterprises (or the general public) is planned, then held or cancelled.

A held training counts toward the yearly targets (T22a classes, T22b trainee person-times) by the day it
finished; a retracted record no longer counts. The completion event repeats the training's description, so
that a reader counts from that one event.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from kernel.aggregate import AggregateType
from kernel.domain.dates import require_not_future
from kernel.domain.regions import Region
from kernel.domain.rules import require_on_or_after
from kernel.domain.vocabulary import LabelledEnum
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict, DomainRuleViolated, NotFound

MAX_PERSON_TIMES = 100_000
MAX_LENGTH = timedelta(days=366)  # a course running longer than a year is not one training
PLANNING_HORIZON = timedelta(days=2 * 366)  # the provincial training plan looks at most into the next year


class TrainingFormat(LabelledEnum):
    CLASS = "class", "培训班", "class"
    SEMINAR = "seminar", "研讨会", "seminar"
    SPECIAL_TOPIC = "special_topic", "专题培训", "special topic"
    ONLINE = "online", "线上", "online"


class Audience(LabelledEnum):
    PRIVATE_ENTERPRISES = "private_enterprises", "民营企业", "private enterprises"
    GENERAL = "general", "社会公众", "general public"


class TrainingPlanned(DomainEvent, source="training"):
    training_id: str
    title: str
    region: Region
    format: TrainingFormat
    audience: Audience
    partner: str | None  # null, "WIPO", or a service agency's name
    organiser: str | None
    starts_on: date
    ends_on: date


class TrainingCompleted(DomainEvent, source="training"):
    training_id: str
    title: str
    region: Region
    format: TrainingFormat
    audience: Audience
    partner: str | None
    organiser: str | None
    starts_on: date
    ends_on: date
    completed_on: date  # the last day it was held: the day it counts on
    person_times: int


class TrainingCancelled(DomainEvent, source="training"):
    training_id: str
    cancelled_on: date
    reason: str


class TrainingRetracted(DomainEvent, source="training"):
    training_id: str
    reason: str
    retracted_on: date


@dataclass(frozen=True)
class Training:
    training_id: str | None = None
    title: str = ""
    region: str = ""
    format: str = ""
    audience: str = ""
    partner: str | None = None
    organiser: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    completed_on: date | None = None
    person_times: int | None = None
    cancelled_on: date | None = None
    cancellation_reason: str | None = None
    retracted_on: date | None = None
    retraction_reason: str | None = None

    @property
    def planned(self) -> bool:
        return self.training_id is not None

    @property
    def status(self) -> str:
        if self.retracted_on is not None:
            return "retracted"
        if self.completed_on is not None:
            return "completed"
        if self.cancelled_on is not None:
            return "cancelled"
        return "planned"


def apply(state: Training, event: DomainEvent) -> Training:
    match event:
        case TrainingPlanned():
            return Training(
                event.training_id, event.title, event.region, event.format, event.audience, event.partner,
                event.organiser, event.starts_on, event.ends_on,
            )
        case TrainingCompleted():
            return replace(state, completed_on=event.completed_on, person_times=event.person_times)
        case TrainingCancelled():
            return replace(state, cancelled_on=event.cancelled_on, cancellation_reason=event.reason)
        case TrainingRetracted():
            return replace(state, retracted_on=event.retracted_on, retraction_reason=event.reason)
    return state


TRAINING = AggregateType("training", Training, apply)


def plan(
    state: Training,
    *,
    training_id: str,
    title: str,
    region: Region,
    format: TrainingFormat,
    audience: Audience,
    partner: str | None,
    organiser: str | None,
    starts_on: date,
    ends_on: date,
    today: date,
) -> list[DomainEvent]:
    if state.planned:
        raise Conflict(Bilingual(f"培训 {training_id!r} 已列入计划", f"training {training_id!r} is already planned"), field="training_id")
    require_on_or_after("ends_on", ends_on, starts_on, ("培训开始之日", "the training starts"), say_value=False)
    if ends_on - starts_on > MAX_LENGTH:
        raise DomainRuleViolated("ends_on", Bilingual(f"一次培训最长 {MAX_LENGTH.days} 天", f"a training lasts at most {MAX_LENGTH.days} days"))
    if starts_on > today + PLANNING_HORIZON:
        raise DomainRuleViolated("starts_on", Bilingual(f"距今超过 {PLANNING_HORIZON.days} 天（今天是 {today.isoformat()}）",
                                                       f"is more than {PLANNING_HORIZON.days} days ahead (today is {today.isoformat()})"))
    return [
        TrainingPlanned(
            training_id=training_id, title=title, region=region, format=format, audience=audience, partner=partner,
            organiser=organiser, starts_on=starts_on, ends_on=ends_on,
        )
    ]


def _require_open(state: Training, training_id: str) -> None:
    if not state.planned:
        raise NotFound("training", training_id)
    if state.retracted_on is not None:
        raise Conflict(Bilingual(f"培训 {training_id} 已于 {state.retracted_on.isoformat()} 撤回", f"training {training_id} was retracted on {state.retracted_on.isoformat()}"))


def complete(
    state: Training, *, training_id: str, person_times: int, completed_on: date | None, today: date
) -> list[DomainEvent]:
    _require_open(state, training_id)
    if state.completed_on is not None:
        raise Conflict(Bilingual(f"培训 {training_id} 已于 {state.completed_on.isoformat()} 完成", f"training {training_id} was already completed on {state.completed_on.isoformat()}"))
    if state.cancelled_on is not None:
        raise Conflict(Bilingual(f"培训 {training_id} 已于 {state.cancelled_on.isoformat()} 取消，不能再举办",
                                  f"training {training_id} was cancelled on {state.cancelled_on.isoformat()}; it cannot be held"))
    assert state.starts_on is not None and state.ends_on is not None
    if completed_on is None:  # held as planned, or cut short when its planned end is still ahead
        completed_on = min(state.ends_on, today)
    require_not_future("completed_on", completed_on, on=today)
    require_on_or_after("completed_on", completed_on, state.starts_on, ("培训开始之日", "the training starts"))
    if not 0 < person_times <= MAX_PERSON_TIMES:
        raise DomainRuleViolated("person_times", Bilingual(f"须在 1 到 {MAX_PERSON_TIMES} 之间", f"must be between 1 and {MAX_PERSON_TIMES}"))
    return [
        TrainingCompleted(
            training_id=training_id, title=state.title, region=state.region, format=state.format,
            audience=state.audience, partner=state.partner, organiser=state.organiser, starts_on=state.starts_on,
            ends_on=state.ends_on, completed_on=completed_on, person_times=person_times,
        )
    ]


def cancel(state: Training, *, training_id: str, cancelled_on: date, reason: str, today: date) -> list[DomainEvent]:
    _require_open(state, training_id)
    if state.cancelled_on is not None:
        raise Conflict(Bilingual(f"培训 {training_id} 已于 {state.cancelled_on.isoformat()} 取消", f"training {training_id} was already cancelled on {state.cancelled_on.isoformat()}"))
    if state.completed_on is not None:
        raise Conflict(Bilingual(f"培训 {training_id} 已举办（于 {state.completed_on.isoformat()} 完成），请改为撤回",
                                  f"training {training_id} was held (completed on {state.completed_on.isoformat()}); retract it instead"))
    require_not_future("cancelled_on", cancelled_on, on=today)
    return [TrainingCancelled(training_id=training_id, cancelled_on=cancelled_on, reason=reason)]


def retract(state: Training, *, training_id: str, reason: str, today: date) -> list[DomainEvent]:
    _require_open(state, training_id)
    return [TrainingRetracted(training_id=training_id, reason=reason, retracted_on=today)]
