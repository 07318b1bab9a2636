from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from enforcement.joint_meetings import domain
from enforcement.joint_meetings.schemas import HoldJointMeeting, JointMeetingView, JointMeetingWritten, RetractJointMeeting
from enforcement.routing import RecordId
from kernel.auth import Reader
from kernel.commands import CommandBus, command_bus
from kernel.domain.dates import today
from kernel.endpoints import CHANGE_RESPONSES, WRITE_RESPONSES, Engine
from kernel.problems import NotFound
from kernel.reads import load_state

router = APIRouter(prefix="/v1/joint-meetings", tags=["joint meetings"])
Commands = Annotated[CommandBus, Depends(command_bus("enforcement"))]


@router.post("", status_code=201, response_model=JointMeetingWritten, responses=WRITE_RESPONSES,
             summary="Record an inter-departmental joint meeting held (measure 17); answers with `meeting_id`")
async def hold_meeting(body: HoldJointMeeting, commands: Commands):
    meeting_id = str(uuid.uuid4())

    return await commands.create(
        domain.JOINT_MEETING, meeting_id,
        lambda meeting: domain.hold(meeting, meeting_id=meeting_id, **dict(body), today=today()),
        lambda version: JointMeetingWritten(meeting_id=meeting_id, stream_version=version),
        location=f"/v1/joint-meetings/{meeting_id}", region=body.region,
    )


@router.post("/{meeting_id}/retraction", status_code=201, response_model=JointMeetingWritten,
             responses=CHANGE_RESPONSES, summary="Retract a joint meeting record: it no longer counts")
async def retract_meeting(meeting_id: RecordId, body: RetractJointMeeting, commands: Commands):
    return await commands.change(
        domain.JOINT_MEETING, meeting_id,
        lambda meeting: domain.retract(meeting, meeting_id=meeting_id, reason=body.reason, today=today()),
        lambda version: JointMeetingWritten(meeting_id=meeting_id, stream_version=version),
        location=f"/v1/joint-meetings/{meeting_id}",
    )


@router.get("/{meeting_id}", response_model=JointMeetingView, summary="A joint meeting as recorded now")
async def get_meeting(meeting_id: RecordId, engine: Engine, reader: Reader) -> JointMeetingView:
    state, version = await load_state(engine, domain.JOINT_MEETING, meeting_id, reader)
    if not version:
        raise NotFound("joint meeting", meeting_id)
    return JointMeetingView(
        meeting_id=state.meeting_id, region=state.region, held_on=state.held_on, departments=list(state.departments),
        summary=state.summary, retracted_on=state.retracted_on, retraction_reason=state.retraction_reason,
        stream_version=version,
    )
