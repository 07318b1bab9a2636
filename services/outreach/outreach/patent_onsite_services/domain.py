"""Measure 19: patent services taken to the enterprise (priority examination, pledge registration, licence
contract recordation); a wrong record is retracted, not deleted."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from kernel.aggregate import AggregateType
from kernel.domain.dates import require_not_future
from kernel.domain.enterprise import Enterprise
from kernel.domain.regions import Region
from kernel.domain.rules import require_retractable
from kernel.domain.vocabulary import LabelledEnum
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict


class OnsiteServiceKind(LabelledEnum):
    PRIORITY_EXAMINATION = "priority_examination", "专利优先审查", "priority examination"
    PLEDGE_REGISTRATION = "pledge_registration", "专利权质押登记", "pledge registration"
    LICENCE_RECORDATION = "licence_recordation", "实施许可合同备案", "licence recordation"


class PatentOnsiteServiceProvided(DomainEvent, source="outreach"):
    service_id: str
    occurred_on: date
    region: Region  # the enterprise's region, where the service was provided
    enterprise: Enterprise
    kind: OnsiteServiceKind
    summary: str


class PatentOnsiteServiceRetracted(DomainEvent, source="outreach"):
    service_id: str
    reason: str
    retracted_on: date


@dataclass(frozen=True)
class PatentOnsiteService:
    service_id: str | None = None
    occurred_on: date | None = None
    region: str = ""
    enterprise: Enterprise | None = None
    kind: OnsiteServiceKind | None = None
    summary: str = ""
    retracted_on: date | None = None
    retraction_reason: str | None = None

    @property
    def recorded(self) -> bool:
        return self.service_id is not None


def apply(state: PatentOnsiteService, event: DomainEvent) -> PatentOnsiteService:
    match event:
        case PatentOnsiteServiceProvided():
            return PatentOnsiteService(event.service_id, event.occurred_on, event.region, event.enterprise, event.kind, event.summary)
        case PatentOnsiteServiceRetracted():
            return replace(state, retracted_on=event.retracted_on, retraction_reason=event.reason)
    return state


PATENT_ONSITE_SERVICE = AggregateType("patent-onsite-service", PatentOnsiteService, apply)


def provide(
    state: PatentOnsiteService, *, service_id: str, occurred_on: date, enterprise: Enterprise, kind: OnsiteServiceKind,
    summary: str = "", today: date,
) -> list[DomainEvent]:
    if state.recorded:
        raise Conflict(Bilingual(f"上门服务 {service_id} 已记录", f"on-site service {service_id} is already recorded"), field="service_id")
    require_not_future("occurred_on", occurred_on, on=today)
    return [PatentOnsiteServiceProvided(
        service_id=service_id, occurred_on=occurred_on, region=enterprise.region, enterprise=enterprise, kind=kind, summary=summary,
    )]


def retract(state: PatentOnsiteService, *, service_id: str, reason: str, today: date) -> list[DomainEvent]:
    require_retractable(recorded=state.recorded, retracted_on=state.retracted_on, what="on-site service", identifier=service_id)
    return [PatentOnsiteServiceRetracted(service_id=service_id, reason=reason, retracted_on=today)]
