"""Measure 21: trademark acceptance windows in the province and the applications each accepts per month.

One figure per window and month: a later figure for the same month replaces the earlier one (the event says
which figure it replaces), and both stay in the history.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from pydantic import Field

from kernel.aggregate import AggregateType
from kernel.domain.dates import require_not_future
from kernel.domain.regions import Region
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict, DomainRuleViolated, NotFound


class TrademarkWindowOpened(DomainEvent, source="outreach"):
    window_id: str
    name: str
    host: str
    region: Region
    opened_on: date


class TrademarkAcceptancesCounted(DomainEvent, source="outreach"):
    window_id: str
    region: Region
    month: str = Field(description="The month counted, YYYY-MM.", examples=["2019-06"])
    applications_accepted: int
    replaces: int | None  # the figure recorded earlier for the same month, if any


@dataclass(frozen=True)
class TrademarkWindow:
    window_id: str | None = None
    name: str = ""
    host: str = ""
    region: str = ""
    opened_on: date | None = None
    monthly: dict[str, int] = field(default_factory=dict)  # month -> the figure that stands

    @property
    def opened(self) -> bool:
        return self.window_id is not None


def apply(state: TrademarkWindow, event: DomainEvent) -> TrademarkWindow:
    match event:
        case TrademarkWindowOpened():
            return TrademarkWindow(event.window_id, event.name, event.host, event.region, event.opened_on)
        case TrademarkAcceptancesCounted():
            return replace(state, monthly={**state.monthly, event.month: event.applications_accepted})
    return state


TRADEMARK_WINDOW = AggregateType("trademark-window", TrademarkWindow, apply)


def first_day(month: str) -> date:
    """The first day of a `YYYY-MM` month (the schema has checked the pattern)."""
    year, number = month.split("-")
    return date(int(year), int(number), 1)


def open_window(
    state: TrademarkWindow, *, window_id: str, name: str, host: str, region: Region, opened_on: date, today: date
) -> list[DomainEvent]:
    if state.opened:
        raise Conflict(Bilingual(f"商标受理窗口 {window_id!r} 已登记", f"trademark window {window_id!r} is already registered"), field="window_id")
    require_not_future("opened_on", opened_on, on=today)
    return [TrademarkWindowOpened(window_id=window_id, name=name, host=host, region=region, opened_on=opened_on)]


def count_acceptances(
    state: TrademarkWindow, *, window_id: str, month: str, applications_accepted: int, today: date
) -> list[DomainEvent]:
    if not state.opened:
        raise NotFound("trademark window", window_id)
    assert state.opened_on is not None
    starts = first_day(month)
    if starts > today:
        raise DomainRuleViolated("month", Bilingual(f"{month} 尚未开始（今天是 {today.isoformat()}）", f"{month} has not begun (today is {today.isoformat()})"))
    if starts < state.opened_on.replace(day=1):
        raise DomainRuleViolated("month", Bilingual(f"早于窗口开设之日（{state.opened_on.isoformat()}）", f"is before the window opened ({state.opened_on.isoformat()})"))
    if applications_accepted < 0:
        raise DomainRuleViolated("applications_accepted", Bilingual("不能为负数", "cannot be negative"))
    earlier = state.monthly.get(month)
    if earlier == applications_accepted:
        raise Conflict(Bilingual(f"{month} 的受理件数已是 {earlier} 件", f"{month} already stands at {earlier} applications"), field="applications_accepted")
    return [TrademarkAcceptancesCounted(window_id=window_id, region=state.region, month=month,
                                        applications_accepted=applications_accepted, replaces=earlier)]
