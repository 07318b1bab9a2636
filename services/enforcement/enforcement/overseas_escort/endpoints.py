from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from enforcement.overseas_escort import domain
from enforcement.overseas_escort.schemas import EnrolInOverseasEscort, LeaveOverseasEscort, OverseasEscortView, OverseasEscortWritten
from enforcement.routing import NOT_FOUND, WRITE_RESPONSES, UsccPath, credit_code
from kernel.auth import Reader
from kernel.commands import CommandBus, UnitOfWork, command_bus
from kernel.domain.dates import today
from kernel.domain.enterprise import AS_RECORDED
from kernel.problems import DomainRuleViolated, NotFound
from kernel.reads import load_state

router = APIRouter(prefix="/v1/overseas-escort-enrolments", tags=["overseas escort"])
Commands = Annotated[CommandBus, Depends(command_bus("enforcement"))]


@router.post("", status_code=201, response_model=OverseasEscortWritten, responses=WRITE_RESPONSES, description=AS_RECORDED,
             summary="Enrol an enterprise in the overseas IP escort program (measure 3)")
async def enrol(body: EnrolInOverseasEscort, commands: Commands):
    uscc = body.enterprise.uscc
    seen: set[str] = set()
    for index, market in enumerate(body.target_markets):
        if market in seen:
            raise DomainRuleViolated(f"target_markets.{index}", f"{market} is listed twice")
        if market == "CN":
            raise DomainRuleViolated(f"target_markets.{index}", "the escort covers markets outside the mainland")
        seen.add(market)

    async def handle(uow: UnitOfWork) -> OverseasEscortWritten:
        enrolment = await uow.load_enterprise(domain.OVERSEAS_ESCORT, body.enterprise)
        events = domain.enrol(enrolment.state, enterprise=body.enterprise, enrolled_on=body.enrolled_on,
                              target_markets=body.target_markets, today=today())
        return OverseasEscortWritten(uscc=uscc, stream_version=uow.record(enrolment, events))

    return await commands.run(handle, location=f"/v1/overseas-escort-enrolments/{uscc}")


@router.post("/{uscc}/leaving", status_code=201, response_model=OverseasEscortWritten,
             responses={**NOT_FOUND, **WRITE_RESPONSES}, summary="Record that an enterprise left the program")
async def leave(uscc: UsccPath, body: LeaveOverseasEscort, commands: Commands):
    code = credit_code(uscc)

    async def handle(uow: UnitOfWork) -> OverseasEscortWritten:
        enrolment = await uow.load(domain.OVERSEAS_ESCORT, code)
        if enrolment.state.enterprise_of_record is not None:
            uow.principal.require_region(enrolment.state.enterprise_of_record.region, field="enterprise.region")
        events = domain.leave(enrolment.state, uscc=code, left_on=body.left_on, reason=body.reason, today=today())
        return OverseasEscortWritten(uscc=code, stream_version=uow.record(enrolment, events))

    return await commands.run(handle, location=f"/v1/overseas-escort-enrolments/{code}")


@router.get("/{uscc}", response_model=OverseasEscortView, summary="An enterprise's enrolment as recorded now")
async def get_enrolment(uscc: UsccPath, request: Request, reader: Reader) -> OverseasEscortView:
    code = credit_code(uscc)
    state, version = await load_state(request.app.state.engine, domain.OVERSEAS_ESCORT, code, reader)
    if not version:
        raise NotFound("overseas escort enrolment", code)
    return OverseasEscortView(
        uscc=code, enterprise=state.enterprise, enrolled_on=state.enrolled_on, target_markets=list(state.target_markets),
        left_on=state.left_on, leaving_reason=state.leaving_reason, stream_version=version,
    )
