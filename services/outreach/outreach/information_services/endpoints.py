from __future__ import annotations

import uuid

from fastapi import APIRouter

from kernel.auth import Reader
from kernel.commands import UnitOfWork
from kernel.domain.dates import today
from kernel.endpoints import CHANGE_RESPONSES, NOT_FOUND, WRITE_RESPONSES, Engine
from kernel.problems import NotFound
from kernel.reads import load_state
from outreach.common import Commands, RecordId, Retract
from outreach.information_services import domain
from outreach.information_services.schemas import (
    DeliverInformationService,
    InformationServiceView,
    InformationServiceWritten,
)
from outreach.information_stations.domain import INFORMATION_STATION

router = APIRouter(prefix="/v1/information-services", tags=["patent information"])


@router.post("", status_code=201, response_model=InformationServiceWritten, responses=WRITE_RESPONSES,
             summary="Record a patent information service delivered to an enterprise (measure 18)")
async def deliver_service(body: DeliverInformationService, commands: Commands):
    service_id = str(uuid.uuid4())

    async def handle(uow: UnitOfWork) -> InformationServiceWritten:
        station = await uow.load(INFORMATION_STATION, body.station_id)
        if station.exists:
            uow.principal.require_region(station.state.region, field="station_id")
        service = uow.start(domain.INFORMATION_SERVICE, service_id)
        events = domain.deliver(service.state, station, service_id=service_id, enterprise=body.enterprise, kind=body.kind,
                                delivered_on=body.delivered_on, free_of_charge=body.free_of_charge,
                                summary=body.summary, today=today())
        return InformationServiceWritten(service_id=service_id, stream_version=uow.record(service, events))

    return await commands.run(handle, location=f"/v1/information-services/{service_id}")


@router.post("/{service_id}/retraction", status_code=201, response_model=InformationServiceWritten,
             responses=CHANGE_RESPONSES, summary="Retract an information service record")
async def retract_service(service_id: RecordId, body: Retract, commands: Commands):
    return await commands.change(
        domain.INFORMATION_SERVICE, service_id,
        lambda service: domain.retract(service, service_id=service_id, reason=body.reason, today=today()),
        lambda version: InformationServiceWritten(service_id=service_id, stream_version=version),
        location=f"/v1/information-services/{service_id}",
    )


@router.get("/{service_id}", response_model=InformationServiceView, responses=NOT_FOUND,
            summary="An information service as recorded now")
async def get_service(service_id: RecordId, engine: Engine, reader: Reader) -> InformationServiceView:
    state, version = await load_state(engine, domain.INFORMATION_SERVICE, service_id, reader)
    if not version:
        raise NotFound("information service", service_id)
    return InformationServiceView(
        service_id=state.service_id, station_id=state.station_id, region=state.region, enterprise=state.enterprise,
        kind=state.kind, delivered_on=state.delivered_on, free_of_charge=state.free_of_charge, summary=state.summary,
        retracted_on=state.retracted_on, retraction_reason=state.retraction_reason, stream_version=version,
    )
