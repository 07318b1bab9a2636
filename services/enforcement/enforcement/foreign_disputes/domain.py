"""Measure 3: foreign-related IP disputes in which the office assists an enterprise: opened, assisted, closed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from kernel.domain.rules import require_on_or_after
from enforcement.parties import RightKind
from kernel.aggregate import AggregateType
from kernel.domain.dates import require_not_future
from kernel.domain.enterprise import Enterprise
from kernel.domain.regions import Region
from kernel.domain.vocabulary import LabelledEnum
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict, DomainRuleViolated, NotFound


class DisputeKind(LabelledEnum):
    LITIGATION = "litigation", "诉讼", "litigation"
    ADMINISTRATIVE_COMPLAINT = "administrative_complaint", "行政投诉", "administrative complaint"
    CUSTOMS_MEASURE = "customs_measure", "海关措施", "customs measure"
    TRADE_FAIR_COMPLAINT = "trade_fair_complaint", "展会投诉", "trade-fair complaint"
    SECTION_337_INVESTIGATION = "section_337_investigation", "337 调查", "Section 337 investigation"
    OTHER = "other", "其他", "other"


class AssistanceKind(LabelledEnum):
    CONSULTATION = "consultation", "咨询", "consultation"
    EXPERT_OPINION = "expert_opinion", "专家意见", "expert opinion"
    LEGAL_REFERRAL = "legal_referral", "法律转介", "legal referral"
    RESPONSE_GUIDANCE = "response_guidance", "应对指导", "response guidance"
    FUNDING = "funding", "资金资助", "funding"
    OTHER = "other", "其他", "other"


class DisputeOutcome(LabelledEnum):
    WON = "won", "胜诉", "won"
    SETTLED = "settled", "和解", "settled"
    LOST = "lost", "败诉", "lost"
    WITHDRAWN = "withdrawn", "撤回", "withdrawn"
    OTHER = "other", "其他", "other"


class ForeignDisputeOpened(DomainEvent, source="enforcement"):
    case_id: str
    region: Region  # the bureau assisting
    enterprise: Enterprise
    country_or_region: str  # ISO 3166-1 alpha-2, outside the mainland
    kind: DisputeKind
    right_kind: RightKind
    opened_on: date
    summary: str


class ForeignDisputeAssisted(DomainEvent, source="enforcement"):
    case_id: str
    region: Region
    enterprise: Enterprise
    country_or_region: str
    assistance: AssistanceKind
    given_on: date
    summary: str


class ForeignDisputeClosed(DomainEvent, source="enforcement"):
    case_id: str
    region: Region
    enterprise: Enterprise
    country_or_region: str
    opened_on: date
    closed_on: date
    outcome: DisputeOutcome


@dataclass(frozen=True)
class Assistance:
    assistance: str
    given_on: date
    summary: str


@dataclass(frozen=True)
class ForeignDispute:
    case_id: str | None = None
    region: str = ""
    enterprise: Enterprise | None = None
    country_or_region: str = ""
    kind: str = ""
    right_kind: str = ""
    opened_on: date | None = None
    summary: str = ""
    assistance: tuple[Assistance, ...] = ()
    closed_on: date | None = None
    outcome: str | None = None

    @property
    def opened(self) -> bool:
        return self.case_id is not None


def apply(state: ForeignDispute, event: DomainEvent) -> ForeignDispute:
    match event:
        case ForeignDisputeOpened():
            return ForeignDispute(event.case_id, event.region, event.enterprise, event.country_or_region, event.kind,
                                  event.right_kind, event.opened_on, event.summary)
        case ForeignDisputeAssisted():
            return replace(state, assistance=(*state.assistance, Assistance(event.assistance, event.given_on, event.summary)))
        case ForeignDisputeClosed():
            return replace(state, closed_on=event.closed_on, outcome=event.outcome)
    return state


FOREIGN_DISPUTE = AggregateType("foreign-dispute", ForeignDispute, apply)


def open_dispute(
    state: ForeignDispute, *, case_id: str, region: Region, enterprise: Enterprise, country_or_region: str,
    kind: DisputeKind, right_kind: RightKind, opened_on: date, summary: str, today: date,
) -> list[DomainEvent]:
    if state.opened:
        raise Conflict(Bilingual(f"涉外纠纷 {case_id} 已立案", f"foreign-related dispute {case_id} is already open"), field="case_id")
    if country_or_region == "CN":
        raise DomainRuleViolated("country_or_region", Bilingual("涉外纠纷发生在中国大陆以外", "a foreign-related dispute takes place outside the mainland"))
    require_not_future("opened_on", opened_on, on=today)
    return [ForeignDisputeOpened(case_id=case_id, region=region, enterprise=enterprise, country_or_region=country_or_region,
                                 kind=kind, right_kind=right_kind, opened_on=opened_on, summary=summary)]


def _open_case(state: ForeignDispute, case_id: str) -> None:
    if not state.opened:
        raise NotFound("foreign-related dispute", case_id)
    if state.closed_on is not None:
        raise Conflict(Bilingual(f"涉外纠纷 {case_id} 已于 {state.closed_on.isoformat()} 结案", f"foreign-related dispute {case_id} closed on {state.closed_on.isoformat()}"),
                       field="case_id")


def assist(state: ForeignDispute, *, case_id: str, assistance: AssistanceKind, given_on: date, summary: str, today: date) -> list[DomainEvent]:
    _open_case(state, case_id)
    require_not_future("given_on", given_on, on=today)
    assert state.opened_on is not None and state.enterprise is not None
    require_on_or_after("given_on", given_on, state.opened_on, ("案件立案之日", "the case opened"))
    return [ForeignDisputeAssisted(case_id=case_id, region=state.region, enterprise=state.enterprise,
                                   country_or_region=state.country_or_region, assistance=assistance, given_on=given_on,
                                   summary=summary)]


def close(state: ForeignDispute, *, case_id: str, closed_on: date, outcome: DisputeOutcome, today: date) -> list[DomainEvent]:
    if state.opened and state.closed_on is not None:
        raise Conflict(Bilingual(f"涉外纠纷 {case_id} 已于 {state.closed_on.isoformat()} 结案，不能再次结案",
                                  f"foreign-related dispute {case_id} already closed on {state.closed_on.isoformat()}"), field="closed_on")
    _open_case(state, case_id)
    require_not_future("closed_on", closed_on, on=today)
    assert state.opened_on is not None and state.enterprise is not None
    require_on_or_after("closed_on", closed_on, state.opened_on, ("案件立案之日", "the case opened"))
    if state.assistance:
        require_on_or_after("closed_on", closed_on, max(a.given_on for a in state.assistance), ("最后一次给予援助之日", "the last assistance given"))
    return [ForeignDisputeClosed(case_id=case_id, region=state.region, enterprise=state.enterprise,
                                 country_or_region=state.country_or_region, opened_on=state.opened_on, closed_on=closed_on,
                                 outcome=outcome)]
