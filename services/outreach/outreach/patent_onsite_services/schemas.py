from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from kernel.domain.dates import BusinessDate
from kernel.domain.enterprise import EXAMPLE_ENTERPRISE, Enterprise
from kernel.domain.text import Summary
from outreach.patent_onsite_services.domain import OnsiteServiceKind


class ProvidePatentOnsiteService(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"occurred_on": "2019-06-05", "enterprise": EXAMPLE_ENTERPRISE,
                                          "kind": "pledge_registration", "summary": "上门办理专利权质押登记"}]},
    )

    occurred_on: BusinessDate = Field(description="The day the service was provided at the enterprise.")
    enterprise: Enterprise
    kind: OnsiteServiceKind
    summary: Summary = ""


class PatentOnsiteServiceWritten(BaseModel):
    service_id: str
    stream_version: int


class PatentOnsiteServiceView(BaseModel):
    service_id: str
    occurred_on: date
    region: str
    enterprise: Enterprise
    kind: OnsiteServiceKind
    summary: str
    retracted_on: date | None
    retraction_reason: str | None
    stream_version: int
