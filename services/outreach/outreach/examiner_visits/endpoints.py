from __future__ import annotations

import uuid

from fastapi import APIRouter

from kernel.auth import Reader
from kernel.domain.dates import today
from kernel.endpoints import CHANGE_RESPONSES, NOT_FOUND, WRITE_RESPONSES, Engine
from kernel.problems import NotFound
from kernel.reads import load_state
from outreach.common import Commands, RecordId, Retract
from outreach.examiner_visits import domain
from outreach.examiner_visits.schemas import ExaminerVisitView, ExaminerVisitWritten, MakeExaminerVisit

router = APIRouter(prefix="/v1/examiner-visits", tags=["examiner visits"])


@router.post("", status_code=201, response_model=ExaminerVisitWritten, responses=WRITE_RESPONSES,
             summary="Record a visit of patent examiners and attorneys to an enterprise (measure 20)")
async def make_visit(body: MakeExaminerVisit, commands: Commands):
    visit_id = str(uuid.uuid4())

    return await commands.create(
        domain.EXAMINER_VISIT, visit_id,
        lambda visit: domain.make(
            visit, visit_id=visit_id, occurred_on=body.occurred_on, enterprise=body.enterprise,
            examiners=body.examiners, attorneys=body.attorneys, examiner_names=body.examiner_names,
            attorney_names=body.attorney_names, organiser=body.organiser, summary=body.summary, today=today(),
        ),
        lambda version: ExaminerVisitWritten(visit_id=visit_id, stream_version=version),
        location=f"/v1/examiner-visits/{visit_id}", region=body.enterprise.region, region_field="enterprise.region",
    )


@router.post("/{visit_id}/retraction", status_code=201, response_model=ExaminerVisitWritten,
             responses=CHANGE_RESPONSES, summary="Retract a visit record: it no longer counts")
async def retract_visit(visit_id: RecordId, body: Retract, commands: Commands):
    return await commands.change(
        domain.EXAMINER_VISIT, visit_id,
        lambda visit: domain.retract(visit, visit_id=visit_id, reason=body.reason, today=today()),
        lambda version: ExaminerVisitWritten(visit_id=visit_id, stream_version=version),
        location=f"/v1/examiner-visits/{visit_id}",
    )


@router.get("/{visit_id}", response_model=ExaminerVisitView, responses=NOT_FOUND, summary="A visit as recorded now")
async def get_visit(visit_id: RecordId, engine: Engine, reader: Reader) -> ExaminerVisitView:
    state, version = await load_state(engine, domain.EXAMINER_VISIT, visit_id, reader)
    if not version:
        raise NotFound("examiner visit", visit_id)
    return ExaminerVisitView(
        visit_id=state.visit_id, occurred_on=state.occurred_on, region=state.region, enterprise=state.enterprise,
        examiners=state.examiners, attorneys=state.attorneys, person_times=state.person_times,
        examiner_names=None if state.examiner_names is None else list(state.examiner_names),
        attorney_names=None if state.attorney_names is None else list(state.attorney_names),
        organiser=state.organiser, summary=state.summary, retracted_on=state.retracted_on,
        retraction_reason=state.retraction_reason, stream_version=version,
    )
