from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from financing.pledge_projects.events import CompensationPayer, GuaranteeKind, SubsidyKind
from financing.vocabulary import EXAMPLE_RIGHTS, PledgedRight, Yuan
from kernel.domain.dates import BusinessDate
from kernel.domain.enterprise import EXAMPLE_ENTERPRISE, Enterprise
from kernel.domain.text import Name, Reason
from kernel.reads import LimitedToRegion


class RegisterPledgeProject(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"enterprise": EXAMPLE_ENTERPRISE, "lender": "汉口银行光谷分行", "amount_cny": 5_000_000,
                                          "registered_on": "2019-04-18", "pledged_rights": EXAMPLE_RIGHTS}]},
    )

    enterprise: Enterprise = Field(description="The borrower, with its ownership on the day of registration.")
    lender: Name = Field(description="The bank or other lender.")
    amount_cny: Yuan = Field(description="The loan secured by the pledge, in whole yuan.")
    registered_on: BusinessDate = Field(description="The day the pledge was registered.")
    pledged_rights: list[PledgedRight] = Field(min_length=1, max_length=500, description="The rights pledged; at least one.")


class RetractPledgeProject(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"reason": "registered twice by mistake"}]})

    reason: Reason


class ReleasePledge(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"released_on": "2020-04-17"}]})

    released_on: BusinessDate = Field(description="The day the pledge ended (loan repaid, registration cancelled).")


class DefaultPledgeProject(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"defaulted_on": "2019-10-31", "outstanding_cny": 3_200_000}]})

    defaulted_on: BusinessDate = Field(description="The day the borrower defaulted.")
    outstanding_cny: Yuan = Field(description="What was still owed then, in whole yuan; at most the loan amount.")


class GrantSubsidy(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"kind": "interest_discount", "amount_cny": 80_000, "granted_on": "2019-12-20",
                                          "period_from": "2019-04-18", "period_to": "2019-12-31"}]},
    )

    kind: SubsidyKind = Field(description="`subsidy` (补贴) or `interest_discount` (贴息).")
    amount_cny: Yuan = Field(description="Granted, in whole yuan; all grants on a project together at most the loan amount.")
    granted_on: BusinessDate
    period_from: BusinessDate = Field(description="First day of the period the grant covers.")
    period_to: BusinessDate = Field(description="Last day of the period the grant covers.")


class PayRiskCompensation(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"payer": "provincial_fund", "amount_cny": 1_000_000, "paid_on": "2019-12-10"}]},
    )

    payer: CompensationPayer = Field(description="The risk-compensation fund that paid.")
    amount_cny: Yuan = Field(description="Paid, in whole yuan; all compensation together at most the outstanding amount.")
    paid_on: BusinessDate


class AttachGuarantee(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"kind": "guarantee_insurance", "provider": "人保财险湖北省分公司", "cover_cny": 4_000_000,
                                          "covers_from": "2019-04-18", "covers_to": "2020-04-17"}]},
    )

    kind: GuaranteeKind = Field(description="`guarantee_insurance` (保证保险) or `institutional_guarantee` (担保机构担保).")
    provider: Name = Field(description="The insurer or the guarantee institution.")
    cover_cny: Yuan = Field(description="The amount covered, in whole yuan; at most the loan amount.")
    covers_from: BusinessDate
    covers_to: BusinessDate


class RetractSupport(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"reason": "entered on the wrong project"}]})

    reason: Reason


class PledgeProjectWritten(BaseModel):
    project_id: str
    stream_version: int


class SubsidyWritten(BaseModel):
    project_id: str
    subsidy_id: str
    stream_version: int


class RiskCompensationWritten(BaseModel):
    project_id: str
    compensation_id: str
    stream_version: int


class GuaranteeWritten(BaseModel):
    project_id: str
    guarantee_id: str
    stream_version: int


class SubsidyView(BaseModel):
    subsidy_id: str
    kind: SubsidyKind
    amount_cny: int
    granted_on: date
    period_from: date
    period_to: date
    retracted_on: date | None
    retraction_reason: str | None


class RiskCompensationView(BaseModel):
    compensation_id: str
    payer: CompensationPayer
    amount_cny: int
    paid_on: date
    retracted_on: date | None
    retraction_reason: str | None


class GuaranteeView(BaseModel):
    guarantee_id: str
    kind: GuaranteeKind
    provider: str
    cover_cny: int
    covers_from: date
    covers_to: date
    retracted_on: date | None
    retraction_reason: str | None


class PledgeProjectView(BaseModel):
    project_id: str
    enterprise: Enterprise
    region: str
    lender: str
    amount_cny: int
    registered_on: date
    pledged_rights: list[PledgedRight]
    released_on: date | None
    defaulted_on: date | None
    outstanding_cny: int | None
    retracted_on: date | None
    retraction_reason: str | None
    subsidies: list[SubsidyView]
    risk_compensations: list[RiskCompensationView]
    guarantees: list[GuaranteeView]
    stream_version: int


class PledgeProjectList(BaseModel):
    items: list[PledgeProjectView]
    next_after: str | None = Field(description="Pass as `after` for the next page; null on the last page.")
    limited_to_region: LimitedToRegion = None
