"""Measure 18: patent information service stations, set up by agencies, document outlets and innovation bases."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from kernel.aggregate import AggregateType
from kernel.domain.dates import require_not_future
from kernel.domain.regions import Region
from kernel.domain.rules import require_on_or_after
from kernel.domain.vocabulary import LabelledEnum
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict, NotFound


class HostKind(LabelledEnum):
    SERVICE_AGENCY = "service_agency", "知识产权服务机构", "service agency"
    PATENT_DOCUMENT_OUTLET = "patent_document_outlet", "专利文献服务网点", "patent document outlet"
    INNOVATION_BASE = "innovation_base", "知识产权双创服务基地", "innovation base"
    UNIVERSITY = "university", "高校", "university"
    OTHER = "other", "其他", "other"


class InformationStationOpened(DomainEvent, source="outreach"):
    station_id: str
    name: str
    host_institution: str
    host_kind: HostKind
    region: Region
    opened_on: date


class InformationStationClosed(DomainEvent, source="outreach"):
    station_id: str
    region: Region
    closed_on: date


@dataclass(frozen=True)
class InformationStation:
    station_id: str | None = None
    name: str = ""
    host_institution: str = ""
    host_kind: HostKind | None = None
    region: str = ""
    opened_on: date | None = None
    closed_on: date | None = None

    @property
    def opened(self) -> bool:
        return self.station_id is not None

    def is_open_on(self, day: date) -> bool:
        assert self.opened_on is not None
        return self.opened_on <= day and (self.closed_on is None or day <= self.closed_on)


def apply(state: InformationStation, event: DomainEvent) -> InformationStation:
    match event:
        case InformationStationOpened():
            return InformationStation(event.station_id, event.name, event.host_institution, event.host_kind, event.region, event.opened_on)
        case InformationStationClosed():
            return replace(state, closed_on=event.closed_on)
    return state


INFORMATION_STATION = AggregateType("information-station", InformationStation, apply)


def open_station(
    state: InformationStation, *, station_id: str, name: str, host_institution: str, host_kind: HostKind, region: Region,
    opened_on: date, today: date,
) -> list[DomainEvent]:
    if state.opened:
        raise Conflict(Bilingual(f"信息服务站 {station_id!r} 已登记", f"information station {station_id!r} is already registered"), field="station_id")
    require_not_future("opened_on", opened_on, on=today)
    return [InformationStationOpened(station_id=station_id, name=name, host_institution=host_institution,
                                     host_kind=host_kind, region=region, opened_on=opened_on)]


def close_station(state: InformationStation, *, station_id: str, closed_on: date, today: date) -> list[DomainEvent]:
    if not state.opened:
        raise NotFound("information station", station_id)
    if state.closed_on is not None:
        raise Conflict(Bilingual(f"信息服务站 {station_id!r} 已于 {state.closed_on.isoformat()} 关闭",
                                  f"information station {station_id!r} already closed on {state.closed_on.isoformat()}"), field="closed_on")
    require_not_future("closed_on", closed_on, on=today)
    require_on_or_after("closed_on", closed_on, state.opened_on, ("服务站开设之日", "the station opened"), say_value=False)
    return [InformationStationClosed(station_id=station_id, region=state.region, closed_on=closed_on)]
