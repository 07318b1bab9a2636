"""Events of a pledge-financing project: its own life (measure 9) and the support attached to it (measures 7, 8).

Every event carries the project's region and, where it counts something, the enterprise as it was when the
project was registered, so that a projection can count from the events alone.
"""

from __future__ import annotations

from datetime import date

from financing.vocabulary import PledgedRight
from kernel.domain.enterprise import Enterprise
from kernel.domain.regions import Region
from kernel.domain.vocabulary import LabelledEnum
from kernel.events import DomainEvent


class SubsidyKind(LabelledEnum):
    SUBSIDY = "subsidy", "补贴", "subsidy"  # e.g. part of the evaluation, guarantee or insurance cost
    INTEREST_DISCOUNT = "interest_discount", "贴息", "interest discount"  # part of the interest paid


class CompensationPayer(LabelledEnum):
    PROVINCIAL_FUND = "provincial_fund", "省级资金", "provincial fund"
    CITY_FUND = "city_fund", "市级资金", "city fund"


class GuaranteeKind(LabelledEnum):
    GUARANTEE_INSURANCE = "guarantee_insurance", "质押贷款保证保险", "guarantee insurance"
    INSTITUTIONAL_GUARANTEE = "institutional_guarantee", "担保机构融资担保", "institutional guarantee"


class SupportRecord(LabelledEnum):
    SUBSIDY = "subsidy", "补贴", "subsidy"
    RISK_COMPENSATION = "risk_compensation", "风险补偿", "risk compensation"
    GUARANTEE = "guarantee", "担保", "guarantee"


class PledgeProjectRegistered(DomainEvent, source="financing"):
    project_id: str
    enterprise: Enterprise  # with its ownership at registration: T09b counts private projects from this
    region: Region  # the enterprise's region
    lender: str
    amount_cny: int
    registered_on: date
    pledged_rights: list[PledgedRight]


class PledgeProjectRetracted(DomainEvent, source="financing"):
    project_id: str
    region: Region
    reason: str
    retracted_on: date


class PledgeReleased(DomainEvent, source="financing"):
    project_id: str
    region: Region
    released_on: date


class PledgeProjectDefaulted(DomainEvent, source="financing"):
    project_id: str
    enterprise: Enterprise
    region: Region
    defaulted_on: date
    outstanding_cny: int


class SubsidyGranted(DomainEvent, source="financing"):
    project_id: str
    subsidy_id: str
    enterprise: Enterprise
    region: Region
    kind: SubsidyKind
    amount_cny: int
    loan_amount_cny: int
    granted_on: date
    period_from: date
    period_to: date


class RiskCompensationPaid(DomainEvent, source="financing"):
    project_id: str
    compensation_id: str
    enterprise: Enterprise
    region: Region
    payer: CompensationPayer
    amount_cny: int
    loan_amount_cny: int
    paid_on: date


class GuaranteeAttached(DomainEvent, source="financing"):
    project_id: str
    guarantee_id: str
    enterprise: Enterprise
    region: Region
    kind: GuaranteeKind
    provider: str
    cover_cny: int
    loan_amount_cny: int
    covers_from: date
    covers_to: date


class SupportRecordRetracted(DomainEvent, source="financing"):
    project_id: str
    record: SupportRecord
    record_id: str
    region: Region
    reason: str
    retracted_on: date
