from __future__ import annotations

import uuid

from fastapi import APIRouter

from kernel.auth import Reader
from kernel.domain.dates import today
from kernel.endpoints import CHANGE_RESPONSES, NOT_FOUND, WRITE_RESPONSES, Engine
from kernel.problems import NotFound
from kernel.reads import load_state
from outreach.briefings import domain
from outreach.briefings.schemas import BriefingView, BriefingWritten, HoldBriefing
from outreach.common import Commands, RecordId, Retract

router = APIRouter(prefix="/v1/briefings", tags=["briefings"])


@router.post("", status_code=201, response_model=BriefingWritten, responses=WRITE_RESPONSES,
             summary="Record a policy briefing that was held (measure 19)")
async def hold_briefing(body: HoldBriefing, commands: Commands):
    briefing_id = str(uuid.uuid4())

    return await commands.create(
        domain.BRIEFING, briefing_id,
        lambda briefing: domain.hold(briefing, briefing_id=briefing_id, **body.model_dump(), today=today()),
        lambda version: BriefingWritten(briefing_id=briefing_id, stream_version=version),
        location=f"/v1/briefings/{briefing_id}", region=body.region,
    )


@router.post("/{briefing_id}/retraction", status_code=201, response_model=BriefingWritten,
             responses=CHANGE_RESPONSES, summary="Retract a briefing record: it no longer counts")
async def retract_briefing(briefing_id: RecordId, body: Retract, commands: Commands):
    return await commands.change(
        domain.BRIEFING, briefing_id,
        lambda briefing: domain.retract(briefing, briefing_id=briefing_id, reason=body.reason, today=today()),
        lambda version: BriefingWritten(briefing_id=briefing_id, stream_version=version),
        location=f"/v1/briefings/{briefing_id}",
    )


@router.get("/{briefing_id}", response_model=BriefingView, responses=NOT_FOUND, summary="A briefing as recorded now")
async def get_briefing(briefing_id: RecordId, engine: Engine, reader: Reader) -> BriefingView:
    state, version = await load_state(engine, domain.BRIEFING, briefing_id, reader)
    if not version:
        raise NotFound("briefing", briefing_id)
    return BriefingView(
        briefing_id=state.briefing_id, occurred_on=state.occurred_on, region=state.region, topic=state.topic,
        audience=state.audience, attendance=state.attendance, enterprises_attending=state.enterprises_attending,
        title=state.title, organiser=state.organiser, retracted_on=state.retracted_on,
        retraction_reason=state.retraction_reason, stream_version=version,
    )
