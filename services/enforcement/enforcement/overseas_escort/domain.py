"""Measure 3: enterprises enrolled in the province's overseas IP escort program for key enterprises.

One stream per enterprise (keyed by its credit code): an enterprise is enrolled once, and may later leave; the
enrolment keeps the region it was recorded in (kernel.domain.enterprise).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from kernel.aggregate import AggregateType
from kernel.domain.dates import require_not_future
from kernel.domain.enterprise import Enterprise, require_as_recorded
from kernel.domain.regions import Region
from kernel.domain.rules import require_distinct, require_on_or_after
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict, DomainRuleViolated, NotFound


class OverseasEscortEnrolled(DomainEvent, source="enforcement"):
    uscc: str
    region: Region  # the enterprise's region
    enterprise: Enterprise
    enrolled_on: date
    target_markets: list[str]


class OverseasEscortLeft(DomainEvent, source="enforcement"):
    uscc: str
    region: Region
    enterprise: Enterprise
    enrolled_on: date
    left_on: date
    reason: str


@dataclass(frozen=True)
class OverseasEscortEnrolment:
    enterprise: Enterprise | None = None
    enrolled_on: date | None = None
    target_markets: tuple[str, ...] = ()
    left_on: date | None = None
    leaving_reason: str | None = None

    @property
    def enrolled(self) -> bool:
        return self.enterprise is not None

    @property
    def enterprise_of_record(self) -> Enterprise | None:
        return self.enterprise


def apply(state: OverseasEscortEnrolment, event: DomainEvent) -> OverseasEscortEnrolment:
    match event:
        case OverseasEscortEnrolled():
            return OverseasEscortEnrolment(event.enterprise, event.enrolled_on, tuple(event.target_markets))
        case OverseasEscortLeft():
            return replace(state, left_on=event.left_on, leaving_reason=event.reason)
    return state


OVERSEAS_ESCORT = AggregateType("overseas-escort-enrolment", OverseasEscortEnrolment, apply)


def enrol(state: OverseasEscortEnrolment, *, enterprise: Enterprise, enrolled_on: date, target_markets: list[str], today: date) -> list[DomainEvent]:
    require_target_markets(target_markets)
    require_as_recorded(state.enterprise_of_record, enterprise)
    if state.enrolled:
        assert state.enrolled_on is not None
        raise Conflict(Bilingual(f"{enterprise.uscc} 已于 {state.enrolled_on.isoformat()} 纳入海外护航", f"{enterprise.uscc} was enrolled on {state.enrolled_on.isoformat()}"),
                       field="enterprise.uscc")
    require_not_future("enrolled_on", enrolled_on, on=today)
    return [OverseasEscortEnrolled(uscc=enterprise.uscc, region=enterprise.region, enterprise=enterprise,
                                   enrolled_on=enrolled_on, target_markets=target_markets)]


def require_target_markets(target_markets: list[str]) -> None:
    """Each market once, and none of them the mainland (the escort is for protection abroad); the first wrong
    entry in the list is the one refused."""
    mainland = target_markets.index("CN") if "CN" in target_markets else len(target_markets)
    require_distinct("target_markets", target_markets[: mainland + 1])
    if mainland < len(target_markets):
        raise DomainRuleViolated(f"target_markets.{mainland}", Bilingual("海外护航只涵盖中国大陆以外的市场", "the escort covers markets outside the mainland"))


def leave(state: OverseasEscortEnrolment, *, uscc: str, left_on: date, reason: str, today: date) -> list[DomainEvent]:
    if not state.enrolled:
        raise NotFound("overseas escort enrolment", uscc)
    if state.left_on is not None:
        raise Conflict(Bilingual(f"{uscc} 已于 {state.left_on.isoformat()} 退出海外护航", f"{uscc} left the program on {state.left_on.isoformat()}"), field="left_on")
    require_not_future("left_on", left_on, on=today)
    assert state.enrolled_on is not None and state.enterprise is not None
    require_on_or_after("left_on", left_on, state.enrolled_on, ("纳入之日", "it was enrolled"))
    return [OverseasEscortLeft(uscc=uscc, region=state.enterprise.region, enterprise=state.enterprise,
                               enrolled_on=state.enrolled_on, left_on=left_on, reason=reason)]
