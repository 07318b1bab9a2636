"""Measures 14 and 15: IP service agencies, alike for every ownership type, and the East Lake cluster zone.

Measure 14 asks for equal market access and supervision for state and private agencies: every command and
every check below is the same whatever the agency's ownership; the ownership is only recorded (on every event,
so that supervision can be compared by ownership from the events alone).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from kernel.aggregate import AggregateType
from kernel.domain.dates import require_not_future
from kernel.domain.enterprise import Ownership
from kernel.domain.regions import Region
from kernel.domain.rules import require_on_or_after
from kernel.domain.vocabulary import LabelledEnum
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict, NotFound


class SupervisionKind(LabelledEnum):
    INSPECTION = "inspection", "检查", "inspection"
    SPOT_CHECK = "spot_check", "抽查", "spot check"
    COMPLAINT_INVESTIGATION = "complaint_investigation", "投诉调查", "complaint investigation"
    CREDIT_EVALUATION = "credit_evaluation", "信用评价", "credit evaluation"
    OTHER = "other", "其他", "other"


class SupervisionFinding(LabelledEnum):
    COMPLIANT = "compliant", "合规", "compliant"
    RECTIFICATION_ORDERED = "rectification_ordered", "责令整改", "rectification ordered"
    PENALISED = "penalised", "处罚", "penalised"
    OTHER = "other", "其他", "other"


class ServiceAgencyRegistered(DomainEvent, source="outreach"):
    agency_id: str
    name: str
    uscc: str | None
    ownership: Ownership
    region: Region
    registered_on: date
    in_cluster_zone: bool  # in the East Lake national IP service industry cluster zone from the start


class ServiceAgencySettledInClusterZone(DomainEvent, source="outreach"):
    agency_id: str
    ownership: Ownership
    region: Region
    settled_on: date


class ServiceAgencyLeftClusterZone(DomainEvent, source="outreach"):
    agency_id: str
    ownership: Ownership
    region: Region
    left_on: date


class ServiceAgencySupervised(DomainEvent, source="outreach"):
    agency_id: str
    action_id: str
    ownership: Ownership
    region: Region
    acted_on: date
    kind: SupervisionKind
    finding: SupervisionFinding
    summary: str


@dataclass(frozen=True)
class ServiceAgency:
    agency_id: str | None = None
    name: str = ""
    uscc: str | None = None
    ownership: Ownership | None = None
    region: str = ""
    registered_on: date | None = None
    in_cluster_zone: bool = False
    zone_changed_on: date | None = None  # the last day the agency settled into or left the zone (or registered)
    supervision_actions: int = 0

    @property
    def registered(self) -> bool:
        return self.agency_id is not None


def apply(state: ServiceAgency, event: DomainEvent) -> ServiceAgency:
    match event:
        case ServiceAgencyRegistered():
            return ServiceAgency(event.agency_id, event.name, event.uscc, event.ownership, event.region,
                                 event.registered_on, event.in_cluster_zone, event.registered_on)
        case ServiceAgencySettledInClusterZone():
            return replace(state, in_cluster_zone=True, zone_changed_on=event.settled_on)
        case ServiceAgencyLeftClusterZone():
            return replace(state, in_cluster_zone=False, zone_changed_on=event.left_on)
        case ServiceAgencySupervised():
            return replace(state, supervision_actions=state.supervision_actions + 1)
    return state


SERVICE_AGENCY = AggregateType("service-agency", ServiceAgency, apply)


def register(
    state: ServiceAgency, *, agency_id: str, name: str, uscc: str | None, ownership: Ownership, region: Region,
    registered_on: date, in_cluster_zone: bool, today: date,
) -> list[DomainEvent]:
    if state.registered:
        raise Conflict(Bilingual(f"服务机构 {agency_id!r} 已登记", f"service agency {agency_id!r} is already registered"), field="agency_id")
    require_not_future("registered_on", registered_on, on=today)
    return [ServiceAgencyRegistered(agency_id=agency_id, name=name, uscc=uscc, ownership=ownership, region=region,
                                    registered_on=registered_on, in_cluster_zone=in_cluster_zone)]


def _registered(state: ServiceAgency, agency_id: str) -> None:
    if not state.registered:
        raise NotFound("service agency", agency_id)


def settle_in_zone(state: ServiceAgency, *, agency_id: str, settled_on: date, today: date) -> list[DomainEvent]:
    _registered(state, agency_id)
    if state.in_cluster_zone:
        raise Conflict(Bilingual(f"服务机构 {agency_id!r} 已在集聚区内", f"service agency {agency_id!r} is already in the cluster zone"), field="settled_on")
    require_not_future("settled_on", settled_on, on=today)
    require_on_or_after("settled_on", settled_on, state.zone_changed_on,
                        ("该机构登记或上次迁出集聚区之日", "the agency's registration or last departure from the zone"), say_value=False)
    return [ServiceAgencySettledInClusterZone(agency_id=agency_id, ownership=state.ownership, region=state.region, settled_on=settled_on)]


def leave_zone(state: ServiceAgency, *, agency_id: str, left_on: date, today: date) -> list[DomainEvent]:
    _registered(state, agency_id)
    if not state.in_cluster_zone:
        raise Conflict(Bilingual(f"服务机构 {agency_id!r} 不在集聚区内", f"service agency {agency_id!r} is not in the cluster zone"), field="left_on")
    require_not_future("left_on", left_on, on=today)
    require_on_or_after("left_on", left_on, state.zone_changed_on, ("该机构入驻集聚区之日", "the agency settled in the zone"), say_value=False)
    return [ServiceAgencyLeftClusterZone(agency_id=agency_id, ownership=state.ownership, region=state.region, left_on=left_on)]


def supervise(
    state: ServiceAgency, *, agency_id: str, action_id: str, acted_on: date, kind: SupervisionKind,
    finding: SupervisionFinding, summary: str = "", today: date,
) -> list[DomainEvent]:
    _registered(state, agency_id)
    require_not_future("acted_on", acted_on, on=today)
    require_on_or_after("acted_on", acted_on, state.registered_on, ("机构登记之日", "the agency registered"), say_value=False)
    return [ServiceAgencySupervised(agency_id=agency_id, action_id=action_id, ownership=state.ownership, region=state.region,
                                    acted_on=acted_on, kind=kind, finding=finding, summary=summary)]
