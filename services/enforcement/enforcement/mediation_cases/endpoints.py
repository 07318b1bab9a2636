from __future__ import annotations

import uuid
from typing import Annotated, Callable

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from enforcement.mediation_cases import domain
from enforcement.mediation_cases.schemas import (
    CloseMediationCase,
    HoldMediationSession,
    MediationCaseView,
    MediationCaseWritten,
    ReceiveMediationCase,
)
from enforcement.routing import RecordId
from kernel.auth import Reader
from kernel.commands import CommandBus, command_bus
from kernel.domain.dates import today
from kernel.endpoints import CHANGE_RESPONSES, WRITE_RESPONSES, Engine
from kernel.events import DomainEvent
from kernel.problems import NotFound
from kernel.reads import load_state

router = APIRouter(prefix="/v1/mediation-cases", tags=["mediation cases"])
Commands = Annotated[CommandBus, Depends(command_bus("enforcement"))]


@router.post("", status_code=201, response_model=MediationCaseWritten, responses=WRITE_RESPONSES,
             summary="Receive a dispute for people's mediation (measure 17); answers with `case_id`")
async def receive_case(body: ReceiveMediationCase, commands: Commands):
    case_id = str(uuid.uuid4())

    return await commands.create(
        domain.MEDIATION_CASE, case_id,
        lambda case: domain.receive(case, case_id=case_id, region=body.region, parties=body.parties,
                                    received_on=body.received_on, summary=body.summary, today=today()),
        lambda version: MediationCaseWritten(case_id=case_id, stream_version=version),
        location=f"/v1/mediation-cases/{case_id}", region=body.region,
    )


async def _write(case_id: str, commands: CommandBus, decide: Callable[[domain.MediationCase], list[DomainEvent]]) -> Response:
    return await commands.change(
        domain.MEDIATION_CASE, case_id, decide, lambda version: MediationCaseWritten(case_id=case_id, stream_version=version),
        location=f"/v1/mediation-cases/{case_id}",
    )


@router.post("/{case_id}/sessions", status_code=201, response_model=MediationCaseWritten,
             responses=CHANGE_RESPONSES, summary="Record a mediation session held")
async def hold_session(case_id: RecordId, body: HoldMediationSession, commands: Commands):
    return await _write(case_id, commands, lambda state: domain.hold_session(state, case_id=case_id, held_on=body.held_on, today=today()))


@router.post("/{case_id}/closure", status_code=201, response_model=MediationCaseWritten,
             responses=CHANGE_RESPONSES, summary="Close the case: agreed, failed or withdrawn")
async def close_case(case_id: RecordId, body: CloseMediationCase, commands: Commands):
    return await _write(case_id, commands,
                        lambda state: domain.close(state, case_id=case_id, closed_on=body.closed_on, outcome=body.outcome, today=today()))


@router.get("/{case_id}", response_model=MediationCaseView, summary="A mediation case as recorded now")
async def get_case(case_id: RecordId, engine: Engine, reader: Reader) -> MediationCaseView:
    state, version = await load_state(engine, domain.MEDIATION_CASE, case_id, reader)
    if not version:
        raise NotFound("mediation case", case_id)
    return MediationCaseView(
        case_id=state.case_id, region=state.region, parties=list(state.parties), received_on=state.received_on,
        summary=state.summary, sessions=list(state.sessions), closed_on=state.closed_on, outcome=state.outcome,
        stream_version=version,
    )
