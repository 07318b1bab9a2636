from __future__ import annotations

import uuid
from typing import Annotated, Callable

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from enforcement.foreign_disputes import domain
from enforcement.foreign_disputes.schemas import (
    AssistanceView,
    AssistForeignDispute,
    CloseForeignDispute,
    ForeignDisputeView,
    ForeignDisputeWritten,
    OpenForeignDispute,
)
from enforcement.routing import RecordId
from kernel.auth import Reader
from kernel.commands import CommandBus, command_bus
from kernel.domain.dates import today
from kernel.endpoints import CHANGE_RESPONSES, WRITE_RESPONSES, Engine
from kernel.events import DomainEvent
from kernel.problems import NotFound
from kernel.reads import load_state

router = APIRouter(prefix="/v1/foreign-disputes", tags=["foreign-related disputes"])
Commands = Annotated[CommandBus, Depends(command_bus("enforcement"))]


@router.post("", status_code=201, response_model=ForeignDisputeWritten, responses=WRITE_RESPONSES,
             summary="Open a foreign-related dispute assistance case (measure 3); answers with `case_id`")
async def open_dispute(body: OpenForeignDispute, commands: Commands):
    case_id = str(uuid.uuid4())

    return await commands.create(
        domain.FOREIGN_DISPUTE, case_id,
        lambda case: domain.open_dispute(case, case_id=case_id, **dict(body), today=today()),
        lambda version: ForeignDisputeWritten(case_id=case_id, stream_version=version),
        location=f"/v1/foreign-disputes/{case_id}", region=body.region,
    )


async def _write(case_id: str, commands: CommandBus, decide: Callable[[domain.ForeignDispute], list[DomainEvent]]) -> Response:
    return await commands.change(
        domain.FOREIGN_DISPUTE, case_id, decide, lambda version: ForeignDisputeWritten(case_id=case_id, stream_version=version),
        location=f"/v1/foreign-disputes/{case_id}",
    )


@router.post("/{case_id}/assistance", status_code=201, response_model=ForeignDisputeWritten,
             responses=CHANGE_RESPONSES, summary="Record assistance given in the dispute")
async def assist(case_id: RecordId, body: AssistForeignDispute, commands: Commands):
    return await _write(case_id, commands, lambda state: domain.assist(state, case_id=case_id, **dict(body), today=today()))


@router.post("/{case_id}/closure", status_code=201, response_model=ForeignDisputeWritten,
             responses=CHANGE_RESPONSES, summary="Close the dispute case")
async def close(case_id: RecordId, body: CloseForeignDispute, commands: Commands):
    return await _write(case_id, commands, lambda state: domain.close(state, case_id=case_id, **dict(body), today=today()))


@router.get("/{case_id}", response_model=ForeignDisputeView, summary="A foreign-related dispute case as recorded now")
async def get_dispute(case_id: RecordId, engine: Engine, reader: Reader) -> ForeignDisputeView:
    state, version = await load_state(engine, domain.FOREIGN_DISPUTE, case_id, reader)
    if not version:
        raise NotFound("foreign-related dispute", case_id)
    return ForeignDisputeView(
        case_id=state.case_id, region=state.region, enterprise=state.enterprise, country_or_region=state.country_or_region,
        kind=state.kind, right_kind=state.right_kind, opened_on=state.opened_on, summary=state.summary,
        assistance=[AssistanceView(assistance=a.assistance, given_on=a.given_on, summary=a.summary) for a in state.assistance],
        closed_on=state.closed_on, outcome=state.outcome, stream_version=version,
    )
