from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from enforcement.assistance_centers import domain
from enforcement.assistance_centers.schemas import (
    AssistanceCenterList,
    AssistanceCenterView,
    AssistanceCenterWritten,
    CloseAssistanceCenter,
    RegisterAssistanceCenter,
)
from kernel.auth import Reader
from kernel.commands import CommandBus, command_bus
from kernel.domain.dates import today
from kernel.endpoints import CHANGE_RESPONSES, WRITE_RESPONSES, Engine
from kernel.problems import NotFound
from kernel.reads import list_states, load_state

router = APIRouter(prefix="/v1/assistance-centers", tags=["assistance centers"])
Commands = Annotated[CommandBus, Depends(command_bus("enforcement"))]
CenterId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]


@router.post("", status_code=201, response_model=AssistanceCenterWritten, responses=WRITE_RESPONSES,
             summary="Register a rights-protection assistance center")
async def register_center(body: RegisterAssistanceCenter, commands: Commands):
    return await commands.create(
        domain.ASSISTANCE_CENTER, body.center_id,
        lambda center: domain.register(center, **body.model_dump(), today=today()),
        lambda version: AssistanceCenterWritten(center_id=body.center_id, stream_version=version),
        location=f"/v1/assistance-centers/{body.center_id}", region=body.region, fresh=False,
    )


@router.post("/{center_id}/closure", status_code=201, response_model=AssistanceCenterWritten,
             responses=CHANGE_RESPONSES, summary="Close an assistance center")
async def close_center(center_id: CenterId, body: CloseAssistanceCenter, commands: Commands):
    return await commands.change(
        domain.ASSISTANCE_CENTER, center_id,
        lambda center: domain.close(center, center_id=center_id, closed_on=body.closed_on, today=today()),
        lambda version: AssistanceCenterWritten(center_id=center_id, stream_version=version),
        location=f"/v1/assistance-centers/{center_id}",
    )


def _view(center: domain.AssistanceCenter, version: int) -> AssistanceCenterView:
    return AssistanceCenterView(
        center_id=center.center_id, name=center.name, region=center.region,
        registered_on=center.registered_on, closed_on=center.closed_on, stream_version=version,
    )


@router.get("/{center_id}", response_model=AssistanceCenterView, summary="An assistance center as recorded now")
async def get_center(center_id: CenterId, engine: Engine, reader: Reader) -> AssistanceCenterView:
    state, version = await load_state(engine, domain.ASSISTANCE_CENTER, center_id, reader)
    if not version:
        raise NotFound("assistance center", center_id)
    return _view(state, version)


@router.get("", response_model=AssistanceCenterList, summary="All assistance centers, by id")
async def list_centers(
    engine: Engine,
    reader: Reader,
    after: Annotated[str, Query(max_length=64, description="Start after this center id.")] = "",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> AssistanceCenterList:
    pages, next_after = await list_states(engine, domain.ASSISTANCE_CENTER, reader, after=after, limit=limit)
    return AssistanceCenterList(items=[_view(state, version) for state, version in pages], next_after=next_after,
                                limited_to_region=reader.region)
