from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from kernel.reads import LimitedToRegion
from projection.attainment.status import Status


class Title(BaseModel):
    zh: str
    en: str


class TargetAttainment(BaseModel):
    id: str = Field(examples=["T04"])
    measure: int
    title: Title
    actual: int | float | None = Field(description="A count, or a share between 0 and 1; null when nothing is due yet (a share of nothing).")
    threshold: int | float | None = Field(description="What the rule compares the actual with; null where the rule does not apply to a single region.")
    comparator: str = Field(examples=[">="])
    status: Status | None = Field(description="met, missed, on_track, at_risk or not_due; null where the rule does not apply to a single region.")
    detail: dict[str, Any]


class AttainmentReport(BaseModel):
    year: int
    region: str = Field(description="420000 for the province, else the division's code.")
    as_of: date
    as_of_requested: date | None = Field(default=None, description="所请求的截至日期（未给出则为空）；the as_of asked for, null when none was given.")
    as_of_clamped: bool = Field(default=False, description="所请求的截至日期晚于今天（北京时间），按今天计算；true when the as_of asked for is after today (Beijing time) and the figures count to today instead.")
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


class ContributingRecord(BaseModel):
    id: str = Field(description="The record's id in its service (service_id, project_id, event_id, recognition_id, briefing_id, visit_id, training_id).")
    date: dt.date = Field(description="The day it counts on (occurred, registered, recognised, or for a training the day it finished).")
    region: str
    recorded_at: datetime = Field(description="When it was recorded (for a training: when its completion was).")
    facts: dict[str, Any] = Field(description="What the record adds to the figure, e.g. private, amount_cny, person_times.")


class TargetDetail(TargetAttainment):
    year: int
    region: str
    as_of: date
    as_of_requested: date | None = Field(default=None, description="所请求的截至日期（未给出则为空）；the as_of asked for, null when none was given.")
    as_of_clamped: bool = Field(default=False, description="所请求的截至日期晚于今天（北京时间），按今天计算；true when the as_of asked for is after today (Beijing time) and the figures count to today instead.")
    known_at: datetime
    rule: str
    stretch: float | None = Field(default=None, description="A higher value the seed also names, where it names one.")
    centers: list[CenterGrid] | None = Field(default=None, description="T04: the center x month grid.")
    centers_at_risk: list[dict[str, Any]] | None = Field(
        default=None, description="T04：本月尚未上门服务的中心（剩余天数）；T04: the centers with no on-site service yet this "
        "month (`days_left`), of the token's region; `detail.outlook.centers_at_risk_count` counts every region's.")
    months_lost: list[dict[str, Any]] | None = Field(
        default=None, description="T04：已错过的中心月份；T04: the center-months already missed, of the token's region; "
        "`detail.outlook.months_lost_count` counts every region's.")
    records: list[ContributingRecord] = Field(
        description="The records behind the figure, as known at known_at, dated from 1 January to as_of (T09b: every "
        "project, private or not; T11: also the previous year's, flagged previous_year, which make the threshold)."
    )
    limited_to_region: LimitedToRegion = None


class TimelinePoint(BaseModel):
    month: str = Field(examples=["2019-03"])
    as_of: date = Field(description="The month's last day, or the last day counted when the month is the current one.")
    reached: bool = Field(description="False for a month after today (or after known_at): no actual yet.")
    actual: int | float | None
    pro_rata: float | None = Field(
        description="The line to be on: for a count the threshold times the elapsed fraction of the year at as_of; for a "
        "share the threshold itself. Null where the rule does not apply to a single region."
    )
    status: Status | None


class Timeline(BaseModel):
    year: int
    target: str
    region: str
    as_of: date | None = Field(default=None, description="The last day the points count (the timeline stops there).")
    as_of_requested: date | None = Field(default=None, description="所请求的截至日期（未给出则为空）；the as_of asked for, null when none was given.")
    as_of_clamped: bool = Field(default=False, description="所请求的截至日期晚于今天（北京时间），按今天计算；true when the as_of asked for is after today (Beijing time) and the figures count to today instead.")
    known_at: datetime
    threshold: int | float | None = Field(description="The threshold at the year's end (T11: the previous year's share).")
    comparator: str
    points: list[TimelinePoint]
