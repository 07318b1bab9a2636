"""Measure 9: pledge-financing matchmaking events (银企对接活动) bring enterprises and banks together."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from kernel.aggregate import AggregateType
from kernel.domain.dates import require_not_future
from kernel.domain.enterprise import Enterprise
from kernel.domain.regions import Region
from kernel.domain.rules import require_distinct, require_retractable
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict, DomainRuleViolated


class MatchmakingEventHeld(DomainEvent, source="financing"):
    event_id: str
    occurred_on: date
    region: Region
    organiser: str
    enterprises_attending: list[Enterprise]
    banks_attending: list[str]
    summary: str


class MatchmakingEventRetracted(DomainEvent, source="financing"):
    event_id: str
    region: Region
    reason: str
    retracted_on: date


@dataclass(frozen=True)
class MatchmakingEvent:
    event_id: str | None = None
    occurred_on: date | None = None
    region: str = ""
    organiser: str = ""
    enterprises_attending: tuple[Enterprise, ...] = ()
    banks_attending: tuple[str, ...] = ()
    summary: str = ""
    retracted_on: date | None = None
    retraction_reason: str | None = None

    @property
    def held(self) -> bool:
        return self.event_id is not None


def apply(state: MatchmakingEvent, event: DomainEvent) -> MatchmakingEvent:
    match event:
        case MatchmakingEventHeld():
            return MatchmakingEvent(
                event.event_id, event.occurred_on, event.region, event.organiser, tuple(event.enterprises_attending),
                tuple(event.banks_attending), event.summary,
            )
        case MatchmakingEventRetracted():
            return replace(state, retracted_on=event.retracted_on, retraction_reason=event.reason)
    return state


MATCHMAKING_EVENT = AggregateType("matchmaking-event", MatchmakingEvent, apply)


def hold(
    state: MatchmakingEvent,
    *,
    event_id: str,
    occurred_on: date,
    region: Region,
    organiser: str,
    enterprises_attending: list[Enterprise],
    banks_attending: list[str],
    summary: str,
    today: date,
) -> list[DomainEvent]:
    if state.held:
        raise Conflict(Bilingual(f"银企对接活动 {event_id} 已记录", f"matchmaking event {event_id} is already recorded"), field="event_id")
    require_not_future("occurred_on", occurred_on, on=today)
    if not enterprises_attending:
        raise DomainRuleViolated("enterprises_attending", Bilingual("至少须有一家企业参加", "at least one enterprise must attend"))
    if not banks_attending:
        raise DomainRuleViolated("banks_attending", Bilingual("至少须有一家银行参加", "at least one bank must attend"))
    require_distinct("enterprises_attending", enterprises_attending, key=lambda e: e.uscc, label=lambda e: e.uscc, at=".uscc")
    require_distinct("banks_attending", banks_attending)
    return [
        MatchmakingEventHeld(
            event_id=event_id, occurred_on=occurred_on, region=region, organiser=organiser,
            enterprises_attending=enterprises_attending, banks_attending=banks_attending, summary=summary,
        )
    ]


def retract(state: MatchmakingEvent, *, event_id: str, reason: str, today: date) -> list[DomainEvent]:
    require_retractable(recorded=state.held, retracted_on=state.retracted_on, what="matchmaking event", identifier=event_id)
    return [MatchmakingEventRetracted(event_id=event_id, region=state.region, reason=reason, retracted_on=today)]
