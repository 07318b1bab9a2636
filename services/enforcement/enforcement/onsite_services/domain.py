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
from kernel.i18n import Bilingual
from kernel.problems import DomainRuleViolated
from kernel.domain.rules import require_distinct, require_on_or_after, require_retractable


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
        raise DomainRuleViolated("center_id", Bilingual(f"没有登记维权援助中心 {center.key!r}", f"no assistance center {center.key!r} is registered"))
    require_not_future("occurred_on", occurred_on, on=today)
    assert state.registered_on is not None
    require_on_or_after("occurred_on", occurred_on, state.registered_on, ("中心登记之日", "the center registered"), say_value=False)
    if not state.is_open_on(occurred_on):
        raise DomainRuleViolated("occurred_on", Bilingual(f"中心已于 {state.closed_on.isoformat()} 关闭", f"the center closed on {state.closed_on.isoformat()}"))
    require_distinct("enterprises", enterprises, key=lambda e: e.uscc, label=lambda e: e.uscc, at=".uscc")
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
    require_retractable(recorded=state.recorded, retracted_on=state.retracted_on, what="on-site service", identifier=service_id)
    return [OnsiteServiceRetracted(service_id=service_id, reason=reason, retracted_on=today)]
