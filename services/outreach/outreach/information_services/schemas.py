from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from kernel.domain.dates import BusinessDate
from kernel.domain.enterprise import EXAMPLE_ENTERPRISE, Enterprise
from kernel.domain.text import Identifier, Summary
from outreach.information_services.domain import InformationServiceKind


class DeliverInformationService(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "station_id": "xy-station-01", "enterprise": EXAMPLE_ENTERPRISE, "kind": "analysis",
            "delivered_on": "2019-06-20", "free_of_charge": True, "summary": "新能源汽车电池领域专利态势分析",
        }]},
    )

    station_id: Identifier = Field(description="The registered station that delivered the service.")
    enterprise: Enterprise
    kind: InformationServiceKind
    delivered_on: BusinessDate
    free_of_charge: bool = Field(default=True, description="A public-interest service, given free.")
    summary: Summary = ""


class InformationServiceWritten(BaseModel):
    service_id: str
    stream_version: int


class InformationServiceView(BaseModel):
    service_id: str
    station_id: str
    region: str
    enterprise: Enterprise
    kind: InformationServiceKind
    delivered_on: date
    free_of_charge: bool
    summary: str
    retracted_on: date | None
    retraction_reason: str | None
    stream_version: int
