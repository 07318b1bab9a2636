from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from kernel.domain.dates import BusinessDate
from kernel.domain.enterprise import EXAMPLE_ENTERPRISE, Enterprise
from kernel.domain.text import Name, Summary
from outreach.common import Label

MeasureNumber = Annotated[int, Field(strict=True, ge=1, le=24)]


class PublishCaseStory(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "enterprise": EXAMPLE_ENTERPRISE, "measures": [7, 9], "title": "一家科技型民企的专利质押融资之路",
            "outlet": "湖北日报", "published_on": "2019-10-08", "summary": "以 12 件发明专利质押获得贷款 2000 万元",
        }]},
    )

    enterprise: Enterprise = Field(description="The private enterprise the case is about.")
    measures: list[MeasureNumber] = Field(min_length=1, max_length=24, description="The measures (1-24) the case illustrates.")
    title: Name
    outlet: Label = ""
    published_on: BusinessDate
    summary: Summary = ""


class CaseStoryWritten(BaseModel):
    story_id: str
    stream_version: int


class CaseStoryView(BaseModel):
    story_id: str
    enterprise: Enterprise
    region: str
    measures: list[int]
    title: str
    outlet: str
    published_on: date
    summary: str
    retracted_on: date | None
    retraction_reason: str | None
    stream_version: int
