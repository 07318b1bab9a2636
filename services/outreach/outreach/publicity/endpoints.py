from __future__ import annotations

import uuid

from fastapi import APIRouter

from kernel.auth import Reader
from kernel.domain.dates import today
from kernel.endpoints import CHANGE_RESPONSES, NOT_FOUND, WRITE_RESPONSES, Engine
from kernel.problems import NotFound
from kernel.reads import load_state
from outreach.common import Commands, RecordId, Retract
from outreach.publicity import domain
from outreach.publicity.schemas import PublicityItemView, PublicityItemWritten, PublishItem

router = APIRouter(prefix="/v1/publicity-items", tags=["publicity"])


@router.post("", status_code=201, response_model=PublicityItemWritten, responses=WRITE_RESPONSES,
             summary="Record a publicity item on the policies (measure 23)")
async def publish(body: PublishItem, commands: Commands):
    item_id = str(uuid.uuid4())

    return await commands.create(
        domain.PUBLICITY_ITEM, item_id,
        lambda item: domain.publish(item, item_id=item_id, **body.model_dump(), today=today()),
        lambda version: PublicityItemWritten(item_id=item_id, stream_version=version),
        location=f"/v1/publicity-items/{item_id}", region=body.region,
    )


@router.post("/{item_id}/retraction", status_code=201, response_model=PublicityItemWritten,
             responses=CHANGE_RESPONSES, summary="Retract a publicity record: it no longer counts")
async def retract(item_id: RecordId, body: Retract, commands: Commands):
    return await commands.change(
        domain.PUBLICITY_ITEM, item_id,
        lambda item: domain.retract(item, item_id=item_id, reason=body.reason, today=today()),
        lambda version: PublicityItemWritten(item_id=item_id, stream_version=version),
        location=f"/v1/publicity-items/{item_id}",
    )


@router.get("/{item_id}", response_model=PublicityItemView, responses=NOT_FOUND, summary="A publicity item as recorded now")
async def get_item(item_id: RecordId, engine: Engine, reader: Reader) -> PublicityItemView:
    state, version = await load_state(engine, domain.PUBLICITY_ITEM, item_id, reader)
    if not version:
        raise NotFound("publicity item", item_id)
    return PublicityItemView(
        item_id=state.item_id, channel=state.channel, published_on=state.published_on, region=state.region,
        title=state.title, outlet=state.outlet, reach=state.reach, retracted_on=state.retracted_on,
        retraction_reason=state.retraction_reason, stream_version=version,
    )
