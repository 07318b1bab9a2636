"""Measure 4: a rights-protection assistance center registers, serves enterprises, and may close."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from kernel.aggregate import AggregateType
from kernel.domain.dates import require_not_future
from kernel.domain.regions import Region
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict, NotFound
from kernel.domain.rules import require_on_or_after


class AssistanceCenterRegistered(DomainEvent, source="enforcement"):
    center_id: str
    name: str
    region: Region
    registered_on: date


class AssistanceCenterClosed(DomainEvent, source="enforcement"):
    center_id: str
    closed_on: date


@dataclass(frozen=True)
class AssistanceCenter:
    center_id: str | None = None
    name: str = ""
    region: str = ""
    registered_on: date | None = None
    closed_on: date | None = None

    @property
    def registered(self) -> bool:
        return self.center_id is not None

    def is_open_on(self, day: date) -> bool:
        assert self.registered_on is not None
        return self.registered_on <= day and (self.closed_on is None or day <= self.closed_on)


def apply(state: AssistanceCenter, event: DomainEvent) -> AssistanceCenter:
    match event:
        case AssistanceCenterRegistered():
            return AssistanceCenter(event.center_id, event.name, event.region, event.registered_on)
        case AssistanceCenterClosed():
            return replace(state, closed_on=event.closed_on)
    return state


ASSISTANCE_CENTER = AggregateType("assistance-center", AssistanceCenter, apply)


def register(state: AssistanceCenter, *, center_id: str, name: str, region: Region, registered_on: date, today: date) -> list[DomainEvent]:
    if state.registered:
        raise Conflict(Bilingual(f"维权援助中心 {center_id!r} 已登记", f"assistance center {center_id!r} is already registered"), field="center_id")
    require_not_future("registered_on", registered_on, on=today)
    return [AssistanceCenterRegistered(center_id=center_id, name=name, region=region, registered_on=registered_on)]


def close(state: AssistanceCenter, *, center_id: str, closed_on: date, today: date) -> list[DomainEvent]:
    if not state.registered:
        raise NotFound("assistance center", center_id)
    if state.closed_on is not None:
        raise Conflict(Bilingual(f"维权援助中心 {center_id!r} 已于 {state.closed_on.isoformat()} 关闭",
                                  f"assistance center {center_id!r} already closed on {state.closed_on.isoformat()}"), field="closed_on")
    require_not_future("closed_on", closed_on, on=today)
    assert state.registered_on is not None
    require_on_or_after("closed_on", closed_on, state.registered_on, ("中心登记之日", "the center registered"), say_value=False)
    return [AssistanceCenterClosed(center_id=center_id, closed_on=closed_on)]
