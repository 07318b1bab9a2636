from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Annotated

from fastapi import APIRouter, Depends

from enforcement.assistance_centers.domain import ASSISTANCE_CENTER
from enforcement.assistance_requests import domain
from enforcement.assistance_requests.schemas import (
    AssistanceRequestView,
    AssistanceRequestWritten,
    ReceiveAssistanceRequest,
    ResolveAssistanceRequest,
    RespondToAssistanceRequest,
)
from enforcement.routing import RecordId
from kernel.auth import Reader
from kernel.commands import CommandBus, UnitOfWork, command_bus
from kernel.endpoints import CHANGE_RESPONSES, WRITE_RESPONSES, Engine
from kernel.problems import NotFound
from kernel.reads import load_state

router = APIRouter(prefix="/v1/assistance-requests", tags=["assistance requests"])
Commands = Annotated[CommandBus, Depends(command_bus("enforcement"))]


def _now() -> datetime:
    return datetime.now(timezone.utc)


@router.post("", status_code=201, response_model=AssistanceRequestWritten, responses=WRITE_RESPONSES,
             summary="Record an assistance request received by a center; answers with `request_id`")
async def receive_request(body: ReceiveAssistanceRequest, commands: Commands):
    request_id = str(uuid.uuid4())

    async def handle(uow: UnitOfWork) -> AssistanceRequestWritten:
        center = await uow.load(ASSISTANCE_CENTER, body.center_id)
        if center.exists:
            uow.principal.require_region(center.state.region, field="center_id")
        request = uow.start(domain.ASSISTANCE_REQUEST, request_id)
        events = domain.receive(
            center, request_id=request_id, enterprise=body.enterprise, channel=body.channel,
            received_at=body.received_at, summary=body.summary, now=_now(),
        )
        return AssistanceRequestWritten(request_id=request_id, stream_version=uow.record(request, events))

    return await commands.run(handle, location=f"/v1/assistance-requests/{request_id}")


@router.post("/{request_id}/first-response", status_code=201, response_model=AssistanceRequestWritten,
             responses=CHANGE_RESPONSES, summary="Record the center's first response")
async def first_response(request_id: RecordId, body: RespondToAssistanceRequest, commands: Commands):
    return await commands.change(
        domain.ASSISTANCE_REQUEST, request_id,
        lambda request: domain.respond(request, request_id=request_id, responded_at=body.responded_at, now=_now()),
        lambda version: AssistanceRequestWritten(request_id=request_id, stream_version=version),
        location=f"/v1/assistance-requests/{request_id}",
    )


@router.post("/{request_id}/resolution", status_code=201, response_model=AssistanceRequestWritten,
             responses=CHANGE_RESPONSES, summary="Record that the request was handled and answered")
async def resolution(request_id: RecordId, body: ResolveAssistanceRequest, commands: Commands):
    return await commands.change(
        domain.ASSISTANCE_REQUEST, request_id,
        lambda request: domain.resolve(request, request_id=request_id, resolved_at=body.resolved_at, summary=body.summary, now=_now()),
        lambda version: AssistanceRequestWritten(request_id=request_id, stream_version=version),
        location=f"/v1/assistance-requests/{request_id}",
    )


@router.get("/{request_id}", response_model=AssistanceRequestView, summary="An assistance request as recorded now")
async def get_request(request_id: RecordId, engine: Engine, reader: Reader) -> AssistanceRequestView:
    state, version = await load_state(engine, domain.ASSISTANCE_REQUEST, request_id, reader)
    if not version:
        raise NotFound("assistance request", request_id)
    return AssistanceRequestView(
        request_id=state.request_id, center_id=state.center_id, region=state.region, enterprise=state.enterprise,
        channel=state.channel, received_at=state.received_at, summary=state.summary, responded_at=state.responded_at,
        response_minutes=state.response_minutes, resolved_at=state.resolved_at, resolution_minutes=state.resolution_minutes,
        resolution_summary=state.resolution_summary, stream_version=version,
    )
