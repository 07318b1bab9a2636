from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from enforcement.foreign_disputes.schemas import CountryCode
from kernel.domain.dates import BusinessDate
from kernel.domain.enterprise import EXAMPLE_ENTERPRISE, Enterprise
from kernel.domain.text import Reason


class EnrolInOverseasEscort(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"enterprise": EXAMPLE_ENTERPRISE, "enrolled_on": "2019-02-01", "target_markets": ["US", "DE"]}]},
    )

    enterprise: Enterprise = Field(description="The key enterprise enrolled, with its ownership at the time.")
    enrolled_on: BusinessDate
    target_markets: list[CountryCode] = Field(default_factory=list, max_length=50, description="Markets abroad the escort covers (ISO 3166-1 alpha-2).")


class LeaveOverseasEscort(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"left_on": "2020-12-31", "reason": "护航期满"}]})

    left_on: BusinessDate
    reason: Reason


class OverseasEscortWritten(BaseModel):
    uscc: str
    stream_version: int


class OverseasEscortView(BaseModel):
    uscc: str
    enterprise: Enterprise
    enrolled_on: date
    target_markets: list[str]
    left_on: date | None
    leaving_reason: str | None
    stream_version: int
