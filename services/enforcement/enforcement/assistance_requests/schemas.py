from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from enforcement.assistance_requests.domain import Channel
from kernel.domain.enterprise import EXAMPLE_ENTERPRISE, Enterprise
from kernel.domain.text import Identifier, Summary


class ReceiveAssistanceRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "center_id": "wuhan-east-lake", "enterprise": EXAMPLE_ENTERPRISE, "channel": "hotline_12330",
            "received_at": "2019-03-12T09:30:00+08:00", "summary": "电商平台商标侵权投诉，请求维权指导",
        }]},
    )

    center_id: Identifier = Field(description="The assistance center that received the request (first-inquiry responsibility).")
    enterprise: Enterprise = Field(description="The enterprise asking, with its ownership at the time.")
    channel: Channel
    received_at: AwareDatetime = Field(description="When the request arrived, with its UTC offset.")
    summary: Summary = ""


class RespondToAssistanceRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"responded_at": "2019-03-12T11:00:00+08:00"}]})

    responded_at: AwareDatetime = Field(description="When the center first answered the enterprise.")


class ResolveAssistanceRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"resolved_at": "2019-03-20T16:00:00+08:00", "summary": "协助取证，平台已下架侵权商品"}]},
    )

    resolved_at: AwareDatetime = Field(description="When the matter was handled and the enterprise told.")
    summary: Summary = ""


class AssistanceRequestWritten(BaseModel):
    request_id: str
    stream_version: int


class AssistanceRequestView(BaseModel):
    request_id: str
    center_id: str
    region: str
    enterprise: Enterprise
    channel: Channel
    received_at: datetime
    summary: str
    responded_at: datetime | None
    response_minutes: int | None = Field(description="Minutes from receipt to first response (derived).")
    resolved_at: datetime | None
    resolution_minutes: int | None = Field(description="Minutes from receipt to resolution (derived).")
    resolution_summary: str
    stream_version: int
