from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from kernel.domain.dates import BusinessDate
from kernel.domain.regions import ReportingArea
from kernel.domain.text import Name
from outreach.common import Label
from outreach.publicity.domain import Channel


class PublishItem(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "channel": "wechat", "published_on": "2019-03-15", "region": "420000",
            "title": "湖北省知识产权局支持民营经济持续健康发展的若干措施解读", "outlet": "湖北知识产权微信公众号", "reach": 18500,
        }]},
    )

    channel: Channel
    published_on: BusinessDate
    region: ReportingArea = Field(description="420000 for provincial publicity, or the division that published it.")
    title: Name
    outlet: Label = Field(default="", description="The newspaper, station, site or account.")
    reach: int | None = Field(strict=True, default=None, ge=0, le=10_000_000_000, description="Readers, viewers or visits, where known.")


class PublicityItemWritten(BaseModel):
    item_id: str
    stream_version: int


class PublicityItemView(BaseModel):
    item_id: str
    channel: Channel
    published_on: date
    region: str
    title: str
    outlet: str
    reach: int | None
    retracted_on: date | None
    retraction_reason: str | None
    stream_version: int
