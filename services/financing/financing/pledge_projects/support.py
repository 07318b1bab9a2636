"""Measures 7 and 8: support recorded on a pledge-financing project.

Measure 7 (risk sharing): subsidies and interest discounts granted on a project, and risk compensation paid
from a provincial or city fund once the loan has defaulted. Measure 8: a guarantee-insurance policy or a
guarantee institution's guarantee covering the loan. None may be larger than the loan could justify.
"""

from __future__ import annotations

from datetime import date

from financing.pledge_projects.domain import REGISTERED, PledgeProject, exceeds_loan, require_live
from financing.pledge_projects.events import (
    CompensationPayer,
    GuaranteeAttached,
    GuaranteeKind,
    RiskCompensationPaid,
    SubsidyGranted,
    SubsidyKind,
    SupportRecord,
    SupportRecordRetracted,
)
from kernel.domain.dates import require_not_future
from kernel.domain.rules import require_on_or_after, require_retractable
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import DomainRuleViolated

RECORD_NAMES = {
    SupportRecord.SUBSIDY: "subsidy",
    SupportRecord.RISK_COMPENSATION: "risk compensation",
    SupportRecord.GUARANTEE: "guarantee",
}


def _covers_some_of_the_loan(state: PledgeProject, field: str, ends: date, what: Bilingual) -> None:
    """A period or a cover ending before the project was registered covers none of its loan."""
    if state.registered_on is not None and ends < state.registered_on:
        registered = state.registered_on.isoformat()
        raise DomainRuleViolated(field, Bilingual(f"早于项目登记之日（{registered}），{what.zh}未涵盖贷款的任何时段",
                                                  f"is before the project was registered, so {what.en} covers none of the loan ({registered})"))


def grant_subsidy(
    state: PledgeProject,
    *,
    project_id: str,
    subsidy_id: str,
    kind: SubsidyKind,
    amount_cny: int,
    granted_on: date,
    period_from: date,
    period_to: date,
    today: date,
) -> list[DomainEvent]:
    require_live(state, project_id)
    require_not_future("granted_on", granted_on, on=today)
    require_on_or_after("granted_on", granted_on, state.registered_on, REGISTERED, say_value=False)
    require_on_or_after("period_to", period_to, period_from, ("期间起始日", "period_from"), say_value=False)
    _covers_some_of_the_loan(state, "period_to", period_to, Bilingual("期间", "the period"))
    if amount_cny > state.amount_cny:
        raise DomainRuleViolated("amount_cny", exceeds_loan(state.amount_cny))
    granted = state.total(SupportRecord.SUBSIDY)
    if granted + amount_cny > state.amount_cny:
        raise DomainRuleViolated(
            "amount_cny",
            Bilingual(f"加上已发放的 {granted} 元，补贴和贴息将超过贷款金额（{state.amount_cny} 元）",
                      f"with the {granted} yuan already granted, subsidies and interest discounts would exceed the loan amount ({state.amount_cny} yuan)"),
        )
    assert state.enterprise is not None
    return [
        SubsidyGranted(
            project_id=project_id, subsidy_id=subsidy_id, enterprise=state.enterprise, region=state.region, kind=kind,
            amount_cny=amount_cny, loan_amount_cny=state.amount_cny, granted_on=granted_on,
            period_from=period_from, period_to=period_to,
        )
    ]


def pay_compensation(
    state: PledgeProject,
    *,
    project_id: str,
    compensation_id: str,
    payer: CompensationPayer,
    amount_cny: int,
    paid_on: date,
    today: date,
) -> list[DomainEvent]:
    require_live(state, project_id)
    if state.defaulted_on is None or state.outstanding_cny is None:
        raise DomainRuleViolated("project_id", Bilingual("只有贷款已违约的项目才能支付风险补偿", "risk compensation is paid only on a project whose loan has defaulted"))
    require_not_future("paid_on", paid_on, on=today)
    require_on_or_after("paid_on", paid_on, state.defaulted_on, ("违约之日", "the default"), say_value=False)
    paid = state.total(SupportRecord.RISK_COMPENSATION)
    if paid + amount_cny > state.outstanding_cny:
        raise DomainRuleViolated(
            "amount_cny",
            Bilingual(f"加上已支付的 {paid} 元，风险补偿将超过未偿金额（{state.outstanding_cny} 元）",
                      f"with the {paid} yuan already paid, compensation would exceed the outstanding amount ({state.outstanding_cny} yuan)"),
        )
    assert state.enterprise is not None
    return [
        RiskCompensationPaid(
            project_id=project_id, compensation_id=compensation_id, enterprise=state.enterprise, region=state.region,
            payer=payer, amount_cny=amount_cny, loan_amount_cny=state.amount_cny, paid_on=paid_on,
        )
    ]


def attach_guarantee(
    state: PledgeProject,
    *,
    project_id: str,
    guarantee_id: str,
    kind: GuaranteeKind,
    provider: str,
    cover_cny: int,
    covers_from: date,
    covers_to: date,
    today: date,
) -> list[DomainEvent]:
    require_live(state, project_id)
    require_not_future("covers_from", covers_from, on=today)
    require_on_or_after("covers_to", covers_to, covers_from, ("覆盖起始日", "covers_from"), say_value=False)
    _covers_some_of_the_loan(state, "covers_to", covers_to, Bilingual("担保", "it"))
    if state.released_on is not None and covers_from > state.released_on:
        raise DomainRuleViolated("covers_from", Bilingual(f"晚于解押之日（{state.released_on.isoformat()}）", f"is after the pledge was released ({state.released_on.isoformat()})"))
    if cover_cny > state.amount_cny:
        raise DomainRuleViolated("cover_cny", exceeds_loan(state.amount_cny))
    assert state.enterprise is not None
    return [
        GuaranteeAttached(
            project_id=project_id, guarantee_id=guarantee_id, enterprise=state.enterprise, region=state.region,
            kind=kind, provider=provider, cover_cny=cover_cny, loan_amount_cny=state.amount_cny,
            covers_from=covers_from, covers_to=covers_to,
        )
    ]


def retract_support(
    state: PledgeProject, *, project_id: str, record: SupportRecord, record_id: str, reason: str, today: date
) -> list[DomainEvent]:
    require_live(state, project_id)
    found = state.support.get(record_id)
    standing = found is not None and found.record is record
    require_retractable(recorded=standing, retracted_on=found.retracted_on if standing else None,
                        what=Bilingual(f"项目 {project_id} 的{record.zh}", f"{RECORD_NAMES[record]} on project {project_id}"), identifier=record_id,
                        called=Bilingual(record.zh, f"the {RECORD_NAMES[record]}"))
    return [
        SupportRecordRetracted(
            project_id=project_id, record=record, record_id=record_id, region=state.region, reason=reason, retracted_on=today,
        )
    ]
