"""Measure 17: inter-departmental joint meetings on IP disputes; a wrong record is retracted, not deleted."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from kernel.aggregate import AggregateType
from kernel.domain.dates import require_not_future
from kernel.domain.regions import ReportingArea
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict, DomainRuleViolated
from kernel.domain.rules import require_distinct, require_retractable


class JointMeetingHeld(DomainEvent, source="enforcement"):
    meeting_id: str
    region: ReportingArea  # 420000 for a provincial meeting
    held_on: date
    departments: list[str]
    summary: str


class JointMeetingRetracted(DomainEvent, source="enforcement"):
    meeting_id: str
    region: ReportingArea
    held_on: date
    reason: str
    retracted_on: date


@dataclass(frozen=True)
class JointMeeting:
    meeting_id: str | None = None
    region: str = ""
    held_on: date | None = None
    departments: tuple[str, ...] = ()
    summary: str = ""
    retracted_on: date | None = None
    retraction_reason: str | None = None

    @property
    def recorded(self) -> bool:
        return self.meeting_id is not None


def apply(state: JointMeeting, event: DomainEvent) -> JointMeeting:
    match event:
        case JointMeetingHeld():
            return JointMeeting(event.meeting_id, event.region, event.held_on, tuple(event.departments), event.summary)
        case JointMeetingRetracted():
            return replace(state, retracted_on=event.retracted_on, retraction_reason=event.reason)
    return state


JOINT_MEETING = AggregateType("joint-meeting", JointMeeting, apply)


def hold(state: JointMeeting, *, meeting_id: str, region: str, held_on: date, departments: list[str], summary: str, today: date) -> list[DomainEvent]:
    if state.recorded:
        raise Conflict(Bilingual(f"联席会议 {meeting_id} 已记录", f"joint meeting {meeting_id} is already recorded"), field="meeting_id")
    require_not_future("held_on", held_on, on=today)
    require_distinct("departments", departments)
    if len(departments) < 2:
        raise DomainRuleViolated("departments", Bilingual("联席会议至少须有两个部门参加", "a joint meeting brings together at least two departments"))
    return [JointMeetingHeld(meeting_id=meeting_id, region=region, held_on=held_on, departments=departments, summary=summary)]


def retract(state: JointMeeting, *, meeting_id: str, reason: str, today: date) -> list[DomainEvent]:
    require_retractable(recorded=state.recorded, retracted_on=state.retracted_on, what="joint meeting", identifier=meeting_id)
    assert state.held_on is not None
    return [JointMeetingRetracted(meeting_id=meeting_id, region=state.region, held_on=state.held_on, reason=reason, retracted_on=today)]
