from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from kernel.domain.dates import BusinessDate
from kernel.domain.regions import ReportingArea
from kernel.domain.text import Name, Reason, Summary


class HoldJointMeeting(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "region": "420000", "held_on": "2019-03-15", "departments": ["省知识产权局", "省高级人民法院", "省公安厅", "省市场监管局"],
            "summary": "知识产权纠纷多元化解决联席会议",
        }]},
    )

    region: ReportingArea = Field(description="420000 for a provincial meeting, or the division that convened it.")
    held_on: BusinessDate
    departments: list[Name] = Field(min_length=2, max_length=100, description="The departments taking part.")
    summary: Summary = ""


class RetractJointMeeting(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"reason": "duplicate of an earlier record"}]})

    reason: Reason


class JointMeetingWritten(BaseModel):
    meeting_id: str
    stream_version: int


class JointMeetingView(BaseModel):
    meeting_id: str
    region: str
    held_on: date
    departments: list[str]
    summary: str
    retracted_on: date | None
    retraction_reason: str | None
    stream_version: int
