"""Measure 2: fast-track cases at the two Wuhan protection centers; the turnaround is derived, never typed in."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from kernel.domain.rules import require_on_or_after
from kernel.aggregate import AggregateType
from kernel.domain.dates import require_not_future
from kernel.domain.enterprise import Enterprise
from kernel.domain.regions import Region
from kernel.domain.vocabulary import LabelledEnum
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict, NotFound


class ProtectionCenter(LabelledEnum):
    """China (Wuhan) IP Protection Center; China Wuhan (Automotive and Parts) IP Rapid Rights-Protection Center."""

    WUHAN_PROTECTION_CENTER = "wuhan-protection-center", "中国（武汉）知识产权保护中心", "Wuhan IP protection center"
    WUHAN_AUTO_RAPID_CENTER = ("wuhan-auto-rapid-center", "中国武汉（汽车及零部件产业）知识产权快速维权中心",
                               "Wuhan automotive rapid rights-protection center")


CENTER_REGION = "420100"  # both centers are in Wuhan


class FastTrackKind(LabelledEnum):
    PRE_EXAMINATION = "pre_examination", "预审", "pre-examination"
    RAPID_RIGHTS_PROTECTION = "rapid_rights_protection", "快速维权", "rapid rights protection"
    RAPID_DETERMINATION = "rapid_determination", "快速确权", "rapid determination"


class FastTrackCaseFiled(DomainEvent, source="enforcement"):
    case_id: str
    center: ProtectionCenter
    region: Region
    kind: FastTrackKind
    enterprise: Enterprise
    reference: str
    filed_on: date


class FastTrackCaseDecided(DomainEvent, source="enforcement"):
    case_id: str
    center: ProtectionCenter
    region: Region
    kind: FastTrackKind
    enterprise: Enterprise
    filed_on: date
    decided_on: date
    turnaround_days: int


@dataclass(frozen=True)
class FastTrackCase:
    case_id: str | None = None
    center: str = ""
    region: str = ""
    kind: str = ""
    enterprise: Enterprise | None = None
    reference: str = ""
    filed_on: date | None = None
    decided_on: date | None = None
    turnaround_days: int | None = None

    @property
    def filed(self) -> bool:
        return self.case_id is not None


def apply(state: FastTrackCase, event: DomainEvent) -> FastTrackCase:
    match event:
        case FastTrackCaseFiled():
            return FastTrackCase(event.case_id, event.center, event.region, event.kind, event.enterprise, event.reference, event.filed_on)
        case FastTrackCaseDecided():
            return replace(state, decided_on=event.decided_on, turnaround_days=event.turnaround_days)
    return state


FAST_TRACK_CASE = AggregateType("fast-track-case", FastTrackCase, apply)


def file_case(
    state: FastTrackCase, *, case_id: str, center: ProtectionCenter, kind: FastTrackKind, enterprise: Enterprise,
    reference: str, filed_on: date, today: date,
) -> list[DomainEvent]:
    if state.filed:
        raise Conflict(Bilingual(f"快速维权案件 {case_id} 已立案", f"fast-track case {case_id} is already filed"), field="case_id")
    require_not_future("filed_on", filed_on, on=today)
    return [FastTrackCaseFiled(case_id=case_id, center=center, region=CENTER_REGION, kind=kind, enterprise=enterprise,
                               reference=reference, filed_on=filed_on)]


def decide(state: FastTrackCase, *, case_id: str, decided_on: date, today: date) -> list[DomainEvent]:
    if not state.filed:
        raise NotFound("fast-track case", case_id)
    if state.decided_on is not None:
        raise Conflict(Bilingual(f"快速维权案件 {case_id} 已于 {state.decided_on.isoformat()} 作出决定",
                                  f"fast-track case {case_id} was decided on {state.decided_on.isoformat()}"), field="decided_on")
    require_not_future("decided_on", decided_on, on=today)
    assert state.filed_on is not None and state.enterprise is not None
    require_on_or_after("decided_on", decided_on, state.filed_on, ("案件立案之日", "the case was filed"))
    return [FastTrackCaseDecided(
        case_id=case_id, center=state.center, region=state.region, kind=state.kind, enterprise=state.enterprise,
        filed_on=state.filed_on, decided_on=decided_on, turnaround_days=(decided_on - state.filed_on).days,
    )]
