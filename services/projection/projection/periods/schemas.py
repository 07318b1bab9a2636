"""The bodies and answers of the reporting-period workflow."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from kernel.domain.text import Reason as ReasonText
from kernel.reads import LimitedToRegion


class Reason(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: ReasonText = Field(description="为何退回或重新打开；why it is sent back or reopened.")


class Step(BaseModel):
    region: str
    period: str = Field(examples=["2019-03"])
    state: str = Field(description="open, submitted, approved, returned or reopened.")
    version: int = Field(description="The period stream's version after this step.")
    recorded_at: datetime | None = Field(default=None, description="When the step was recorded: the vintage moment of a submission or approval.")


class PeriodState(BaseModel):
    region: str
    name: str = Field(description="地区名称；the region's Chinese name.")
    period: str
    kind: str = Field(description="month or year.")
    first_day: date
    last_day: date
    state: str
    version: int
    submitted_at: datetime | None
    submitted_by: str | None
    approved_at: datetime | None
    approved_by: str | None
    returned_at: datetime | None
    returned_by: str | None
    return_reason: str | None
    reopened_at: datetime | None
    reopened_by: str | None
    reopen_reason: str | None
    submitted_vintage: datetime | None = Field(description="The moment `vintage=submitted` answers for (null unless submitted or approved).")
    approved_vintage: datetime | None = Field(description="The moment `vintage=approved` answers for (null unless approved).")


class PeriodList(BaseModel):
    year: int
    periods: list[PeriodState]


class RestatedRecord(BaseModel):
    service: str = Field(examples=["enforcement"])
    type: str = Field(description="The event that changed the figure (a record or its retraction).", examples=["enforcement.OnsiteServiceRecorded.v1"])
    kind: str = Field(examples=["onsite-service"])
    id: str
    region: str
    occurred_on: date
    recorded_at: datetime
    actor: str | None = Field(description="The token subject that recorded it (null for events applied before actors were kept: rebuild to fill).")


class RestatedTarget(BaseModel):
    target: str
    approved: dict[str, Any] = Field(description="actual and status as approved.")
    current: dict[str, Any] = Field(description="actual and status now.")


class Restatement(BaseModel):
    region: str
    period: str
    approved_at: datetime
    approved_by: str | None
    records: list[RestatedRecord]
    targets: list[RestatedTarget]


class RestatementList(BaseModel):
    year: int
    restatements: list[Restatement]
    limited_to_region: LimitedToRegion = None
