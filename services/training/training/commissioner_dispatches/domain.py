"""Measure 12: an IP special commissioner (知识产权特派员) is dispatched to an enterprise for one kind of service,
for a term with a first and a last day; at the end the outcome is noted, or the record is retracted.

The conclusion event repeats the dispatch's description (commissioner, enterprise with its ownership, region,
service kind, term), so that a reader counts from that one event.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict, Field

from kernel.aggregate import AggregateType
from kernel.domain.dates import require_not_future
from kernel.domain.enterprise import Enterprise
from kernel.domain.regions import Region
from kernel.domain.rules import require_on_or_after
from kernel.domain.text import Identifier, Name
from kernel.domain.vocabulary import LabelledEnum
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict, DomainRuleViolated, NotFound

MAX_TERM = timedelta(days=3 * 366)  # a commissioner's term runs at most three years


class ServiceKind(LabelledEnum):
    PATENT_NAVIGATION = "patent_navigation", "专利导航", "patent navigation"
    IP_EVALUATION = "ip_evaluation", "知识产权评议", "IP evaluation"
    HIGH_VALUE_PATENT_CULTIVATION = "high_value_patent_cultivation", "高价值专利培育", "high-value patent cultivation"
    TRADEMARK_BRAND_CULTIVATION = "trademark_brand_cultivation", "商标品牌培育", "trademark brand cultivation"
    GI_POVERTY_ALLEVIATION = "gi_poverty_alleviation", "地理标志精准扶贫", "GI poverty alleviation"


class Commissioner(BaseModel):
    """The commissioner as known when dispatched."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    commissioner_id: Identifier = Field(description="The commissioner's id in the office's roster.")
    name: Name
    specialty: Name = Field(description="The commissioner's field, e.g. 专利代理, 商标, 机械工程.")


class CommissionerDispatched(DomainEvent, source="training"):
    dispatch_id: str
    commissioner: Commissioner
    enterprise: Enterprise
    region: Region  # the enterprise's region
    service_kind: ServiceKind
    starts_on: date
    ends_on: date  # the last day of the term as dispatched


class CommissionerDispatchConcluded(DomainEvent, source="training"):
    dispatch_id: str
    commissioner: Commissioner
    enterprise: Enterprise
    region: Region
    service_kind: ServiceKind
    starts_on: date
    ends_on: date
    concluded_on: date  # the day the service ended: the day it counts on
    outcome: str


class CommissionerDispatchRetracted(DomainEvent, source="training"):
    dispatch_id: str
    region: Region
    reason: str
    retracted_on: date


@dataclass(frozen=True)
class Dispatch:
    dispatch_id: str | None = None
    commissioner: Commissioner | None = None
    enterprise: Enterprise | None = None
    service_kind: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    concluded_on: date | None = None
    outcome: str | None = None
    retracted_on: date | None = None
    retraction_reason: str | None = None

    @property
    def dispatched(self) -> bool:
        return self.dispatch_id is not None

    @property
    def status(self) -> str:
        if self.retracted_on is not None:
            return "retracted"
        if self.concluded_on is not None:
            return "concluded"
        return "dispatched"


def apply(state: Dispatch, event: DomainEvent) -> Dispatch:
    match event:
        case CommissionerDispatched():
            return Dispatch(event.dispatch_id, event.commissioner, event.enterprise, event.service_kind, event.starts_on, event.ends_on)
        case CommissionerDispatchConcluded():
            return replace(state, concluded_on=event.concluded_on, outcome=event.outcome)
        case CommissionerDispatchRetracted():
            return replace(state, retracted_on=event.retracted_on, retraction_reason=event.reason)
    return state


DISPATCH = AggregateType("commissioner-dispatch", Dispatch, apply)


def dispatch(
    state: Dispatch, *, dispatch_id: str, commissioner: Commissioner, enterprise: Enterprise, service_kind: ServiceKind,
    starts_on: date, ends_on: date, today: date,
) -> list[DomainEvent]:
    if state.dispatched:
        raise Conflict(Bilingual(f"专员派驻 {dispatch_id!r} 已记录", f"dispatch {dispatch_id!r} is already recorded"), field="dispatch_id")
    require_not_future("starts_on", starts_on, on=today)
    require_on_or_after("ends_on", ends_on, starts_on, ("派驻期开始之日", "the term starts"), say_value=False)
    if ends_on - starts_on > MAX_TERM:
        raise DomainRuleViolated("ends_on", Bilingual(f"一次派驻最长 {MAX_TERM.days} 天", f"a term lasts at most {MAX_TERM.days} days"))
    return [
        CommissionerDispatched(
            dispatch_id=dispatch_id, commissioner=commissioner, enterprise=enterprise, region=enterprise.region,
            service_kind=service_kind, starts_on=starts_on, ends_on=ends_on,
        )
    ]


def _require_open(state: Dispatch, dispatch_id: str) -> None:
    if not state.dispatched:
        raise NotFound("commissioner dispatch", dispatch_id)
    if state.retracted_on is not None:
        raise Conflict(Bilingual(f"专员派驻 {dispatch_id} 已于 {state.retracted_on.isoformat()} 撤回", f"dispatch {dispatch_id} was retracted on {state.retracted_on.isoformat()}"))


def conclude(state: Dispatch, *, dispatch_id: str, concluded_on: date | None, outcome: str, today: date) -> list[DomainEvent]:
    _require_open(state, dispatch_id)
    if state.concluded_on is not None:
        raise Conflict(Bilingual(f"专员派驻 {dispatch_id} 已于 {state.concluded_on.isoformat()} 结束", f"dispatch {dispatch_id} was already concluded on {state.concluded_on.isoformat()}"))
    assert state.starts_on is not None and state.ends_on is not None and state.enterprise is not None
    if concluded_on is None:  # served the whole term, or ended now when the term is still running
        concluded_on = min(state.ends_on, today)
    require_not_future("concluded_on", concluded_on, on=today)
    require_on_or_after("concluded_on", concluded_on, state.starts_on, ("派驻期开始之日", "the term starts"))
    return [
        CommissionerDispatchConcluded(
            dispatch_id=dispatch_id, commissioner=state.commissioner, enterprise=state.enterprise,
            region=state.enterprise.region, service_kind=state.service_kind, starts_on=state.starts_on,
            ends_on=state.ends_on, concluded_on=concluded_on, outcome=outcome,
        )
    ]


def retract(state: Dispatch, *, dispatch_id: str, reason: str, today: date) -> list[DomainEvent]:
    _require_open(state, dispatch_id)
    assert state.enterprise is not None
    return [CommissionerDispatchRetracted(dispatch_id=dispatch_id, region=state.enterprise.region, reason=reason, retracted_on=today)]
