from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from projection.attainment.status import Status


class Title(BaseModel):
    zh: str
    en: str


class TargetAttainment(BaseModel):
    id: str = Field(examples=["T04"])
    measure: int
    title: Title
    actual: float | None = Field(description="A count, or a share between 0 and 1; null when nothing is due yet.")
    threshold: float | None = Field(description="What the rule compares the actual with; null where the rule does not apply to a single region.")
    comparator: str = Field(examples=[">="])
    status: Status | None = Field(description="met, missed, on_track, at_risk or not_due; null where the rule does not apply to a single region.")
    detail: dict[str, Any]


class AttainmentReport(BaseModel):
    year: int
    region: str = Field(description="420000 for the province, else the division's code.")
    as_of: date
    known_at: datetime
    targets: list[TargetAttainment]


class CenterMonth(BaseModel):
    month: str = Field(examples=["2019-03"])
    state: str = Field(description="met, missed, open (due, in progress, nothing yet), upcoming, or not_due (the center was not active all month).")
    services: int = Field(description="On-site services to private enterprises that month, as known at known_at.")


class CenterGrid(BaseModel):
    center_id: str
    name: str
    region: str
    registered_on: date
    closed_on: date | None
    months: list[CenterMonth]


class TargetDetail(TargetAttainment):
    year: int
    region: str
    as_of: date
    known_at: datetime
    rule: str
    centers: list[CenterGrid] | None = Field(default=None, description="T04: the center x month grid.")
