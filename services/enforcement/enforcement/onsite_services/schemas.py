from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from kernel.domain.dates import BusinessDate
from kernel.domain.enterprise import EXAMPLE_ENTERPRISE, Enterprise
from kernel.domain.text import Identifier, Reason, Summary



class RecordOnsiteService(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"center_id": "wuhan-east-lake", "occurred_on": "2019-03-12",
                                          "enterprises": [EXAMPLE_ENTERPRISE], "summary": "上门指导专利布局与维权取证"}]},
    )

    center_id: Identifier
    occurred_on: BusinessDate = Field(description="The day the service took place.")
    enterprises: list[Enterprise] = Field(min_length=1, max_length=500, description="The enterprises served.")
    summary: Summary = ""


class RetractOnsiteService(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"reason": "duplicate of an earlier record"}]})

    reason: Reason


class OnsiteServiceWritten(BaseModel):
    service_id: str
    stream_version: int


class OnsiteServiceView(BaseModel):
    service_id: str
    center_id: str
    region: str
    occurred_on: date
    enterprises: list[Enterprise]
    summary: str
    retracted_on: date | None
    retraction_reason: str | None
    stream_version: int
