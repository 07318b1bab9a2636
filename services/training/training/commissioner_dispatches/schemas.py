from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from kernel.domain.dates import BusinessDate
from kernel.domain.enterprise import EXAMPLE_ENTERPRISE, Enterprise
from kernel.domain.text import Reason
from training.commissioner_dispatches.domain import Commissioner, ServiceKind

EXAMPLE_COMMISSIONER = {"commissioner_id": "TPY-2019-017", "name": "张某", "specialty": "专利代理"}


class DispatchCommissioner(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "commissioner": EXAMPLE_COMMISSIONER, "enterprise": EXAMPLE_ENTERPRISE, "service_kind": "patent_navigation",
        "starts_on": "2019-06-01", "ends_on": "2019-11-30",
    }]})

    commissioner: Commissioner
    enterprise: Enterprise = Field(description="The enterprise served, with its ownership on the day of the dispatch.")
    service_kind: ServiceKind = Field(
        description="patent_navigation (专利导航), ip_evaluation (知识产权评议), high_value_patent_cultivation "
        "(高价值专利培育), trademark_brand_cultivation (商标品牌培育), gi_poverty_alleviation (地理标志扶贫)."
    )
    starts_on: BusinessDate = Field(description="First day of the term; not in the future.")
    ends_on: BusinessDate = Field(description="Last day of the term as dispatched; on or after `starts_on`.")


class ConcludeDispatch(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"outcome": "完成企业专利导航分析报告一份，提交发明专利申请3件"},
        {"outcome": "企业停产，服务提前结束", "concluded_on": "2019-09-15"},
    ]})

    outcome: Reason = Field(description="What the service achieved, as noted at its end.")
    concluded_on: BusinessDate | None = Field(
        default=None, description="The day the service ended; defaults to the term's last day (or today, if that is still ahead)."
    )


class RetractDispatch(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"reason": "recorded twice"}]})

    reason: Reason


class DispatchWritten(BaseModel):
    dispatch_id: str
    stream_version: int


class DispatchView(BaseModel):
    dispatch_id: str
    commissioner: Commissioner
    enterprise: Enterprise
    service_kind: ServiceKind
    starts_on: date
    ends_on: date
    status: str = Field(description="dispatched, concluded or retracted")
    concluded_on: date | None
    outcome: str | None
    retracted_on: date | None
    retraction_reason: str | None
    stream_version: int
