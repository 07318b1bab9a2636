from __future__ import annotations

from fastapi import APIRouter

from kernel.auth import Reader
from kernel.domain.dates import today
from kernel.endpoints import CHANGE_RESPONSES, NOT_FOUND, WRITE_RESPONSES, Engine
from kernel.problems import NotFound
from kernel.reads import load_state
from outreach.common import Commands, RecordId
from outreach.information_stations import domain
from outreach.information_stations.schemas import (
    CloseInformationStation,
    InformationStationView,
    InformationStationWritten,
    OpenInformationStation,
)

router = APIRouter(prefix="/v1/information-stations", tags=["patent information"])


@router.post("", status_code=201, response_model=InformationStationWritten, responses=WRITE_RESPONSES,
             summary="Register a patent information service station (measure 18)")
async def open_station(body: OpenInformationStation, commands: Commands):
    return await commands.create(
        domain.INFORMATION_STATION, body.station_id,
        lambda station: domain.open_station(station, **body.model_dump(), today=today()),
        lambda version: InformationStationWritten(station_id=body.station_id, stream_version=version),
        location=f"/v1/information-stations/{body.station_id}", region=body.region, fresh=False,
    )


@router.post("/{station_id}/closure", status_code=201, response_model=InformationStationWritten,
             responses=CHANGE_RESPONSES, summary="The station stops serving")
async def close_station(station_id: RecordId, body: CloseInformationStation, commands: Commands):
    return await commands.change(
        domain.INFORMATION_STATION, station_id,
        lambda station: domain.close_station(station, station_id=station_id, closed_on=body.closed_on, today=today()),
        lambda version: InformationStationWritten(station_id=station_id, stream_version=version),
        location=f"/v1/information-stations/{station_id}",
    )


@router.get("/{station_id}", response_model=InformationStationView, responses=NOT_FOUND, summary="A station as recorded now")
async def get_station(station_id: RecordId, engine: Engine, reader: Reader) -> InformationStationView:
    state, version = await load_state(engine, domain.INFORMATION_STATION, station_id, reader)
    if not version:
        raise NotFound("information station", station_id)
    return InformationStationView(
        station_id=state.station_id, name=state.name, host_institution=state.host_institution, host_kind=state.host_kind,
        region=state.region, opened_on=state.opened_on, closed_on=state.closed_on, stream_version=version,
    )
