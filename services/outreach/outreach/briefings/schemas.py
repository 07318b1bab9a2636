from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from kernel.domain.dates import BusinessDate
from kernel.domain.regions import Region
from outreach.briefings.domain import Audience, BriefingTopic
from outreach.common import Label


class HoldBriefing(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "occurred_on": "2019-04-18", "region": "420100", "topic": "patent_fee_reduction",
            "audience": "private_enterprises", "attendance": 120, "enterprises_attending": 85,
            "title": "专利收费减缓及优先审查政策宣讲会", "organiser": "武汉市知识产权局",
        }]},
    )

    occurred_on: BusinessDate = Field(description="The day the briefing was held.")
    region: Region = Field(description="The division where it was held.")
    topic: BriefingTopic = Field(description="The policy explained; T19 counts `patent_fee_reduction`.")
    audience: Audience = Field(description="Whom it was organised for; T19 counts `private_enterprises`.")
    attendance: int = Field(strict=True, ge=1, le=1_000_000, description="Persons attending.")
    enterprises_attending: int | None = Field(strict=True, default=None, ge=0, le=1_000_000, description="Enterprises represented, where known.")
    title: Label = ""
    organiser: Label = ""


class BriefingWritten(BaseModel):
    briefing_id: str
    stream_version: int


class BriefingView(BaseModel):
    briefing_id: str
    occurred_on: date
    region: str
    topic: BriefingTopic
    audience: Audience
    attendance: int
    enterprises_attending: int | None
    title: str
    organiser: str
    retracted_on: date | None
    retraction_reason: str | None
    stream_version: int

