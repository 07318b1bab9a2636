from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path

from enforcement.assistance_centers.domain import ASSISTANCE_CENTER
from enforcement.onsite_services import domain
from enforcement.onsite_services.schemas import (
    OnsiteServiceView,
    OnsiteServiceWritten,
    RecordOnsiteService,
    RetractOnsiteService,
)
from kernel.auth import Reader
from kernel.commands import CommandBus, UnitOfWork, command_bus
from kernel.domain.dates import today
from kernel.endpoints import WRITE_RESPONSES, Engine
from kernel.problems import NotFound
from kernel.reads import load_state

router = APIRouter(prefix="/v1/onsite-services", tags=["on-site services"])
Commands = Annotated[CommandBus, Depends(command_bus("enforcement"))]
ServiceId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]


@router.post("", status_code=201, response_model=OnsiteServiceWritten, responses=WRITE_RESPONSES,
             summary="Record an on-site service to enterprises (measure 4)")
async def record_service(body: RecordOnsiteService, commands: Commands):
    service_id = str(uuid.uuid4())

    async def handle(uow: UnitOfWork) -> OnsiteServiceWritten:
        center = await uow.load(ASSISTANCE_CENTER, body.center_id)
        if center.exists:
            uow.principal.require_region(center.state.region, field="center_id")
        service = uow.start(domain.ONSITE_SERVICE, service_id)
        events = domain.record(
            center, service_id=service_id, occurred_on=body.occurred_on, enterprises=body.enterprises,
            summary=body.summary, today=today(),
        )
        return OnsiteServiceWritten(service_id=service_id, stream_version=uow.record(service, events))

    return await commands.run(handle, location=f"/v1/onsite-services/{service_id}")


@router.post("/{service_id}/retraction", status_code=201, response_model=OnsiteServiceWritten,
             responses={404: {"description": "No such service"}, **WRITE_RESPONSES},
             summary="Retract an on-site service record: it no longer counts")
async def retract_service(service_id: ServiceId, body: RetractOnsiteService, commands: Commands):
    return await commands.change(
        domain.ONSITE_SERVICE, service_id,
        lambda service: domain.retract(service, service_id=service_id, reason=body.reason, today=today()),
        lambda version: OnsiteServiceWritten(service_id=service_id, stream_version=version),
        location=f"/v1/onsite-services/{service_id}",
    )


@router.get("/{service_id}", response_model=OnsiteServiceView, summary="An on-site service as recorded now")
async def get_service(service_id: ServiceId, engine: Engine, reader: Reader) -> OnsiteServiceView:
    state, version = await load_state(engine, domain.ONSITE_SERVICE, service_id, reader)
    if not version:
        raise NotFound("on-site service", service_id)
    return OnsiteServiceView(
        service_id=state.service_id, center_id=state.center_id, region=state.region, occurred_on=state.occurred_on,
        enterprises=list(state.enterprises), summary=state.summary, retracted_on=state.retracted_on,
        retraction_reason=state.retraction_reason, stream_version=version,
    )
