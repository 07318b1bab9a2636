from __future__ import annotations

import uuid

from fastapi import APIRouter

from kernel.auth import Reader
from kernel.domain.dates import today
from kernel.endpoints import CHANGE_RESPONSES, NOT_FOUND, WRITE_RESPONSES, Engine
from kernel.problems import NotFound
from kernel.reads import load_state
from outreach.case_stories import domain
from outreach.case_stories.schemas import CaseStoryView, CaseStoryWritten, PublishCaseStory
from outreach.common import Commands, RecordId, Retract

router = APIRouter(prefix="/v1/case-stories", tags=["case stories"])


@router.post("", status_code=201, response_model=CaseStoryWritten, responses=WRITE_RESPONSES,
             summary="Record a published typical case of a private enterprise (measure 24)")
async def publish(body: PublishCaseStory, commands: Commands):
    story_id = str(uuid.uuid4())

    return await commands.create(
        domain.CASE_STORY, story_id,
        lambda story: domain.publish(story, story_id=story_id, enterprise=body.enterprise, measures=body.measures,
                                     title=body.title, outlet=body.outlet, published_on=body.published_on,
                                     summary=body.summary, today=today()),
        lambda version: CaseStoryWritten(story_id=story_id, stream_version=version),
        location=f"/v1/case-stories/{story_id}", region=body.enterprise.region, region_field="enterprise.region",
    )


@router.post("/{story_id}/retraction", status_code=201, response_model=CaseStoryWritten,
             responses=CHANGE_RESPONSES, summary="Retract a case story record")
async def retract(story_id: RecordId, body: Retract, commands: Commands):
    return await commands.change(
        domain.CASE_STORY, story_id,
        lambda story: domain.retract(story, story_id=story_id, reason=body.reason, today=today()),
        lambda version: CaseStoryWritten(story_id=story_id, stream_version=version),
        location=f"/v1/case-stories/{story_id}",
    )


@router.get("/{story_id}", response_model=CaseStoryView, responses=NOT_FOUND, summary="A case story as recorded now")
async def get_story(story_id: RecordId, engine: Engine, reader: Reader) -> CaseStoryView:
    state, version = await load_state(engine, domain.CASE_STORY, story_id, reader)
    if not version:
        raise NotFound("case story", story_id)
    return CaseStoryView(
        story_id=state.story_id, enterprise=state.enterprise, region=state.region, measures=list(state.measures),
        title=state.title, outlet=state.outlet, published_on=state.published_on, summary=state.summary,
        retracted_on=state.retracted_on, retraction_reason=state.retraction_reason, stream_version=version,
    )
