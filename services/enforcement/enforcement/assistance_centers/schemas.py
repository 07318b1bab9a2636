from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from kernel.domain.dates import BusinessDate
from kernel.domain.regions import Region
from kernel.domain.text import Identifier, Name
from kernel.reads import LimitedToRegion


class RegisterAssistanceCenter(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"center_id": "wuhan-east-lake", "name": "东湖高新区知识产权维权援助工作站", "region": "420100", "registered_on": "2019-01-01"}]},
    )

    center_id: Identifier
    name: Name
    region: Region
    registered_on: BusinessDate = Field(description="The first day the center operates.")


class CloseAssistanceCenter(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"closed_on": "2019-09-30"}]})

    closed_on: BusinessDate = Field(description="The last day the center operates.")


class AssistanceCenterWritten(BaseModel):
    center_id: str
    stream_version: int


class AssistanceCenterView(BaseModel):
    center_id: str
    name: str
    region: str
    registered_on: date
    closed_on: date | None
    stream_version: int


class AssistanceCenterList(BaseModel):
    items: list[AssistanceCenterView]
    next_after: str | None = Field(description="Pass as `after` for the next page; null on the last page.")
    limited_to_region: LimitedToRegion = None
