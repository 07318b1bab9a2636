from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from kernel.domain.dates import BusinessDate
from kernel.domain.enterprise import USCC
from kernel.domain.regions import ReportingArea
from kernel.domain.text import Name, Reason


class ListEntity(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "uscc": "91420100MA4KPN7X2M", "name": "武汉某某贸易有限公司", "region": "420000",
            "authority": "湖北省知识产权局", "basis": "两次以上假冒专利行为被行政处罚，列为严重失信主体",
            "listed_on": "2019-05-20",
        }]},
    )

    uscc: USCC = Field(description="The entity's Unified Social Credit Code (GB 32100-2015).")
    name: Name = Field(description="The entity's registered name at the time of listing.")
    region: ReportingArea = Field(description="Jurisdiction of the listing authority: 420000 for the province, or a division.")
    authority: Name = Field(description="The authority that lists the entity.")
    basis: Reason = Field(description="Why the entity is listed for joint punishment (the decision and its grounds).")
    listed_on: BusinessDate = Field(description="The day the listing takes effect.")


class DelistEntity(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"delisted_on": "2020-05-20", "reason": "失信行为已纠正，公示期满，信用修复"}]},
    )

    delisted_on: BusinessDate = Field(description="The first day the entity is no longer listed.")
    reason: Reason


class CreditListWritten(BaseModel):
    uscc: str
    listing_number: int = Field(description="Which listing of this entity (from 1) the write concerns.")
    stream_version: int


class ListingView(BaseModel):
    listing_number: int
    name: str
    region: str
    authority: str
    basis: str
    listed_on: date
    delisted_on: date | None
    delisting_reason: str | None


class CreditStatus(BaseModel):
    uscc: str
    on: date = Field(description="The day the answer is for (today unless asked otherwise).")
    listed: bool = Field(description="Whether the entity is on the credit list on that day.")
    listed_since: date | None = Field(description="When the listing in force began; null when not listed.")
    name: str | None
    authority: str | None
    basis: str | None = Field(description="Why it is listed; null when not listed.")
    history: list[ListingView] = Field(description="Every listing of this entity, oldest first.")


class SnapshotEntry(BaseModel):
    uscc: str
    name: str
    listing_number: int
    region: str
    authority: str
    basis: str
    listed_on: date


class CreditSnapshot(BaseModel):
    listed_on_or_before: date = Field(description="The day of the snapshot: entities listed on or before it and not delisted by it.")
    items: list[SnapshotEntry]
    next_after: str | None = Field(description="Pass as `after` for the next page; null on the last page.")
