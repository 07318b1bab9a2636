from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from enforcement.overseas_escort import domain
from enforcement.overseas_escort.schemas import EnrolInOverseasEscort, LeaveOverseasEscort, OverseasEscortView, OverseasEscortWritten
from enforcement.routing import UsccPath, credit_code
from kernel.auth import Reader
from kernel.commands import CommandBus, command_bus
from kernel.domain.dates import today
from kernel.domain.enterprise import AS_RECORDED, region_on_record
from kernel.endpoints import CHANGE_RESPONSES, WRITE_RESPONSES, Engine
from kernel.problems import NotFound
from kernel.reads import load_state

router = APIRouter(prefix="/v1/overseas-escort-enrolments", tags=["overseas escort"])
Commands = Annotated[CommandBus, Depends(command_bus("enforcement"))]


@router.post("", status_code=201, response_model=OverseasEscortWritten, responses=WRITE_RESPONSES, description=AS_RECORDED,
             summary="Enrol an enterprise in the overseas IP escort program (measure 3)")
async def enrol(body: EnrolInOverseasEscort, commands: Commands):
    uscc = body.enterprise.uscc
    return await commands.create(
        domain.OVERSEAS_ESCORT, uscc,
        lambda enrolment: domain.enrol(enrolment, enterprise=body.enterprise, enrolled_on=body.enrolled_on,
                                          target_markets=body.target_markets, today=today()),
        lambda version: OverseasEscortWritten(uscc=uscc, stream_version=version),
        location=f"/v1/overseas-escort-enrolments/{uscc}", enterprise=body.enterprise,
    )


@router.post("/{uscc}/leaving", status_code=201, response_model=OverseasEscortWritten,
             responses=CHANGE_RESPONSES, summary="Record that an enterprise left the program")
async def leave(uscc: UsccPath, body: LeaveOverseasEscort, commands: Commands):
    code = credit_code(uscc)
    return await commands.change(
        domain.OVERSEAS_ESCORT, code,
        lambda enrolment: domain.leave(enrolment, uscc=code, left_on=body.left_on, reason=body.reason, today=today()),
        lambda version: OverseasEscortWritten(uscc=code, stream_version=version),
        location=f"/v1/overseas-escort-enrolments/{code}", region_of=region_on_record, region_field="enterprise.region",
    )


@router.get("/{uscc}", response_model=OverseasEscortView, summary="An enterprise's enrolment as recorded now")
async def get_enrolment(uscc: UsccPath, engine: Engine, reader: Reader) -> OverseasEscortView:
    code = credit_code(uscc)
    state, version = await load_state(engine, domain.OVERSEAS_ESCORT, code, reader)
    if not version:
        raise NotFound("overseas escort enrolment", code)
    return OverseasEscortView(
        uscc=code, enterprise=state.enterprise, enrolled_on=state.enrolled_on, target_markets=list(state.target_markets),
        left_on=state.left_on, leaving_reason=state.leaving_reason, stream_version=version,
    )
