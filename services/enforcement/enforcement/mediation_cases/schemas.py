from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from enforcement.mediation_cases.domain import MediationOutcome, Party
from kernel.domain.dates import BusinessDate
from kernel.domain.enterprise import EXAMPLE_ENTERPRISE
from kernel.domain.regions import Region
from kernel.domain.text import Summary


class ReceiveMediationCase(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "region": "420100", "received_on": "2019-03-01", "summary": "商标许可使用费纠纷",
            "parties": [{"role": "applicant", "enterprise": EXAMPLE_ENTERPRISE}, {"role": "respondent", "name": "张某"}],
        }]},
    )

    region: Region = Field(description="The division where the case is mediated.")
    parties: list[Party] = Field(min_length=2, max_length=50)
    received_on: BusinessDate
    summary: Summary = ""


class HoldMediationSession(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"held_on": "2019-03-15"}]})

    held_on: BusinessDate = Field(description="The day the committee mediated between the parties.")


class CloseMediationCase(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"closed_on": "2019-03-20", "outcome": "agreed"}]})

    closed_on: BusinessDate
    outcome: MediationOutcome


class MediationCaseWritten(BaseModel):
    case_id: str
    stream_version: int


class MediationCaseView(BaseModel):
    case_id: str
    region: str
    parties: list[Party]
    received_on: date
    summary: str
    sessions: list[date]
    closed_on: date | None
    outcome: MediationOutcome | None
    stream_version: int
