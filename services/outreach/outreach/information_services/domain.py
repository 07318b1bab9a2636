"""Measure 18: patent information services (search, analysis, training) a station delivers to an enterprise."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from kernel.aggregate import AggregateType, Loaded
from kernel.domain.dates import require_not_future
from kernel.domain.enterprise import Enterprise
from kernel.domain.regions import Region
from kernel.domain.rules import require_on_or_after, require_retractable
from kernel.domain.vocabulary import LabelledEnum
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict, DomainRuleViolated
from outreach.information_stations.domain import InformationStation


class InformationServiceKind(LabelledEnum):
    SEARCH = "search", "检索", "search"
    ANALYSIS = "analysis", "分析", "analysis"
    TRAINING = "training", "培训", "training"


class InformationServiceDelivered(DomainEvent, source="outreach"):
    service_id: str
    station_id: str
    region: Region  # the station's region
    enterprise: Enterprise
    kind: InformationServiceKind
    delivered_on: date
    free_of_charge: bool
    summary: str


class InformationServiceRetracted(DomainEvent, source="outreach"):
    service_id: str
    reason: str
    retracted_on: date


@dataclass(frozen=True)
class InformationService:
    service_id: str | None = None
    station_id: str = ""
    region: str = ""
    enterprise: Enterprise | None = None
    kind: InformationServiceKind | None = None
    delivered_on: date | None = None
    free_of_charge: bool = True
    summary: str = ""
    retracted_on: date | None = None
    retraction_reason: str | None = None

    @property
    def recorded(self) -> bool:
        return self.service_id is not None


def apply(state: InformationService, event: DomainEvent) -> InformationService:
    match event:
        case InformationServiceDelivered():
            return InformationService(event.service_id, event.station_id, event.region, event.enterprise, event.kind,
                                      event.delivered_on, event.free_of_charge, event.summary)
        case InformationServiceRetracted():
            return replace(state, retracted_on=event.retracted_on, retraction_reason=event.reason)
    return state


INFORMATION_SERVICE = AggregateType("information-service", InformationService, apply)


def deliver(
    state: InformationService, station: Loaded[InformationStation], *, service_id: str, enterprise: Enterprise,
    kind: InformationServiceKind, delivered_on: date, free_of_charge: bool = True, summary: str = "", today: date,
) -> list[DomainEvent]:
    if state.recorded:
        raise Conflict(Bilingual(f"信息服务 {service_id} 已记录", f"information service {service_id} is already recorded"), field="service_id")
    s = station.state
    if not s.opened:
        raise DomainRuleViolated("station_id", Bilingual(f"没有登记信息服务站 {station.key!r}", f"no information station {station.key!r} is registered"))
    require_not_future("delivered_on", delivered_on, on=today)
    if not s.is_open_on(delivered_on):
        assert s.opened_on is not None
        require_on_or_after("delivered_on", delivered_on, s.opened_on, ("服务站开设之日", "the station opened"), say_value=False)
        raise DomainRuleViolated("delivered_on", Bilingual(f"服务站已于 {s.closed_on.isoformat()} 关闭", f"the station closed on {s.closed_on.isoformat()}"))
    return [InformationServiceDelivered(
        service_id=service_id, station_id=station.key, region=s.region, enterprise=enterprise, kind=kind,
        delivered_on=delivered_on, free_of_charge=free_of_charge, summary=summary,
    )]


def retract(state: InformationService, *, service_id: str, reason: str, today: date) -> list[DomainEvent]:
    require_retractable(recorded=state.recorded, retracted_on=state.retracted_on, what="information service", identifier=service_id)
    return [InformationServiceRetracted(service_id=service_id, reason=reason, retracted_on=today)]
