from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from kernel.domain.dates import BusinessDate
from kernel.domain.regions import Region
from kernel.domain.text import Identifier, Name
from outreach.information_stations.domain import HostKind


class OpenInformationStation(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "station_id": "xy-station-01", "name": "襄阳市专利信息服务站", "host_institution": "襄阳市专利文献服务网点",
            "host_kind": "patent_document_outlet", "region": "420600", "opened_on": "2019-05-06",
        }]},
    )

    station_id: Identifier
    name: Name
    host_institution: Name = Field(description="The institution that runs the station.")
    host_kind: HostKind
    region: Region
    opened_on: BusinessDate


class CloseInformationStation(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"closed_on": "2019-12-20"}]})

    closed_on: BusinessDate = Field(description="The last day the station serves.")


class InformationStationWritten(BaseModel):
    station_id: str
    stream_version: int


class InformationStationView(BaseModel):
    station_id: str
    name: str
    host_institution: str
    host_kind: HostKind
    region: str
    opened_on: date
    closed_on: date | None
    stream_version: int
