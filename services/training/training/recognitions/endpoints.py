from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Path
from fastapi.responses import Response

from kernel.auth import Reader
from kernel.commands import CommandBus, UnitOfWork, command_bus
from kernel.domain.dates import today
from kernel.domain.enterprise import AS_RECORDED
from kernel.endpoints import CHANGE_RESPONSES, WRITE_RESPONSES, Engine
from kernel.problems import NotFound
from kernel.reads import load_state
from training.recognitions import domain
from training.recognitions.schemas import (
    RecognitionView,
    RecognitionWritten,
    RecognizeEnterprise,
    RecommendationView,
    RecommendationWritten,
    RecommendEnterprise,
    RetractRecord,
)

recommendations = APIRouter(prefix="/v1/demonstration-recommendations", tags=["demonstration recognitions"])
recognitions = APIRouter(prefix="/v1/demonstration-recognitions", tags=["demonstration recognitions"])
Commands = Annotated[CommandBus, Depends(command_bus("training"))]
RecordId = Annotated[str, Path(min_length=1, max_length=120)]


async def _run(commands: CommandBus, handle, id_field: str, prefix: str) -> Response:
    """Run a write whose id is decided inside it; the Location header is set from the answer (a replayed one too)."""
    response = await commands.run(handle)
    response.headers["Location"] = f"{prefix}/{orjson.loads(response.body)[id_field]}"
    return response


@recommendations.post("", status_code=201, response_model=RecommendationWritten, responses=WRITE_RESPONSES, description=AS_RECORDED,
                      summary="Record that an enterprise was recommended for recognition (measure 11)")
async def recommend(body: RecommendEnterprise, commands: Commands):
    async def handle(uow: UnitOfWork) -> RecommendationWritten:
        dossier = await uow.load_enterprise(domain.DOSSIER, body.enterprise)
        uow.principal.require_region(body.recommended_by, field="recommended_by")
        events = domain.recommend(
            dossier.state, enterprise=body.enterprise, level=body.level, recommended_on=body.recommended_on,
            recommended_by=body.recommended_by, today=today(),
        )
        return RecommendationWritten(recommendation_id=events[0].recommendation_id, stream_version=uow.record(dossier, events))

    return await _run(commands, handle, "recommendation_id", recommendations.prefix)


@recognitions.post("", status_code=201, response_model=RecognitionWritten, responses=WRITE_RESPONSES, description=AS_RECORDED,
                   summary="Record that an enterprise was recognised (measure 11)")
async def recognize(body: RecognizeEnterprise, commands: Commands):
    async def handle(uow: UnitOfWork) -> RecognitionWritten:
        dossier = await uow.load_enterprise(domain.DOSSIER, body.enterprise)
        events = domain.recognize(
            dossier.state, enterprise=body.enterprise, level=body.level, recognized_on=body.recognized_on,
            recommendation_id=body.recommendation_id, today=today(),
        )
        return RecognitionWritten(recognition_id=events[0].recognition_id, stream_version=uow.record(dossier, events))

    return await _run(commands, handle, "recognition_id", recognitions.prefix)


def _dossier_key(record_id: str, what: str) -> str:
    """The credit code of the dossier holding a record (its id begins with it); 404 for an id that cannot be one."""
    uscc = domain.dossier_key(record_id)
    if uscc is None:
        raise NotFound(what, record_id)
    return uscc


@recommendations.post("/{recommendation_id}/retraction", status_code=201, response_model=RecommendationWritten,
                      responses=CHANGE_RESPONSES, summary="Retract a recommendation record: it no longer counts")
async def retract_recommendation(recommendation_id: RecordId, body: RetractRecord, commands: Commands):
    return await commands.change(
        domain.DOSSIER, _dossier_key(recommendation_id, "recommendation"),
        lambda dossier: domain.retract_recommendation(dossier, recommendation_id=recommendation_id, reason=body.reason, today=today()),
        lambda version: RecommendationWritten(recommendation_id=recommendation_id, stream_version=version),
        location=f"{recommendations.prefix}/{recommendation_id}",
        region_of=lambda dossier: domain.region_of_record(dossier.recommendations.get(recommendation_id)),
        region_field="enterprise.region",
    )


@recognitions.post("/{recognition_id}/retraction", status_code=201, response_model=RecognitionWritten,
                   responses=CHANGE_RESPONSES, summary="Retract a recognition record: it no longer counts")
async def retract_recognition(recognition_id: RecordId, body: RetractRecord, commands: Commands):
    return await commands.change(
        domain.DOSSIER, _dossier_key(recognition_id, "recognition"),
        lambda dossier: domain.retract_recognition(dossier, recognition_id=recognition_id, reason=body.reason, today=today()),
        lambda version: RecognitionWritten(recognition_id=recognition_id, stream_version=version),
        location=f"{recognitions.prefix}/{recognition_id}",
        region_of=lambda dossier: domain.region_of_record(dossier.recognitions.get(recognition_id)),
        region_field="enterprise.region",
    )


@recommendations.get("/{recommendation_id}", response_model=RecommendationView, summary="A recommendation as recorded now")
async def get_recommendation(recommendation_id: RecordId, engine: Engine, reader: Reader) -> RecommendationView:
    state, version = await load_state(engine, domain.DOSSIER, _dossier_key(recommendation_id, "recommendation"), reader)
    made = state.recommendations.get(recommendation_id)
    if made is None:
        raise NotFound("recommendation", recommendation_id)
    reader.require_read_region(made.enterprise.region)  # a dossier holds an enterprise's records: each checked
    return RecommendationView(**asdict(made) | {"enterprise": made.enterprise}, stream_version=version)


@recognitions.get("/{recognition_id}", response_model=RecognitionView, summary="A recognition as recorded now")
async def get_recognition(recognition_id: RecordId, engine: Engine, reader: Reader) -> RecognitionView:
    state, version = await load_state(engine, domain.DOSSIER, _dossier_key(recognition_id, "recognition"), reader)
    made = state.recognitions.get(recognition_id)
    if made is None:
        raise NotFound("recognition", recognition_id)
    reader.require_read_region(made.enterprise.region)  # a dossier holds an enterprise's records: each checked
    return RecognitionView(**asdict(made) | {"enterprise": made.enterprise}, stream_version=version)
