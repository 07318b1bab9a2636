from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path

from kernel.auth import Reader
from kernel.commands import CommandBus, UnitOfWork, command_bus
from kernel.domain.dates import today
from kernel.endpoints import Engine
from kernel.problems import NotFound
from kernel.reads import load_state
from training.brand_library.domain import BRAND_LIBRARY
from training.trademark_guidance import domain
from training.trademark_guidance.schemas import GuidanceView, GuidanceWritten, RecordGuidance, RetractGuidance

router = APIRouter(prefix="/v1/trademark-guidance-sessions", tags=["brand incubation"])
Commands = Annotated[CommandBus, Depends(command_bus("training"))]
SessionId = Annotated[str, Path(min_length=1, max_length=64)]


@router.post("", status_code=201, response_model=GuidanceWritten, responses={422: {"description": "Invalid, or a rule forbids it"}},
             summary="Record a face-to-face trademark guidance session held for an enterprise (measure 13)",
             description="指明品牌库条目时，企业地区须与该企业品牌库记录的地区一致（否则 409，指明 `enterprise.region`）；"
                         "a session naming a brand library entry must give the enterprise the region its library dossier "
                         "records (else 409 naming `enterprise.region`).")
async def record_guidance(body: RecordGuidance, commands: Commands):
    session_id = str(uuid.uuid4())

    async def handle(uow: UnitOfWork) -> GuidanceWritten:
        uow.principal.require_region(body.enterprise.region, field="enterprise.region")
        session = uow.start(domain.SESSION, session_id)
        library = await uow.load(BRAND_LIBRARY, body.enterprise.uscc)  # read-guarded: the entry cannot change meanwhile
        events = domain.hold(
            session.state, session_id=session_id, enterprise=body.enterprise, held_on=body.held_on, topic=body.topic,
            guided_by=body.guided_by, format=body.format, library_entry_id=body.library_entry_id, library=library.state,
            today=today(),
        )
        return GuidanceWritten(session_id=session_id, stream_version=uow.record(session, events))

    return await commands.run(handle, location=f"{router.prefix}/{session_id}")


@router.post("/{session_id}/retraction", status_code=201, response_model=GuidanceWritten,
             responses={404: {"description": "No such session"}, 409: {"description": "Already retracted, or changed concurrently"},
                        422: {"description": "Invalid"}},
             summary="Retract a guidance session record: it no longer counts")
async def retract_guidance(session_id: SessionId, body: RetractGuidance, commands: Commands):
    return await commands.change(
        domain.SESSION, session_id,
        lambda session: domain.retract(session, session_id=session_id, reason=body.reason, today=today()),
        lambda version: GuidanceWritten(session_id=session_id, stream_version=version),
        location=f"{router.prefix}/{session_id}",
        region_of=lambda session: session.enterprise.region, region_field="enterprise.region",
    )


@router.get("/{session_id}", response_model=GuidanceView, summary="A trademark guidance session as recorded now")
async def get_guidance(session_id: SessionId, engine: Engine, reader: Reader) -> GuidanceView:
    state, version = await load_state(engine, domain.SESSION, session_id, reader)
    if not version:
        raise NotFound("trademark guidance session", session_id)
    return GuidanceView(
        session_id=state.session_id, enterprise=state.enterprise, held_on=state.held_on, topic=state.topic,
        guided_by=state.guided_by, format=state.format, library_entry_id=state.library_entry_id, trademark=state.trademark,
        status=state.status, retracted_on=state.retracted_on, retraction_reason=state.retraction_reason,
        stream_version=version,
    )
