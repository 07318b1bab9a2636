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
from training.commissioner_dispatches import domain
from training.commissioner_dispatches.schemas import (
    ConcludeDispatch,
    DispatchCommissioner,
    DispatchView,
    DispatchWritten,
    RetractDispatch,
)

router = APIRouter(prefix="/v1/commissioner-dispatches", tags=["ip special commissioners"])
Commands = Annotated[CommandBus, Depends(command_bus("training"))]
DispatchId = Annotated[str, Path(min_length=1, max_length=64)]


@router.post("", status_code=201, response_model=DispatchWritten, responses={422: WRITE_RESPONSES[422]},
             summary="Record that an IP special commissioner was dispatched to an enterprise (measure 12)")
async def dispatch_commissioner(body: DispatchCommissioner, commands: Commands):
    dispatch_id = str(uuid.uuid4())

    return await commands.create(
        domain.DISPATCH, dispatch_id,
        lambda state: domain.dispatch(
            state, dispatch_id=dispatch_id, commissioner=body.commissioner, enterprise=body.enterprise,
            service_kind=body.service_kind, starts_on=body.starts_on, ends_on=body.ends_on, today=today(),
        ),
        lambda version: DispatchWritten(dispatch_id=dispatch_id, stream_version=version),
        location=f"{router.prefix}/{dispatch_id}", region=body.enterprise.region, region_field="enterprise.region",
    )


async def _change(commands: CommandBus, dispatch_id: str, decide, **arguments):
    """Apply one decision to an existing dispatch, within the token's region."""
    return await commands.change(
        domain.DISPATCH, dispatch_id,
        lambda dispatch: decide(dispatch, dispatch_id=dispatch_id, **arguments, today=today()),
        lambda version: DispatchWritten(dispatch_id=dispatch_id, stream_version=version),
        location=f"{router.prefix}/{dispatch_id}",
        region_of=lambda dispatch: dispatch.enterprise.region, region_field="enterprise.region",
    )


@router.post("/{dispatch_id}/conclusion", status_code=201, response_model=DispatchWritten, responses=CHANGE_RESPONSES,
             summary="Record that the commissioner's service ended, with its outcome")
async def conclude_dispatch(dispatch_id: DispatchId, body: ConcludeDispatch, commands: Commands):
    return await _change(commands, dispatch_id, domain.conclude, concluded_on=body.concluded_on, outcome=body.outcome)


@router.post("/{dispatch_id}/retraction", status_code=201, response_model=DispatchWritten, responses=CHANGE_RESPONSES,
             summary="Retract a dispatch record: it no longer counts")
async def retract_dispatch(dispatch_id: DispatchId, body: RetractDispatch, commands: Commands):
    return await _change(commands, dispatch_id, domain.retract, reason=body.reason)


@router.get("/{dispatch_id}", response_model=DispatchView, summary="A commissioner dispatch as recorded now")
async def get_dispatch(dispatch_id: DispatchId, engine: Engine, reader: Reader) -> DispatchView:
    state, version = await load_state(engine, domain.DISPATCH, dispatch_id, reader)
    if not version:
        raise NotFound("commissioner dispatch", dispatch_id)
    return DispatchView(
        dispatch_id=state.dispatch_id, commissioner=state.commissioner, enterprise=state.enterprise,
        service_kind=state.service_kind, starts_on=state.starts_on, ends_on=state.ends_on, status=state.status,
        concluded_on=state.concluded_on, outcome=state.outcome, retracted_on=state.retracted_on,
        retraction_reason=state.retraction_reason, stream_version=version,
    )
