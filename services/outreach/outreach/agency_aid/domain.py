"""Measure 16: an agency gives a free IP service to a start-up or struggling private enterprise."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from kernel.aggregate import AggregateType, Loaded
from kernel.domain.dates import require_not_future
from kernel.domain.enterprise import Enterprise, Ownership
from kernel.domain.regions import Region
from kernel.domain.rules import require_on_or_after, require_retractable
from kernel.domain.vocabulary import LabelledEnum
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict, DomainRuleViolated
from outreach.agencies.domain import ServiceAgency
from outreach.common import require_private


class EnterpriseSituation(LabelledEnum):
    START_UP = "start_up", "初创企业", "start-up"
    STRUGGLING = "struggling", "困难企业", "struggling"


class AidServiceKind(LabelledEnum):
    PATENT_APPLICATION = "patent_application", "专利申请", "patent application"
    TRADEMARK_APPLICATION = "trademark_application", "商标申请", "trademark application"
    CONSULTATION = "consultation", "咨询", "consultation"
    SEARCH_AND_ANALYSIS = "search_and_analysis", "检索分析", "search and analysis"
    RIGHTS_PROTECTION = "rights_protection", "维权", "rights protection"
    OTHER = "other", "其他", "other"


class AgencyAidProvided(DomainEvent, source="outreach"):
    aid_id: str
    agency_id: str
    agency_ownership: Ownership
    region: Region  # the agency's region
    enterprise: Enterprise
    enterprise_situation: EnterpriseSituation
    service_kind: AidServiceKind
    waived_amount_cny: int
    provided_on: date
    summary: str


class AgencyAidRetracted(DomainEvent, source="outreach"):
    aid_id: str
    reason: str
    retracted_on: date


@dataclass(frozen=True)
class AgencyAid:
    aid_id: str | None = None
    agency_id: str = ""
    region: str = ""
    enterprise: Enterprise | None = None
    enterprise_situation: EnterpriseSituation | None = None
    service_kind: AidServiceKind | None = None
    waived_amount_cny: int = 0
    provided_on: date | None = None
    summary: str = ""
    retracted_on: date | None = None
    retraction_reason: str | None = None

    @property
    def recorded(self) -> bool:
        return self.aid_id is not None


def apply(state: AgencyAid, event: DomainEvent) -> AgencyAid:
    match event:
        case AgencyAidProvided():
            return AgencyAid(event.aid_id, event.agency_id, event.region, event.enterprise, event.enterprise_situation,
                             event.service_kind, event.waived_amount_cny, event.provided_on, event.summary)
        case AgencyAidRetracted():
            return replace(state, retracted_on=event.retracted_on, retraction_reason=event.reason)
    return state


AGENCY_AID = AggregateType("agency-aid", AgencyAid, apply)


def provide(
    state: AgencyAid, agency: Loaded[ServiceAgency], *, aid_id: str, enterprise: Enterprise,
    enterprise_situation: EnterpriseSituation, service_kind: AidServiceKind, waived_amount_cny: int, provided_on: date,
    summary: str = "", today: date,
) -> list[DomainEvent]:
    if state.recorded:
        raise Conflict(Bilingual(f"代理机构援助 {aid_id} 已记录", f"agency aid {aid_id} is already recorded"), field="aid_id")
    if not agency.state.registered:
        raise DomainRuleViolated("agency_id", Bilingual(f"没有登记服务机构 {agency.key!r}", f"no service agency {agency.key!r} is registered"))
    require_private("enterprise", enterprise, ("代理机构援助", "agency aid"))
    if waived_amount_cny < 1:
        raise DomainRuleViolated("waived_amount_cny", Bilingual("至少须为 1 元", "must be at least 1 yuan"))
    require_not_future("provided_on", provided_on, on=today)
    require_on_or_after("provided_on", provided_on, agency.state.registered_on, ("机构登记之日", "the agency registered"), say_value=False)
    return [AgencyAidProvided(
        aid_id=aid_id, agency_id=agency.key, agency_ownership=agency.state.ownership, region=agency.state.region,
        enterprise=enterprise, enterprise_situation=enterprise_situation, service_kind=service_kind,
        waived_amount_cny=waived_amount_cny, provided_on=provided_on, summary=summary,
    )]


def retract(state: AgencyAid, *, aid_id: str, reason: str, today: date) -> list[DomainEvent]:
    require_retractable(recorded=state.recorded, retracted_on=state.retracted_on, what="agency aid", identifier=aid_id)
    return [AgencyAidRetracted(aid_id=aid_id, reason=reason, retracted_on=today)]
