from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from enforcement.fast_track_cases import domain
from enforcement.fast_track_cases.schemas import DecideFastTrackCase, FastTrackCaseView, FastTrackCaseWritten, FileFastTrackCase
from enforcement.routing import RecordId
from kernel.auth import Reader
from kernel.commands import CommandBus, command_bus
from kernel.domain.dates import today
from kernel.endpoints import CHANGE_RESPONSES, WRITE_RESPONSES, Engine
from kernel.problems import NotFound
from kernel.reads import load_state

router = APIRouter(prefix="/v1/fast-track-cases", tags=["fast-track cases"])
Commands = Annotated[CommandBus, Depends(command_bus("enforcement"))]


@router.post("", status_code=201, response_model=FastTrackCaseWritten, responses=WRITE_RESPONSES,
             summary="File a fast-track case at a protection center (measure 2); answers with `case_id`")
async def file_case(body: FileFastTrackCase, commands: Commands):
    case_id = str(uuid.uuid4())

    return await commands.create(
        domain.FAST_TRACK_CASE, case_id,
        lambda case: domain.file_case(case, case_id=case_id, **dict(body), today=today()),
        lambda version: FastTrackCaseWritten(case_id=case_id, stream_version=version),
        location=f"/v1/fast-track-cases/{case_id}", region=domain.CENTER_REGION, region_field="center",
    )


@router.post("/{case_id}/decision", status_code=201, response_model=FastTrackCaseWritten,
             responses=CHANGE_RESPONSES, summary="Record the decision; the turnaround is derived")
async def decide_case(case_id: RecordId, body: DecideFastTrackCase, commands: Commands):
    return await commands.change(
        domain.FAST_TRACK_CASE, case_id,
        lambda case: domain.decide(case, case_id=case_id, decided_on=body.decided_on, today=today()),
        lambda version: FastTrackCaseWritten(case_id=case_id, stream_version=version),
        location=f"/v1/fast-track-cases/{case_id}",
    )


@router.get("/{case_id}", response_model=FastTrackCaseView, summary="A fast-track case as recorded now")
async def get_case(case_id: RecordId, engine: Engine, reader: Reader) -> FastTrackCaseView:
    state, version = await load_state(engine, domain.FAST_TRACK_CASE, case_id, reader)
    if not version:
        raise NotFound("fast-track case", case_id)
    return FastTrackCaseView(
        case_id=state.case_id, center=state.center, region=state.region, kind=state.kind, enterprise=state.enterprise,
        reference=state.reference, filed_on=state.filed_on, decided_on=state.decided_on,
        turnaround_days=state.turnaround_days, stream_version=version,
    )
