"""Measure 13: applications the office supports for well-known trademark recognition (驰名商标认定) and for
geographical-indication registration (地理标志注册), and their outcomes. A wrong record is retracted.

The decision event repeats the application (kind, applicant with its ownership, region, mark, filing date), so
that a reader counts approvals from that one event.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from kernel.aggregate import AggregateType
from kernel.domain.dates import require_not_future
from kernel.domain.enterprise import Enterprise
from kernel.domain.regions import Region
from kernel.domain.rules import require_on_or_after
from kernel.domain.vocabulary import LabelledEnum
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict, NotFound


class ApplicationKind(LabelledEnum):
    WELL_KNOWN_TRADEMARK = "well_known_trademark", "驰名商标", "well-known trademark"
    GEOGRAPHICAL_INDICATION = "geographical_indication", "地理标志", "geographical indication"


class Outcome(LabelledEnum):
    APPROVED = "approved", "获批", "approved"  # recognised as well known, or registered
    REFUSED = "refused", "驳回", "refused"
    WITHDRAWN = "withdrawn", "撤回", "withdrawn"


class MarkApplicationFiled(DomainEvent, source="training"):
    application_id: str
    kind: ApplicationKind
    applicant: Enterprise
    region: Region  # the applicant's region
    mark: str
    application_number: str | None
    filed_on: date


class MarkApplicationDecided(DomainEvent, source="training"):
    application_id: str
    kind: ApplicationKind
    applicant: Enterprise
    region: Region
    mark: str
    application_number: str | None
    filed_on: date
    outcome: Outcome
    decided_on: date  # the day of the decision: the day it counts on
    note: str | None


class MarkApplicationRetracted(DomainEvent, source="training"):
    application_id: str
    region: Region
    reason: str
    retracted_on: date


@dataclass(frozen=True)
class Application:
    application_id: str | None = None
    kind: str = ""
    applicant: Enterprise | None = None
    mark: str = ""
    application_number: str | None = None
    filed_on: date | None = None
    outcome: str | None = None
    decided_on: date | None = None
    note: str | None = None
    retracted_on: date | None = None
    retraction_reason: str | None = None

    @property
    def status(self) -> str:
        if self.retracted_on is not None:
            return "retracted"
        return self.outcome or "pending"


def apply(state: Application, event: DomainEvent) -> Application:
    match event:
        case MarkApplicationFiled():
            return Application(event.application_id, event.kind, event.applicant, event.mark, event.application_number, event.filed_on)
        case MarkApplicationDecided():
            return replace(state, outcome=event.outcome, decided_on=event.decided_on, note=event.note)
        case MarkApplicationRetracted():
            return replace(state, retracted_on=event.retracted_on, retraction_reason=event.reason)
    return state


APPLICATION = AggregateType("mark-application", Application, apply)


def file(
    state: Application, *, application_id: str, kind: ApplicationKind, applicant: Enterprise, mark: str,
    application_number: str | None, filed_on: date, today: date,
) -> list[DomainEvent]:
    if state.application_id is not None:
        raise Conflict(Bilingual(f"申请 {application_id!r} 已记录", f"application {application_id!r} is already recorded"), field="application_id")
    require_not_future("filed_on", filed_on, on=today)
    return [
        MarkApplicationFiled(
            application_id=application_id, kind=kind, applicant=applicant, region=applicant.region, mark=mark,
            application_number=application_number, filed_on=filed_on,
        )
    ]


def _require_open(state: Application, application_id: str) -> None:
    if state.application_id is None:
        raise NotFound("mark application", application_id)
    if state.retracted_on is not None:
        raise Conflict(Bilingual(f"申请 {application_id} 已于 {state.retracted_on.isoformat()} 撤回",
                                  f"application {application_id} was retracted on {state.retracted_on.isoformat()}"))


def decide(
    state: Application, *, application_id: str, outcome: Outcome, decided_on: date, note: str | None, today: date
) -> list[DomainEvent]:
    _require_open(state, application_id)
    if state.decided_on is not None:
        raise Conflict(Bilingual(f"申请 {application_id} 已于 {state.decided_on.isoformat()} 作出决定（{Outcome(state.outcome).zh}）",
                                  f"application {application_id} was already decided ({state.outcome} on {state.decided_on.isoformat()})"))
    assert state.applicant is not None and state.filed_on is not None
    require_not_future("decided_on", decided_on, on=today)
    require_on_or_after("decided_on", decided_on, state.filed_on, ("申请之日", "the application was filed"), say_value=False)
    return [
        MarkApplicationDecided(
            application_id=application_id, kind=state.kind, applicant=state.applicant, region=state.applicant.region,
            mark=state.mark, application_number=state.application_number, filed_on=state.filed_on, outcome=outcome,
            decided_on=decided_on, note=note,
        )
    ]


def retract(state: Application, *, application_id: str, reason: str, today: date) -> list[DomainEvent]:
    _require_open(state, application_id)
    return [MarkApplicationRetracted(application_id=application_id, region=state.applicant.region, reason=reason, retracted_on=today)]
