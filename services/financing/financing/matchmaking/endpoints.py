from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path

from financing.matchmaking import domain
from financing.matchmaking.schemas import (
    HoldMatchmakingEvent,
    MatchmakingEventView,
    MatchmakingEventWritten,
    RetractMatchmakingEvent,
)
from financing.vocabulary import ID_PATTERN
from kernel.auth import Reader
from kernel.commands import CommandBus, command_bus
from kernel.domain.dates import today
from kernel.endpoints import WRITE_RESPONSES, Engine
from kernel.problems import NotFound
from kernel.reads import load_state

router = APIRouter(prefix="/v1/matchmaking-events", tags=["matchmaking events"])
Commands = Annotated[CommandBus, Depends(command_bus("financing"))]
EventId = Annotated[str, Path(min_length=1, max_length=64, pattern=ID_PATTERN)]


@router.post("", status_code=201, response_model=MatchmakingEventWritten, responses=WRITE_RESPONSES,
             summary="Record a pledge-financing matchmaking event (measure 9)")
async def hold_event(body: HoldMatchmakingEvent, commands: Commands):
    event_id = str(uuid.uuid4())

    return await commands.create(
        domain.MATCHMAKING_EVENT, event_id,
        lambda state: domain.hold(state, event_id=event_id, **body.model_dump(exclude={"enterprises_attending"}),
                                  enterprises_attending=body.enterprises_attending, today=today()),
        lambda version: MatchmakingEventWritten(event_id=event_id, stream_version=version),
        location=f"/v1/matchmaking-events/{event_id}", region=body.region,
    )


@router.post("/{event_id}/retraction", status_code=201, response_model=MatchmakingEventWritten,
             responses={404: {"description": "No such event"}, **WRITE_RESPONSES},
             summary="Retract a matchmaking event record: it no longer counts")
async def retract_event(event_id: EventId, body: RetractMatchmakingEvent, commands: Commands):
    return await commands.change(
        domain.MATCHMAKING_EVENT, event_id,
        lambda event: domain.retract(event, event_id=event_id, reason=body.reason, today=today()),
        lambda version: MatchmakingEventWritten(event_id=event_id, stream_version=version),
        location=f"/v1/matchmaking-events/{event_id}",
    )


@router.get("/{event_id}", response_model=MatchmakingEventView, summary="A matchmaking event as recorded now")
async def get_event(event_id: EventId, engine: Engine, reader: Reader) -> MatchmakingEventView:
    state, version = await load_state(engine, domain.MATCHMAKING_EVENT, event_id, reader)
    if not version:
        raise NotFound("matchmaking event", event_id)
    return MatchmakingEventView(
        event_id=state.event_id, occurred_on=state.occurred_on, region=state.region, organiser=state.organiser,
        enterprises_attending=list(state.enterprises_attending), banks_attending=list(state.banks_attending),
        summary=state.summary, retracted_on=state.retracted_on, retraction_reason=state.retraction_reason,
        stream_version=version,
    )
