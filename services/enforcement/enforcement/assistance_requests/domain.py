"""Measure 4: requests for rights-protection assistance to a center (first-inquiry responsibility, fast response).

What a center does is recorded whether or not the enterprise is private; response and resolution times are
derived from the moments recorded, never typed in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from enforcement.assistance_centers.domain import AssistanceCenter
from enforcement.lifecycle import minutes_between, office_date, require_moment
from kernel.domain.rules import require_on_or_after
from kernel.aggregate import AggregateType, Loaded
from kernel.domain.enterprise import Enterprise
from kernel.domain.regions import Region
from kernel.domain.vocabulary import LabelledEnum
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict, DomainRuleViolated, NotFound


class Channel(LabelledEnum):
    HOTLINE_12330 = "hotline_12330", "12330 热线", "12330 hotline"
    PHONE = "phone", "电话", "phone"
    WALK_IN = "walk_in", "来访", "walk-in"
    ONLINE = "online", "线上", "online"
    LETTER = "letter", "信函", "letter"
    ONSITE = "onsite", "上门", "on site"
    REFERRAL = "referral", "转介", "referral"


class AssistanceRequestReceived(DomainEvent, source="enforcement"):
    request_id: str
    center_id: str
    region: Region  # the center's region
    enterprise: Enterprise
    channel: Channel
    received_at: datetime
    received_on: date  # the business date, in the office's zone
    summary: str


class AssistanceRequestFirstResponded(DomainEvent, source="enforcement"):
    request_id: str
    center_id: str
    region: Region
    enterprise: Enterprise
    received_at: datetime
    responded_at: datetime
    responded_on: date
    response_minutes: int


class AssistanceRequestResolved(DomainEvent, source="enforcement"):
    request_id: str
    center_id: str
    region: Region
    enterprise: Enterprise
    received_at: datetime
    resolved_at: datetime
    resolved_on: date
    resolution_minutes: int
    summary: str


@dataclass(frozen=True)
class AssistanceRequest:
    request_id: str | None = None
    center_id: str = ""
    region: str = ""
    enterprise: Enterprise | None = None
    channel: str = ""
    received_at: datetime | None = None
    summary: str = ""
    responded_at: datetime | None = None
    response_minutes: int | None = None
    resolved_at: datetime | None = None
    resolution_minutes: int | None = None
    resolution_summary: str = ""

    @property
    def received(self) -> bool:
        return self.request_id is not None


def apply(state: AssistanceRequest, event: DomainEvent) -> AssistanceRequest:
    match event:
        case AssistanceRequestReceived():
            return AssistanceRequest(
                event.request_id, event.center_id, event.region, event.enterprise, event.channel, event.received_at, event.summary
            )
        case AssistanceRequestFirstResponded():
            return replace(state, responded_at=event.responded_at, response_minutes=event.response_minutes)
        case AssistanceRequestResolved():
            return replace(state, resolved_at=event.resolved_at, resolution_minutes=event.resolution_minutes,
                           resolution_summary=event.summary)
    return state


ASSISTANCE_REQUEST = AggregateType("assistance-request", AssistanceRequest, apply)


def receive(
    center: Loaded[AssistanceCenter], *, request_id: str, enterprise: Enterprise, channel: Channel,
    received_at: datetime, summary: str, now: datetime,
) -> list[DomainEvent]:
    state = center.state
    if not state.registered:
        raise DomainRuleViolated("center_id", Bilingual(f"没有登记维权援助中心 {center.key!r}", f"no assistance center {center.key!r} is registered"))
    require_moment("received_at", received_at, now=now)
    received_on = office_date(received_at)
    assert state.registered_on is not None
    require_on_or_after("received_at", received_on, state.registered_on, ("中心登记之日", "the center registered"), say_value=False)
    if not state.is_open_on(received_on):
        raise DomainRuleViolated("received_at", Bilingual(f"中心已于 {state.closed_on.isoformat()} 关闭", f"the center closed on {state.closed_on.isoformat()}"))
    return [
        AssistanceRequestReceived(
            request_id=request_id, center_id=state.center_id, region=state.region, enterprise=enterprise, channel=channel,
            received_at=received_at, received_on=received_on, summary=summary,
        )
    ]


def respond(state: AssistanceRequest, *, request_id: str, responded_at: datetime, now: datetime) -> list[DomainEvent]:
    if not state.received:
        raise NotFound("assistance request", request_id)
    if state.responded_at is not None:
        raise Conflict(Bilingual(f"维权援助申请 {request_id} 已于 {state.responded_at.isoformat()} 首次响应",
                                  f"assistance request {request_id} was first answered at {state.responded_at.isoformat()}"), field="responded_at")
    require_moment("responded_at", responded_at, now=now)
    assert state.received_at is not None and state.enterprise is not None
    require_on_or_after("responded_at", responded_at, state.received_at, ("收到申请之时", "the request was received"))
    return [
        AssistanceRequestFirstResponded(
            request_id=request_id, center_id=state.center_id, region=state.region, enterprise=state.enterprise,
            received_at=state.received_at, responded_at=responded_at, responded_on=office_date(responded_at),
            response_minutes=minutes_between(state.received_at, responded_at),
        )
    ]


def resolve(state: AssistanceRequest, *, request_id: str, resolved_at: datetime, summary: str, now: datetime) -> list[DomainEvent]:
    if not state.received:
        raise NotFound("assistance request", request_id)
    if state.resolved_at is not None:
        raise Conflict(Bilingual(f"维权援助申请 {request_id} 已于 {state.resolved_at.isoformat()} 解决",
                                  f"assistance request {request_id} was resolved at {state.resolved_at.isoformat()}"), field="resolved_at")
    if state.responded_at is None:
        raise DomainRuleViolated("resolved_at", Bilingual("尚未记录首次响应：请先记录首次响应", "no first response is recorded yet: record it first"))
    require_moment("resolved_at", resolved_at, now=now)
    assert state.received_at is not None and state.enterprise is not None
    require_on_or_after("resolved_at", resolved_at, state.responded_at, ("首次响应之时", "the first response"))
    return [
        AssistanceRequestResolved(
            request_id=request_id, center_id=state.center_id, region=state.region, enterprise=state.enterprise,
            received_at=state.received_at, resolved_at=resolved_at, resolved_on=office_date(resolved_at),
            resolution_minutes=minutes_between(state.received_at, resolved_at), summary=summary,
        )
    ]
