from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request

from kernel.auth import Reader
from kernel.commands import CommandBus, UnitOfWork, command_bus
from kernel.domain.dates import today
from kernel.domain.enterprise import AS_RECORDED
from kernel.problems import NotFound
from kernel.reads import load_state
from training.demonstration_program import domain
from training.demonstration_program.schemas import (
    AdmitToProgram,
    AdoptionView,
    AdoptionWritten,
    BeginImplementation,
    LeaveProgram,
    MemberView,
    MemberWritten,
    RecordCertification,
    RetractRecord,
)

program = APIRouter(prefix="/v1/demonstration-program/members", tags=["demonstration program"])
standard = APIRouter(prefix="/v1/management-standard", tags=["demonstration program"])
Commands = Annotated[CommandBus, Depends(command_bus("training"))]
Uscc = Annotated[str, Path(min_length=1, max_length=40)]
WRITE_RESPONSES = {409: {"description": "Already recorded, or changed concurrently"}, 422: {"description": "Invalid, or a rule forbids it"}}


@program.post("", status_code=201, response_model=MemberWritten, responses=WRITE_RESPONSES, description=AS_RECORDED,
              summary="Admit an enterprise to the provincial IP demonstration program (measure 10)")
async def admit(body: AdmitToProgram, commands: Commands):
    uscc = body.enterprise.uscc

    async def handle(uow: UnitOfWork) -> MemberWritten:
        member = await uow.load_enterprise(domain.MEMBERSHIP, body.enterprise)
        events = domain.admit(member.state, enterprise=body.enterprise, level=body.level, admitted_on=body.admitted_on, today=today())
        return MemberWritten(member_id=uscc, stream_version=uow.record(member, events))

    return await commands.run(handle, location=f"{program.prefix}/{uscc}")


@program.post("/{member_id}/departure", status_code=201, response_model=MemberWritten,
              responses={404: {"description": "Not a member"}, **WRITE_RESPONSES}, description=AS_RECORDED,
              summary="Record that an enterprise left the program")
async def leave(member_id: Uscc, body: LeaveProgram, commands: Commands):
    async def handle(uow: UnitOfWork) -> MemberWritten:
        member = await uow.load(domain.MEMBERSHIP, member_id)
        if member.state.enterprise_of_record is not None:
            uow.principal.require_region(member.state.enterprise_of_record.region, field="enterprise.region")
        events = domain.leave(member.state, uscc=member_id, left_on=body.left_on, reason=body.reason, today=today())
        return MemberWritten(member_id=member_id, stream_version=uow.record(member, events))

    return await commands.run(handle, location=f"{program.prefix}/{member_id}")


@program.post("/{member_id}/retraction", status_code=201, response_model=MemberWritten,
              responses={404: {"description": "Not a member"}, **WRITE_RESPONSES}, description=AS_RECORDED,
              summary="Retract the enterprise's latest membership (its admission with its departure): it no longer counts")
async def retract_membership(member_id: Uscc, body: RetractRecord, commands: Commands):
    async def handle(uow: UnitOfWork) -> MemberWritten:
        member = await uow.load(domain.MEMBERSHIP, member_id)
        if member.state.enterprise_of_record is not None:
            uow.principal.require_region(member.state.enterprise_of_record.region, field="enterprise.region")
        events = domain.retract_membership(member.state, uscc=member_id, reason=body.reason, today=today())
        return MemberWritten(member_id=member_id, stream_version=uow.record(member, events))

    return await commands.run(handle, location=f"{program.prefix}/{member_id}")


@program.get("/{member_id}", response_model=MemberView, summary="An enterprise's latest membership of the program")
async def get_member(member_id: Uscc, request: Request, reader: Reader) -> MemberView:
    state, version = await load_state(request.app.state.engine, domain.MEMBERSHIP, member_id, reader)
    if state.enterprise is None:  # never admitted, or its only membership was retracted
        raise NotFound("program member", member_id)
    return MemberView(member_id=member_id, enterprise=state.enterprise, level=state.level, admitted_on=state.admitted_on,
                      left_on=state.left_on, leaving_reason=state.leaving_reason, stream_version=version)


def _adoption_write(enterprise, decide, **arguments):
    async def handle(uow: UnitOfWork) -> AdoptionWritten:
        adoption = await uow.load_enterprise(domain.STANDARD_ADOPTION, enterprise)
        events = decide(adoption.state, enterprise=enterprise, **arguments, today=today())
        return AdoptionWritten(uscc=enterprise.uscc, stream_version=uow.record(adoption, events))

    return handle


@standard.post("/implementations", status_code=201, response_model=AdoptionWritten, responses=WRITE_RESPONSES, description=AS_RECORDED,
               summary="Record that an enterprise began implementing GB/T 29490")
async def begin_implementation(body: BeginImplementation, commands: Commands):
    handle = _adoption_write(body.enterprise, domain.begin_implementation, began_on=body.began_on)
    return await commands.run(handle, location=f"{standard.prefix}/{body.enterprise.uscc}")


@standard.post("/certifications", status_code=201, response_model=AdoptionWritten, responses=WRITE_RESPONSES, description=AS_RECORDED,
               summary="Record that an enterprise was certified to GB/T 29490")
async def certify(body: RecordCertification, commands: Commands):
    handle = _adoption_write(body.enterprise, domain.certify, certified_on=body.certified_on, certifier=body.certifier,
                             certificate_number=body.certificate_number)
    return await commands.run(handle, location=f"{standard.prefix}/{body.enterprise.uscc}")


@standard.get("/{uscc}", response_model=AdoptionView, summary="An enterprise's implementation and certifications of GB/T 29490")
async def get_adoption(uscc: Uscc, request: Request, reader: Reader) -> AdoptionView:
    state, version = await load_state(request.app.state.engine, domain.STANDARD_ADOPTION, uscc, reader)
    if not version:
        raise NotFound("GB/T 29490 record", uscc)
    return AdoptionView(uscc=uscc, enterprise=state.enterprise, began_on=state.began_on,
                        certified_on=list(state.certified_on), stream_version=version)


async def _adoption_retraction(commands: CommandBus, uscc: str, decide, **arguments):
    return await commands.change(
        domain.STANDARD_ADOPTION, uscc,
        lambda adoption: decide(adoption, uscc=uscc, **arguments, today=today()),
        lambda version: AdoptionWritten(uscc=uscc, stream_version=version),
        location=f"{standard.prefix}/{uscc}",
        region_of=lambda adoption: adoption.enterprise_of_record and adoption.enterprise_of_record.region,
        region_field="enterprise.region",
    )


RETRACTION_RESPONSES = {404: {"description": "No such record"}, **WRITE_RESPONSES}


@standard.post("/{uscc}/implementation/retraction", status_code=201, response_model=AdoptionWritten,
               responses=RETRACTION_RESPONSES, description=AS_RECORDED,
               summary="Retract the record that the enterprise began implementing GB/T 29490")
async def retract_implementation(uscc: Uscc, body: RetractRecord, commands: Commands):
    return await _adoption_retraction(commands, uscc, domain.retract_implementation, reason=body.reason)


@standard.post("/{uscc}/certifications/{certified_on}/retraction", status_code=201, response_model=AdoptionWritten,
               responses=RETRACTION_RESPONSES, description=AS_RECORDED,
               summary="Retract the record of the enterprise's certification on that day")
async def retract_certification(uscc: Uscc, certified_on: date, body: RetractRecord, commands: Commands):
    return await _adoption_retraction(commands, uscc, domain.retract_certification, certified_on=certified_on, reason=body.reason)
