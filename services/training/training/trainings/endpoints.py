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
from training.trainings import domain
from training.trainings.schemas import (
    CancelTraining,
    CompleteTraining,
    PlanTraining,
    RetractTraining,
    TrainingView,
    TrainingWritten,
)

router = APIRouter(prefix="/v1/trainings", tags=["trainings"])
Commands = Annotated[CommandBus, Depends(command_bus("training"))]
TrainingId = Annotated[str, Path(min_length=1, max_length=64)]


@router.post("", status_code=201, response_model=TrainingWritten, responses={422: WRITE_RESPONSES[422]},
             summary="Plan a training (measure 22)")
async def plan_training(body: PlanTraining, commands: Commands):
    training_id = str(uuid.uuid4())

    return await commands.create(
        domain.TRAINING, training_id,
        lambda training: domain.plan(training, training_id=training_id, **body.model_dump(), today=today()),
        lambda version: TrainingWritten(training_id=training_id, stream_version=version),
        location=f"/v1/trainings/{training_id}", region=body.region,
    )


async def _change(commands: CommandBus, training_id: str, decide, **arguments):
    """Apply one decision to an existing training, within the token's region."""
    return await commands.change(
        domain.TRAINING, training_id,
        lambda training: decide(training, training_id=training_id, **arguments, today=today()),
        lambda version: TrainingWritten(training_id=training_id, stream_version=version),
        location=f"/v1/trainings/{training_id}",
    )


@router.post("/{training_id}/completion", status_code=201, response_model=TrainingWritten, responses=CHANGE_RESPONSES,
             summary="Record that the training was held, with its trainee person-times")
async def complete_training(training_id: TrainingId, body: CompleteTraining, commands: Commands):
    return await _change(commands, training_id, domain.complete, person_times=body.person_times, completed_on=body.completed_on)


@router.post("/{training_id}/cancellation", status_code=201, response_model=TrainingWritten, responses=CHANGE_RESPONSES,
             summary="Record that a planned training will not be held")
async def cancel_training(training_id: TrainingId, body: CancelTraining, commands: Commands):
    return await _change(commands, training_id, domain.cancel, cancelled_on=body.cancelled_on, reason=body.reason)


@router.post("/{training_id}/retraction", status_code=201, response_model=TrainingWritten, responses=CHANGE_RESPONSES,
             summary="Retract a training record: it no longer counts")
async def retract_training(training_id: TrainingId, body: RetractTraining, commands: Commands):
    return await _change(commands, training_id, domain.retract, reason=body.reason)


@router.get("/{training_id}", response_model=TrainingView, summary="A training as recorded now")
async def get_training(training_id: TrainingId, engine: Engine, reader: Reader) -> TrainingView:
    state, version = await load_state(engine, domain.TRAINING, training_id, reader)
    if not version:
        raise NotFound("training", training_id)
    return TrainingView(
        training_id=state.training_id, title=state.title, region=state.region, format=state.format,
        audience=state.audience, partner=state.partner, organiser=state.organiser, starts_on=state.starts_on,
        ends_on=state.ends_on, status=state.status, completed_on=state.completed_on, person_times=state.person_times,
        cancelled_on=state.cancelled_on, cancellation_reason=state.cancellation_reason,
        retracted_on=state.retracted_on, retraction_reason=state.retraction_reason, stream_version=version,
    )
