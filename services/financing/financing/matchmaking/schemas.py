from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from kernel.domain.dates import BusinessDate
from kernel.domain.enterprise import EXAMPLE_ENTERPRISE, Enterprise
from kernel.domain.regions import Region
from kernel.domain.text import Name, Reason, Summary


class HoldMatchmakingEvent(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"occurred_on": "2019-05-16", "region": "420100", "organiser": "武汉市知识产权局",
                                          "enterprises_attending": [EXAMPLE_ENTERPRISE],
                                          "banks_attending": ["汉口银行", "中国银行湖北省分行"],
                                          "summary": "知识产权质押融资银企对接会"}]},
    )

    occurred_on: BusinessDate = Field(description="The day the event was held.")
    region: Region = Field(description="Where it was held.")
    organiser: Name
    enterprises_attending: list[Enterprise] = Field(min_length=1, max_length=2000, description="Enterprises that took part.")
    banks_attending: list[Name] = Field(min_length=1, max_length=200, description="Banks and other lenders that took part.")
    summary: Summary = ""


class RetractMatchmakingEvent(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"reason": "the event was cancelled"}]})

    reason: Reason


class MatchmakingEventWritten(BaseModel):
    event_id: str
    stream_version: int


class MatchmakingEventView(BaseModel):
    event_id: str
    occurred_on: date
    region: str
    organiser: str
    enterprises_attending: list[Enterprise]
    banks_attending: list[str]
    summary: str
    retracted_on: date | None
    retraction_reason: str | None
    stream_version: int
