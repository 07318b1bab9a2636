from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from enforcement.fast_track_cases.domain import FastTrackKind, ProtectionCenter
from kernel.domain.dates import BusinessDate
from kernel.domain.enterprise import EXAMPLE_ENTERPRISE, Enterprise
from kernel.domain.text import Name


class FileFastTrackCase(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "center": "wuhan-protection-center", "kind": "pre_examination", "enterprise": EXAMPLE_ENTERPRISE,
            "reference": "预审编号 YS2019-0312", "filed_on": "2019-03-12",
        }]},
    )

    center: ProtectionCenter
    kind: FastTrackKind
    enterprise: Enterprise = Field(description="The applicant, with its ownership at the time.")
    reference: Name = Field(description="The center's own number for the case, or the application number.")
    filed_on: BusinessDate


class DecideFastTrackCase(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"decided_on": "2019-03-20"}]})

    decided_on: BusinessDate = Field(description="The day the pre-examination or determination was concluded.")


class FastTrackCaseWritten(BaseModel):
    case_id: str
    stream_version: int


class FastTrackCaseView(BaseModel):
    case_id: str
    center: ProtectionCenter
    region: str
    kind: FastTrackKind
    enterprise: Enterprise
    reference: str
    filed_on: date
    decided_on: date | None
    turnaround_days: int | None = Field(description="Days from filing to decision (derived).")
    stream_version: int
