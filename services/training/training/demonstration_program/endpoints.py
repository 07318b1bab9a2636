from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path

from kernel.auth import Reader
from kernel.commands import CommandBus, command_bus
from kernel.domain.dates import today
from kernel.domain.enterprise import AS_RECORDED, Enterprise, region_on_record
from kernel.endpoints import CHANGE_RESPONSES, WRITE_RESPONSES, Engine
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


@program.post("", status_code=201, response_model=MemberWritten, responses=WRITE_RESPONSES, description=AS_RECORDED,
              summary="Admit an enterprise to the provincial IP demonstration program (measure 10)")
async def admit(body: AdmitToProgram, commands: Commands):
    uscc = body.enterprise.uscc
    return await commands.create(
        domain.MEMBERSHIP, uscc,
        lambda member: domain.admit(member, enterprise=body.enterprise, level=body.level, admitted_on=body.admitted_on, today=today()),
        lambda version: MemberWritten(member_id=uscc, stream_version=version),
        location=f"{program.prefix}/{uscc}", enterprise=body.enterprise,
    )


async def _membership_change(commands: CommandBus, member_id: str, decide):
    return await commands.change(
        domain.MEMBERSHIP, member_id, decide, lambda version: MemberWritten(member_id=member_id, stream_version=version),
        location=f"{program.prefix}/{member_id}", region_of=region_on_record, region_field="enterprise.region",
    )


@program.post("/{member_id}/departure", status_code=201, response_model=MemberWritten,
              responses={404: {"description": "Not a member"}, **WRITE_RESPONSES}, description=AS_RECORDED,
              summary="Record that an enterprise left the program")
async def leave(member_id: Uscc, body: LeaveProgram, commands: Commands):
    return await _membership_change(commands, member_id, lambda member: domain.leave(member, uscc=member_id, left_on=body.left_on, reason=body.reason, today=today()))


@program.post("/{member_id}/retraction", status_code=201, response_model=MemberWritten,
              responses={404: {"description": "Not a member"}, **WRITE_RESPONSES}, description=AS_RECORDED,
              summary="Retract the enterprise's latest membership (its admission with its departure): it no longer counts")
async def retract_membership(member_id: Uscc, body: RetractRecord, commands: Commands):
    return await _membership_change(commands, member_id, lambda member: domain.retract_membership(member, uscc=member_id, reason=body.reason, today=today()))


@program.get("/{member_id}", response_model=MemberView, summary="An enterprise's latest membership of the program")
async def get_member(member_id: Uscc, engine: Engine, reader: Reader) -> MemberView:
    state, version = await load_state(engine, domain.MEMBERSHIP, member_id, reader)
    if state.enterprise is None:  # never admitted, or its only membership was retracted
        raise NotFound("program member", member_id)
    return MemberView(member_id=member_id, enterprise=state.enterprise, level=state.level, admitted_on=state.admitted_on,
                      left_on=state.left_on, leaving_reason=state.leaving_reason, stream_version=version)


async def _adoption_write(commands: CommandBus, enterprise: Enterprise, decide, **arguments):
    return await commands.create(
        domain.STANDARD_ADOPTION, enterprise.uscc,
        lambda adoption: decide(adoption, enterprise=enterprise, **arguments, today=today()),
        lambda version: AdoptionWritten(uscc=enterprise.uscc, stream_version=version),
        location=f"{standard.prefix}/{enterprise.uscc}", enterprise=enterprise,
    )


@standard.post("/implementations", status_code=201, response_model=AdoptionWritten, responses=WRITE_RESPONSES, description=AS_RECORDED,
               summary="Record that an enterprise began implementing GB/T 29490")
async def begin_implementation(body: BeginImplementation, commands: Commands):
    return await _adoption_write(commands, body.enterprise, domain.begin_implementation, began_on=body.began_on)


@standard.post("/certifications", status_code=201, response_model=AdoptionWritten, responses=WRITE_RESPONSES, description=AS_RECORDED,
               summary="Record that an enterprise was certified to GB/T 29490")
async def certify(body: RecordCertification, commands: Commands):
    return await _adoption_write(commands, body.enterprise, domain.certify, certified_on=body.certified_on, certifier=body.certifier,
                                 certificate_number=body.certificate_number)


@standard.get("/{uscc}", response_model=AdoptionView, summary="An enterprise's implementation and certifications of GB/T 29490")
async def get_adoption(uscc: Uscc, engine: Engine, reader: Reader) -> AdoptionView:
    state, version = await load_state(engine, domain.STANDARD_ADOPTION, uscc, reader)
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
        region_of=region_on_record,
        region_field="enterprise.region",
    )


@standard.post("/{uscc}/implementation/retraction", status_code=201, response_model=AdoptionWritten,
               responses=CHANGE_RESPONSES, description=AS_RECORDED,
               summary="Retract the record that the enterprise began implementing GB/T 29490")
async def retract_implementation(uscc: Uscc, body: RetractRecord, commands: Commands):
    return await _adoption_retraction(commands, uscc, domain.retract_implementation, reason=body.reason)


@standard.post("/{uscc}/certifications/{certified_on}/retraction", status_code=201, response_model=AdoptionWritten,
               responses=CHANGE_RESPONSES, description=AS_RECORDED,
               summary="Retract the record of the enterprise's certification on that day")
async def retract_certification(uscc: Uscc, certified_on: date, body: RetractRecord, commands: Commands):
    return await _adoption_retraction(commands, uscc, domain.retract_certification, certified_on=certified_on, reason=body.reason)
