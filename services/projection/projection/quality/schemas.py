"""The answers of the data-quality reads."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field


class Lag(BaseModel):
    median: float | None = Field(description="Days from the day it happened to the day recorded (Beijing time).")
    p90: float | None
    max: int | None


class MonthKind(BaseModel):
    region: str
    month: str = Field(examples=["2019-03"])
    measure: int
    kind: str = Field(description="The record kind (the indicators' fact kind), e.g. onsite_service.")
    records: int
    lag_days: Lag
    on_time: int
    on_time_share: float = Field(description="Recorded by `timely_days` after the month's last day, of all records.")


class Missing(BaseModel):
    unserved_centers: list[dict[str, Any]] = Field(description="Due center-months without an on-site service to a private enterprise: missed (over) or open (this month, days_left).")
    silent_regions: list[dict[str, Any]] = Field(description="Regions with no record of a measure in the last `silent_months` complete months, for measures some region recorded then.")
    unfinished_trainings: list[dict[str, Any]] = Field(description="Trainings planned, past their last day, neither completed nor cancelled.")
    unanswered_requests: list[dict[str, Any]] = Field(description="Assistance requests without a first response more than `first_response_days` after receipt.")


class Completeness(BaseModel):
    year: int
    region: str
    as_of: date
    known_at: datetime
    as_of_requested: date | None = None
    as_of_clamped: bool = False
    timely_days: int
    settings: dict[str, int]
    months: list[MonthKind]
    missing: Missing
    limited_to_region: str | None = None


class RuleText(BaseModel):
    id: str = Field(examples=["Q02"])
    zh: str
    en: str


class FlaggedRecord(BaseModel):
    kind: str
    id: str
    region: str | None
    date: date | None
    recorded_at: datetime | None


class Review(BaseModel):
    note: str
    actor: str | None
    reviewed_at: datetime


class Flag(BaseModel):
    id: str = Field(description="The rule and the record: `Q02:<training id>`.")
    rule: RuleText
    record: FlaggedRecord
    values: dict[str, Any]
    threshold: dict[str, Any]
    status: Literal["open", "reviewed"]
    review: Review | None = None


class FlagList(BaseModel):
    year: int
    region: str
    as_of: date
    known_at: datetime
    status: Literal["open", "reviewed", "all"]
    rules: list[RuleText]
    flags: list[Flag]
    limited_to_region: str | None = None


class ReviewRequest(BaseModel):
    year: int = Field(ge=2000, le=2100, description="The year whose flags hold this one (as known now).")
    note: str = Field(min_length=1, max_length=2000, description="What the reviewer found; 复核说明。")


class ReviewAnswer(BaseModel):
    flag_id: str
    status: Literal["reviewed"] = "reviewed"
    version: int
