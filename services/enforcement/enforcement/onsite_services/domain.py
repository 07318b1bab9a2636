"""Measure 4: an assistance center's on-site service to enterprises; a wrong record is retracted, not deleted."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from enforcement.assistance_centers.domain import AssistanceCenter
from kernel.aggregate import AggregateType, Loaded
from kernel.domain.dates import require_not_future
from kernel.domain.enterprise import Enterprise
from kernel.domain.regions import Region
from kernel.events import DomainEvent
from kernel.problems import Conflict, DomainRuleViolated, NotFound


class OnsiteServiceRecorded(DomainEvent, source="enforcement"):
    service_id: str
    center_id: str
    region: Region  # the center's region, so that each record can be counted by region on its own
    occurred_on: date
    enterprises: list[Enterprise]
    summary: str


class OnsiteServiceRetracted(DomainEvent, source="enforcement"):
    service_id: str
    reason: str
    retracted_on: date


@dataclass(frozen=True)
class OnsiteService:
    service_id: str | None = None
    center_id: str = ""
    region: str = ""
    occurred_on: date | None = None
    enterprises: tuple[Enterprise, ...] = ()
    summary: str = ""
    retracted_on: date | None = None
    retraction_reason: str | None = None

    @property
    def recorded(self) -> bool:
        return self.service_id is not None


def apply(state: OnsiteService, event: DomainEvent) -> OnsiteService:
    match event:
        case OnsiteServiceRecorded():
            return OnsiteService(
                event.service_id, event.center_id, event.region, event.occurred_on, tuple(event.enterprises), event.summary
            )
        case OnsiteServiceRetracted():
            return replace(state, retracted_on=event.retracted_on, retraction_reason=event.reason)
    return state


ONSITE_SERVICE = AggregateType("onsite-service", OnsiteService, apply)


def record(
    center: Loaded[AssistanceCenter],
    *,
    service_id: str,
    occurred_on: date,
    enterprises: list[Enterprise],
    summary: str,
    today: date,
) -> list[DomainEvent]:
    state = center.state
    if not state.registered:
        raise DomainRuleViolated("center_id", f"no assistance center {center.key!r} is registered")
    require_not_future("occurred_on", occurred_on, on=today)
    assert state.registered_on is not None
    if occurred_on < state.registered_on:
        raise DomainRuleViolated(
            "occurred_on", f"is before the center registered ({state.registered_on.isoformat()})"
        )
    if not state.is_open_on(occurred_on):
        raise DomainRuleViolated("occurred_on", f"the center closed on {state.closed_on.isoformat()}")
    seen: set[str] = set()
    for index, enterprise in enumerate(enterprises):
        if enterprise.uscc in seen:
            raise DomainRuleViolated(f"enterprises.{index}.uscc", f"{enterprise.uscc} is listed twice")
        seen.add(enterprise.uscc)
    return [
        OnsiteServiceRecorded(
            service_id=service_id,
            center_id=state.center_id,
            region=state.region,
            occurred_on=occurred_on,
            enterprises=enterprises,
            summary=summary,
        )
    ]


def retract(state: OnsiteService, *, service_id: str, reason: str, today: date) -> list[DomainEvent]:
    if not state.recorded:
        raise NotFound("on-site service", service_id)
    if state.retracted_on is not None:
        raise Conflict(f"on-site service {service_id} was already retracted on {state.retracted_on.isoformat()}")
    return [OnsiteServiceRetracted(service_id=service_id, reason=reason, retracted_on=today)]
