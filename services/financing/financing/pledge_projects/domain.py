"""Measure 9: a pledge-financing project is registered, and may be released, defaulted on, or retracted."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from financing.pledge_projects.events import (
    GuaranteeAttached,
    PledgeProjectDefaulted,
    PledgeProjectRegistered,
    PledgeProjectRetracted,
    PledgeReleased,
    RiskCompensationPaid,
    SubsidyGranted,
    SupportRecord,
    SupportRecordRetracted,
)
from financing.vocabulary import PledgedRight, require_distinct_rights
from kernel.aggregate import AggregateType
from kernel.domain.dates import require_not_future
from kernel.domain.enterprise import Enterprise
from kernel.domain.rules import require_on_or_after
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict, DomainRuleViolated, NotFound


@dataclass(frozen=True)
class Support:
    """One subsidy, risk compensation or guarantee recorded on the project."""

    record: SupportRecord
    record_id: str
    kind: str  # a SubsidyKind, a CompensationPayer or a GuaranteeKind
    amount_cny: int  # for a guarantee: the amount covered
    on: date  # granted, paid, or cover start
    until: date | None = None  # end of the period covered
    starts: date | None = None  # start of the period a subsidy covers
    party: str | None = None  # the guarantor or insurer
    retracted_on: date | None = None
    retraction_reason: str | None = None

    @property
    def counts(self) -> bool:
        return self.retracted_on is None


@dataclass(frozen=True)
class PledgeProject:
    project_id: str | None = None
    enterprise: Enterprise | None = None
    lender: str = ""
    amount_cny: int = 0
    registered_on: date | None = None
    pledged_rights: tuple[PledgedRight, ...] = ()
    released_on: date | None = None
    defaulted_on: date | None = None
    outstanding_cny: int | None = None
    retracted_on: date | None = None
    retraction_reason: str | None = None
    support: dict[str, Support] = field(default_factory=dict)

    @property
    def registered(self) -> bool:
        return self.project_id is not None

    @property
    def region(self) -> str:
        return self.enterprise.region if self.enterprise else ""

    def support_of(self, record: SupportRecord) -> list[Support]:
        return [s for s in self.support.values() if s.record is record]

    def total(self, record: SupportRecord) -> int:
        return sum(s.amount_cny for s in self.support_of(record) if s.counts)


def _with(state: PledgeProject, support: Support) -> PledgeProject:
    return replace(state, support={**state.support, support.record_id: support})


def apply(state: PledgeProject, event: DomainEvent) -> PledgeProject:
    match event:
        case PledgeProjectRegistered():
            return PledgeProject(
                event.project_id, event.enterprise, event.lender, event.amount_cny, event.registered_on,
                tuple(event.pledged_rights),
            )
        case PledgeProjectRetracted():
            return replace(state, retracted_on=event.retracted_on, retraction_reason=event.reason)
        case PledgeReleased():
            return replace(state, released_on=event.released_on)
        case PledgeProjectDefaulted():
            return replace(state, defaulted_on=event.defaulted_on, outstanding_cny=event.outstanding_cny)
        case SubsidyGranted():
            return _with(state, Support(SupportRecord.SUBSIDY, event.subsidy_id, event.kind, event.amount_cny,
                                        event.granted_on, until=event.period_to, starts=event.period_from))
        case RiskCompensationPaid():
            return _with(state, Support(SupportRecord.RISK_COMPENSATION, event.compensation_id, event.payer,
                                        event.amount_cny, event.paid_on))
        case GuaranteeAttached():
            return _with(state, Support(SupportRecord.GUARANTEE, event.guarantee_id, event.kind, event.cover_cny,
                                        event.covers_from, until=event.covers_to, party=event.provider))
        case SupportRecordRetracted():
            retracted = replace(state.support[event.record_id], retracted_on=event.retracted_on, retraction_reason=event.reason)
            return _with(state, retracted)
    return state


PLEDGE_PROJECT = AggregateType("pledge-project", PledgeProject, apply)


def require_live(state: PledgeProject, project_id: str) -> None:
    """The project must exist and still count: nothing more is recorded on a retracted project."""
    if not state.registered:
        raise NotFound("pledge-financing project", project_id)
    if state.retracted_on is not None:
        raise Conflict(Bilingual(f"质押融资项目 {project_id} 已于 {state.retracted_on.isoformat()} 撤回",
                                  f"pledge-financing project {project_id} was retracted on {state.retracted_on.isoformat()}"))


REGISTERED = Bilingual("项目登记之日", "the project was registered")


def exceeds_loan(amount_cny: int) -> Bilingual:
    return Bilingual(f"超过贷款金额（{amount_cny} 元）", f"exceeds the loan amount ({amount_cny} yuan)")


def _not_before_registration(state: PledgeProject, field_name: str, day: date) -> None:
    assert state.registered_on is not None
    require_on_or_after(field_name, day, state.registered_on, REGISTERED, say_value=False)


def register(
    state: PledgeProject,
    *,
    project_id: str,
    enterprise: Enterprise,
    lender: str,
    amount_cny: int,
    registered_on: date,
    pledged_rights: list[PledgedRight],
    today: date,
) -> list[DomainEvent]:
    if state.registered:
        raise Conflict(Bilingual(f"质押融资项目 {project_id} 已登记", f"pledge-financing project {project_id} is already registered"), field="project_id")
    require_not_future("registered_on", registered_on, on=today)
    if not pledged_rights:
        raise DomainRuleViolated("pledged_rights", Bilingual("至少须质押一项权利", "at least one right must be pledged"))
    require_distinct_rights("pledged_rights", pledged_rights)
    return [
        PledgeProjectRegistered(
            project_id=project_id, enterprise=enterprise, region=enterprise.region, lender=lender,
            amount_cny=amount_cny, registered_on=registered_on, pledged_rights=pledged_rights,
        )
    ]


def retract(state: PledgeProject, *, project_id: str, reason: str, today: date) -> list[DomainEvent]:
    require_live(state, project_id)
    return [PledgeProjectRetracted(project_id=project_id, region=state.region, reason=reason, retracted_on=today)]


def release(state: PledgeProject, *, project_id: str, released_on: date, today: date) -> list[DomainEvent]:
    require_live(state, project_id)
    if state.released_on is not None:
        raise Conflict(Bilingual(f"质押已于 {state.released_on.isoformat()} 解除", f"the pledge was already released on {state.released_on.isoformat()}"), field="released_on")
    require_not_future("released_on", released_on, on=today)
    _not_before_registration(state, "released_on", released_on)
    require_on_or_after("released_on", released_on, state.defaulted_on, ("违约之日", "the default"), say_value=False)
    return [PledgeReleased(project_id=project_id, region=state.region, released_on=released_on)]


def default(state: PledgeProject, *, project_id: str, defaulted_on: date, outstanding_cny: int, today: date) -> list[DomainEvent]:
    require_live(state, project_id)
    if state.defaulted_on is not None:
        raise Conflict(Bilingual(f"项目已于 {state.defaulted_on.isoformat()} 违约", f"the project already defaulted on {state.defaulted_on.isoformat()}"), field="defaulted_on")
    if state.released_on is not None:
        raise Conflict(Bilingual(f"质押已于 {state.released_on.isoformat()} 解除：贷款不会再违约",
                                 f"the pledge was released on {state.released_on.isoformat()}: the loan can no longer default"),
                       field="defaulted_on")
    require_not_future("defaulted_on", defaulted_on, on=today)
    _not_before_registration(state, "defaulted_on", defaulted_on)
    if outstanding_cny > state.amount_cny:
        raise DomainRuleViolated("outstanding_cny", exceeds_loan(state.amount_cny))
    assert state.enterprise is not None
    return [
        PledgeProjectDefaulted(
            project_id=project_id, enterprise=state.enterprise, region=state.region, defaulted_on=defaulted_on,
            outstanding_cny=outstanding_cny,
        )
    ]

