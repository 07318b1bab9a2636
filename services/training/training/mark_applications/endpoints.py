from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path

from kernel.auth import Reader
from kernel.commands import CommandBus, command_bus
from kernel.domain.dates import today
from kernel.endpoints import CHANGE_RESPONSES, WRITE_RESPONSES, Engine
from kernel.problems import NotFound
from kernel.reads import load_state
from training.mark_applications import domain
from training.mark_applications.schemas import (
    ApplicationView,
    ApplicationWritten,
    DecideApplication,
    FileApplication,
    RetractApplication,
)

router = APIRouter(prefix="/v1/mark-applications", tags=["brand incubation"])
Commands = Annotated[CommandBus, Depends(command_bus("training"))]
ApplicationId = Annotated[str, Path(min_length=1, max_length=64)]


@router.post("", status_code=201, response_model=ApplicationWritten, responses={422: WRITE_RESPONSES[422]},
             summary="Record an application for well-known trademark recognition or GI registration (measure 13)")
async def file_application(body: FileApplication, commands: Commands):
    application_id = str(uuid.uuid4())

    return await commands.create(
        domain.APPLICATION, application_id,
        lambda application: domain.file(
            application, application_id=application_id, kind=body.kind, applicant=body.applicant, mark=body.mark,
            application_number=body.application_number, filed_on=body.filed_on, today=today(),
        ),
        lambda version: ApplicationWritten(application_id=application_id, stream_version=version),
        location=f"{router.prefix}/{application_id}", region=body.applicant.region, region_field="applicant.region",
    )


async def _change(commands: CommandBus, application_id: str, decide, **arguments):
    """Apply one decision to an existing application, within the token's region."""
    return await commands.change(
        domain.APPLICATION, application_id,
        lambda application: decide(application, application_id=application_id, **arguments, today=today()),
        lambda version: ApplicationWritten(application_id=application_id, stream_version=version),
        location=f"{router.prefix}/{application_id}",
        region_of=lambda application: application.applicant.region, region_field="applicant.region",
    )


@router.post("/{application_id}/decision", status_code=201, response_model=ApplicationWritten, responses=CHANGE_RESPONSES,
             summary="Record the outcome of the application")
async def decide_application(application_id: ApplicationId, body: DecideApplication, commands: Commands):
    return await _change(commands, application_id, domain.decide, outcome=body.outcome, decided_on=body.decided_on, note=body.note)


@router.post("/{application_id}/retraction", status_code=201, response_model=ApplicationWritten, responses=CHANGE_RESPONSES,
             summary="Retract an application record: it no longer counts")
async def retract_application(application_id: ApplicationId, body: RetractApplication, commands: Commands):
    return await _change(commands, application_id, domain.retract, reason=body.reason)


@router.get("/{application_id}", response_model=ApplicationView, summary="An application as recorded now")
async def get_application(application_id: ApplicationId, engine: Engine, reader: Reader) -> ApplicationView:
    state, version = await load_state(engine, domain.APPLICATION, application_id, reader)
    if not version:
        raise NotFound("mark application", application_id)
    return ApplicationView(
        application_id=state.application_id, kind=state.kind, applicant=state.applicant, mark=state.mark,
        application_number=state.application_number, filed_on=state.filed_on, status=state.status,
        outcome=state.outcome, decided_on=state.decided_on, note=state.note, retracted_on=state.retracted_on,
        retraction_reason=state.retraction_reason, stream_version=version,
    )
