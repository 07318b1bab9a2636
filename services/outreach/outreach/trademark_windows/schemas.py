from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from kernel.domain.dates import BusinessDate
from kernel.domain.regions import Region
from kernel.domain.text import Identifier, Name

Month = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^20\d\d-(0[1-9]|1[0-2])$"),
                  Field(description="A calendar month, `YYYY-MM`.", examples=["2019-03"])]


class OpenTrademarkWindow(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"window_id": "yc-tm-window", "name": "国家知识产权局商标局宜昌商标受理窗口",
                                          "host": "宜昌市市场监督管理局", "region": "420500", "opened_on": "2019-02-25"}]},
    )

    window_id: Identifier
    name: Name
    host: Name = Field(description="The body that runs the window.")
    region: Region
    opened_on: BusinessDate


class CountAcceptances(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"month": "2019-03", "applications_accepted": 412}]})

    month: Month
    applications_accepted: int = Field(strict=True, ge=0, le=10_000_000, description="Trademark applications the window accepted in the month.")


class TrademarkWindowWritten(BaseModel):
    window_id: str
    stream_version: int


class MonthlyFigure(BaseModel):
    month: str
    applications_accepted: int


class TrademarkWindowView(BaseModel):
    window_id: str
    name: str
    host: str
    region: str
    opened_on: date
    monthly: list[MonthlyFigure] = Field(description="The figure that stands for each month, in month order.")
    stream_version: int
