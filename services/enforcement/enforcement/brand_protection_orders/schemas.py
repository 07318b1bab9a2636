from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from enforcement.brand_protection_orders.domain import ActionKind, OrderOutcome
from kernel.domain.dates import BusinessDate
from kernel.domain.enterprise import EXAMPLE_ENTERPRISE, Enterprise
from kernel.domain.regions import Region
from kernel.domain.text import Name, Summary

TrademarkNumber = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9]{4,12}$")]


class RequestBrandProtection(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "brand_owner": EXAMPLE_ENTERPRISE, "region": "420100", "trademark_registration_number": "12345678",
            "regions_concerned": ["420100", "420500"], "markets": ["汉正街小商品市场"], "requested_on": "2019-03-01",
        }]},
    )

    brand_owner: Enterprise = Field(description="The enterprise owning the brand, with its ownership at the time.")
    region: Region = Field(description="The division whose bureau takes the order.")
    trademark_registration_number: TrademarkNumber = Field(description="The registered trademark's number (digits).")
    regions_concerned: list[Region] = Field(min_length=1, max_length=17, description="Divisions where counterfeits are to be pursued.")
    markets: list[Name] = Field(default_factory=list, max_length=100, description="Markets or platforms named in the order.")
    requested_on: BusinessDate


class TakeBrandProtectionAction(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"action_region": "420500", "kind": "raid", "taken_on": "2019-03-20",
                                          "goods_seized_count": 1200, "summary": "查获假冒商品1200件"}]},
    )

    action_region: Region = Field(description="Where the action took place: one of the order's regions.")
    kind: ActionKind
    taken_on: BusinessDate
    goods_seized_count: int | None = Field(strict=True, default=None, ge=1, le=10**9, description="Counterfeit items seized, where any.")
    summary: Summary = ""


class CloseBrandProtectionOrder(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"closed_on": "2019-04-30", "outcome": "fulfilled"}]})

    closed_on: BusinessDate
    outcome: OrderOutcome


class BrandProtectionOrderWritten(BaseModel):
    order_id: str
    stream_version: int


class ActionView(BaseModel):
    action_region: str
    kind: ActionKind
    taken_on: date
    goods_seized_count: int | None
    summary: str


class BrandProtectionOrderView(BaseModel):
    order_id: str
    region: str
    brand_owner: Enterprise
    trademark_registration_number: str
    regions_concerned: list[str]
    markets: list[str]
    requested_on: date
    actions: list[ActionView]
    closed_on: date | None
    outcome: OrderOutcome | None
    stream_version: int
