from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from enforcement.infringement_cases import domain
from enforcement.infringement_cases.schemas import (
    CloseInfringementCase,
    InfringementCaseView,
    InfringementCaseWritten,
    OpenInfringementCase,
)
from enforcement.routing import RecordId
from kernel.auth import Reader
from kernel.commands import CommandBus, command_bus
from kernel.domain.dates import today
from kernel.endpoints import WRITE_RESPONSES, Engine
from kernel.problems import NotFound
from kernel.reads import load_state

router = APIRouter(prefix="/v1/infringement-cases", tags=["infringement cases"])
Commands = Annotated[CommandBus, Depends(command_bus("enforcement"))]


@router.post("", status_code=201, response_model=InfringementCaseWritten, responses=WRITE_RESPONSES,
             summary="Open an infringement case (measure 1); answers with `case_id`")
async def open_case(body: OpenInfringementCase, commands: Commands):
    case_id = str(uuid.uuid4())

    return await commands.create(
        domain.INFRINGEMENT_CASE, case_id,
        lambda case: domain.open_case(
            case, case_id=case_id, region=body.region, right_holder=body.right_holder, infringer=body.infringer,
            right_kind=body.right_kind, joint_action=body.joint_action, opened_on=body.opened_on, summary=body.summary,
            today=today(),
        ),
        lambda version: InfringementCaseWritten(case_id=case_id, stream_version=version),
        location=f"/v1/infringement-cases/{case_id}", region=body.region,
    )


@router.post("/{case_id}/closure", status_code=201, response_model=InfringementCaseWritten,
             responses={404: {"description": "No such case"}, **WRITE_RESPONSES}, summary="Close an infringement case")
async def close_case(case_id: RecordId, body: CloseInfringementCase, commands: Commands):
    return await commands.change(
        domain.INFRINGEMENT_CASE, case_id,
        lambda case: domain.close_case(
            case, case_id=case_id, closed_on=body.closed_on, outcome=body.outcome,
            fine_amount_cny=body.fine_amount_cny, today=today(),
        ),
        lambda version: InfringementCaseWritten(case_id=case_id, stream_version=version),
        location=f"/v1/infringement-cases/{case_id}",
    )


@router.get("/{case_id}", response_model=InfringementCaseView, summary="An infringement case as recorded now")
async def get_case(case_id: RecordId, engine: Engine, reader: Reader) -> InfringementCaseView:
    state, version = await load_state(engine, domain.INFRINGEMENT_CASE, case_id, reader)
    if not version:
        raise NotFound("infringement case", case_id)
    return InfringementCaseView(
        case_id=state.case_id, region=state.region, right_holder=state.right_holder, infringer=state.infringer,
        right_kind=state.right_kind, joint_action=state.joint_action, opened_on=state.opened_on, summary=state.summary,
        closed_on=state.closed_on, outcome=state.outcome, fine_amount_cny=state.fine_amount_cny, stream_version=version,
    )
