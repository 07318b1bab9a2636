from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from kernel.domain.dates import BusinessDate
from kernel.domain.enterprise import USCC, Ownership
from kernel.domain.regions import Region
from kernel.domain.text import Identifier, Name, Summary
from kernel.reads import LimitedToRegion
from outreach.agencies.domain import SupervisionFinding, SupervisionKind


class RegisterServiceAgency(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "agency_id": "wh-ip-agency-017", "name": "武汉某某知识产权代理有限公司", "uscc": "91420100MA4KPN7X2M",
            "ownership": "private", "region": "420100", "registered_on": "2019-03-01", "in_cluster_zone": False,
        }]},
    )

    agency_id: Identifier
    name: Name
    uscc: USCC | None = Field(default=None, description="The agency's own credit code, where known.")
    ownership: Ownership = Field(description="Recorded only: the same rules apply to every ownership (measure 14).")
    region: Region
    registered_on: BusinessDate = Field(description="The day the agency was admitted to practise.")
    in_cluster_zone: bool = Field(default=False, description="Settled in the East Lake national IP service industry cluster zone from the start.")


class SettleInClusterZone(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"settled_on": "2019-07-01"}]})

    settled_on: BusinessDate


class LeaveClusterZone(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"left_on": "2019-11-30"}]})

    left_on: BusinessDate


class RecordSupervision(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"acted_on": "2019-09-10", "kind": "spot_check", "finding": "compliant",
                                          "summary": "代理质量抽查，未发现问题"}]},
    )

    acted_on: BusinessDate = Field(description="The day of the supervision action.")
    kind: SupervisionKind
    finding: SupervisionFinding
    summary: Summary = ""


class ServiceAgencyWritten(BaseModel):
    agency_id: str
    stream_version: int


class SupervisionWritten(BaseModel):
    agency_id: str
    action_id: str
    stream_version: int


class ServiceAgencyView(BaseModel):
    agency_id: str
    name: str
    uscc: str | None
    ownership: Ownership
    region: str
    registered_on: date
    in_cluster_zone: bool
    zone_changed_on: date | None = Field(description="The last day the agency registered, settled into or left the zone.")
    supervision_actions: int
    stream_version: int


class ServiceAgencyList(BaseModel):
    items: list[ServiceAgencyView]
    next_after: str | None = Field(description="Pass as `after` for the next page; null on the last page.")
    limited_to_region: LimitedToRegion = None
