from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path

from financing.needs_surveys import domain
from financing.needs_surveys.schemas import (
    MarkNeedMet,
    NeedsSurveyResponseView,
    NeedsSurveyResponseWritten,
    RecordNeedsSurveyResponse,
    RetractNeedsSurveyResponse,
)
from financing.pledge_projects.domain import PLEDGE_PROJECT
from financing.vocabulary import ID_PATTERN
from kernel.auth import Reader
from kernel.commands import CommandBus, UnitOfWork, command_bus
from kernel.domain.dates import today
from kernel.endpoints import CHANGE_RESPONSES, WRITE_RESPONSES, Engine
from kernel.problems import NotFound
from kernel.reads import load_state

router = APIRouter(prefix="/v1/needs-survey-responses", tags=["financing-needs surveys"])
Commands = Annotated[CommandBus, Depends(command_bus("financing"))]
ResponseId = Annotated[str, Path(min_length=1, max_length=64, pattern=ID_PATTERN)]


@router.post("", status_code=201, response_model=NeedsSurveyResponseWritten, responses={422: WRITE_RESPONSES[422]},
             summary="Record an enterprise's answer to a financing-needs survey (measure 9)")
async def record_response(body: RecordNeedsSurveyResponse, commands: Commands):
    response_id = str(uuid.uuid4())

    return await commands.create(
        domain.NEEDS_SURVEY_RESPONSE, response_id,
        lambda state: domain.record(
            state, response_id=response_id, survey=body.survey, enterprise=body.enterprise,
            responded_on=body.responded_on, amount_sought_cny=body.amount_sought_cny, rights_offered=body.rights_offered,
            today=today(),
        ),
        lambda version: NeedsSurveyResponseWritten(response_id=response_id, stream_version=version),
        location=f"/v1/needs-survey-responses/{response_id}", region=body.enterprise.region, region_field="enterprise.region",
    )


@router.post("/{response_id}/fulfilment", status_code=201, response_model=NeedsSurveyResponseWritten,
             responses=CHANGE_RESPONSES, summary="Record that a pledge-financing project met the need",
             description="项目须属同一企业，且登记于该答卷记录的地区（否则 409，指明 `project_id`）；"
                         "the project must be of the same enterprise, recorded in the region this response records it in "
                         "(else 409 naming `project_id`): a record of another region cannot re-declare where it is.")
async def mark_met(response_id: ResponseId, body: MarkNeedMet, commands: Commands):
    async def handle(uow: UnitOfWork) -> NeedsSurveyResponseWritten:
        loaded = await uow.load(domain.NEEDS_SURVEY_RESPONSE, response_id)
        if loaded.exists:
            uow.principal.require_region(loaded.state.region)
        project = await uow.load(PLEDGE_PROJECT, body.project_id)  # guarded: a retraction racing this one wins cleanly
        events = domain.mark_met(loaded.state, project, response_id=response_id)
        return NeedsSurveyResponseWritten(response_id=response_id, stream_version=uow.record(loaded, events))

    return await commands.run(handle, location=f"/v1/needs-survey-responses/{response_id}")


@router.post("/{response_id}/retraction", status_code=201, response_model=NeedsSurveyResponseWritten,
             responses=CHANGE_RESPONSES, summary="Retract a survey response: it no longer counts")
async def retract_response(response_id: ResponseId, body: RetractNeedsSurveyResponse, commands: Commands):
    return await commands.change(
        domain.NEEDS_SURVEY_RESPONSE, response_id,
        lambda response: domain.retract(response, response_id=response_id, reason=body.reason, today=today()),
        lambda version: NeedsSurveyResponseWritten(response_id=response_id, stream_version=version),
        location=f"/v1/needs-survey-responses/{response_id}",
    )


@router.get("/{response_id}", response_model=NeedsSurveyResponseView, summary="A survey response as recorded now")
async def get_response(response_id: ResponseId, engine: Engine, reader: Reader) -> NeedsSurveyResponseView:
    state, version = await load_state(engine, domain.NEEDS_SURVEY_RESPONSE, response_id, reader)
    if not version:
        raise NotFound("survey response", response_id)
    return NeedsSurveyResponseView(
        response_id=state.response_id, survey=state.survey, enterprise=state.enterprise, region=state.region,
        responded_on=state.responded_on, amount_sought_cny=state.amount_sought_cny, rights_offered=list(state.rights_offered),
        met_by_project=state.met_by_project, met_on=state.met_on, retracted_on=state.retracted_on,
        retraction_reason=state.retraction_reason, stream_version=version,
    )
