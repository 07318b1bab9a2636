from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from kernel.domain.dates import BusinessDate
from kernel.domain.enterprise import EXAMPLE_ENTERPRISE, Enterprise
from kernel.domain.text import Identifier, Summary
from outreach.agency_aid.domain import AidServiceKind, EnterpriseSituation


class ProvideAgencyAid(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "agency_id": "wh-ip-agency-017", "enterprise": EXAMPLE_ENTERPRISE, "enterprise_situation": "start_up",
            "service_kind": "patent_application", "waived_amount_cny": 3000, "provided_on": "2019-08-12",
            "summary": "免费代理两件实用新型专利申请",
        }]},
    )

    agency_id: Identifier = Field(description="The registered agency that gave the service.")
    enterprise: Enterprise = Field(description="The enterprise aided; it must be private.")
    enterprise_situation: EnterpriseSituation
    service_kind: AidServiceKind
    waived_amount_cny: int = Field(strict=True, ge=1, le=10_000_000_000, description="The fee waived, in whole yuan.")
    provided_on: BusinessDate
    summary: Summary = ""


class AgencyAidWritten(BaseModel):
    aid_id: str
    stream_version: int


class AgencyAidView(BaseModel):
    aid_id: str
    agency_id: str
    region: str
    enterprise: Enterprise
    enterprise_situation: EnterpriseSituation
    service_kind: AidServiceKind
    waived_amount_cny: int
    provided_on: date
    summary: str
    retracted_on: date | None
    retraction_reason: str | None
    stream_version: int
