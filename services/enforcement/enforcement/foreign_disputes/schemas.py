from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from enforcement.foreign_disputes.domain import AssistanceKind, DisputeKind, DisputeOutcome
from enforcement.parties import RightKind
from kernel.domain.dates import BusinessDate
from kernel.domain.enterprise import EXAMPLE_ENTERPRISE, Enterprise
from kernel.domain.regions import Region
from kernel.domain.text import Summary

CountryCode = Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z]{2}$")]


class OpenForeignDispute(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "enterprise": EXAMPLE_ENTERPRISE, "region": "420100", "country_or_region": "US", "kind": "section_337_investigation",
            "right_kind": "patent", "opened_on": "2019-04-01", "summary": "美国337调查应诉",
        }]},
    )

    enterprise: Enterprise = Field(description="The enterprise involved abroad, with its ownership at the time.")
    region: Region = Field(description="The division whose bureau assists.")
    country_or_region: CountryCode = Field(description="ISO 3166-1 alpha-2 code of the country or region abroad (e.g. US, DE, HK).")
    kind: DisputeKind
    right_kind: RightKind
    opened_on: BusinessDate
    summary: Summary = ""


class AssistForeignDispute(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"assistance": "expert_opinion", "given_on": "2019-04-15", "summary": "组织专家出具应诉意见"}]},
    )

    assistance: AssistanceKind
    given_on: BusinessDate
    summary: Summary = ""


class CloseForeignDispute(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"closed_on": "2019-10-30", "outcome": "settled"}]})

    closed_on: BusinessDate
    outcome: DisputeOutcome


class ForeignDisputeWritten(BaseModel):
    case_id: str
    stream_version: int


class AssistanceView(BaseModel):
    assistance: AssistanceKind
    given_on: date
    summary: str


class ForeignDisputeView(BaseModel):
    case_id: str
    region: str
    enterprise: Enterprise
    country_or_region: str
    kind: DisputeKind
    right_kind: RightKind
    opened_on: date
    summary: str
    assistance: list[AssistanceView]
    closed_on: date | None
    outcome: DisputeOutcome | None
    stream_version: int
