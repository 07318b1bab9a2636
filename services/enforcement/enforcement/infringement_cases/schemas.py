from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from enforcement.infringement_cases.domain import CaseOutcome
from enforcement.parties import NamedParty, RightKind
from kernel.domain.dates import BusinessDate
from kernel.domain.enterprise import EXAMPLE_ENTERPRISE, Enterprise
from kernel.domain.regions import Region
from kernel.domain.text import Summary


class OpenInfringementCase(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "region": "420100", "right_holder": EXAMPLE_ENTERPRISE, "infringer": {"name": "某某电子商行", "uscc": None},
            "right_kind": "patent", "joint_action": True, "opened_on": "2019-04-02", "summary": "专利侵权纠纷，会同市场监管部门联合查处",
        }]},
    )

    region: Region = Field(description="The division whose bureau handles the case.")
    right_holder: Enterprise = Field(description="The enterprise whose right is infringed, with its ownership at the time.")
    infringer: NamedParty | None = Field(default=None, description="The alleged infringer, if known.")
    right_kind: RightKind
    joint_action: bool = Field(description="Whether the case is investigated jointly with other departments.")
    opened_on: BusinessDate = Field(description="The day the case was opened (filed).")
    summary: Summary = ""


class CloseInfringementCase(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"closed_on": "2019-06-18", "outcome": "penalty", "fine_amount_cny": 50000}]},
    )

    closed_on: BusinessDate
    outcome: CaseOutcome
    fine_amount_cny: int | None = Field(strict=True, default=None, gt=0, le=10**12, description="Fine imposed, in yuan; only with the outcome `penalty`.")


class InfringementCaseWritten(BaseModel):
    case_id: str
    stream_version: int


class InfringementCaseView(BaseModel):
    case_id: str
    region: str
    right_holder: Enterprise
    infringer: NamedParty | None
    right_kind: RightKind
    joint_action: bool
    opened_on: date
    summary: str
    closed_on: date | None
    outcome: CaseOutcome | None
    fine_amount_cny: int | None
    stream_version: int
