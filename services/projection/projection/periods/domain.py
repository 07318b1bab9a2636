"""A reporting period of one region: submitted by the region's bureau, approved (or returned) by the province.

One aggregate per region and period (`420100/2019-03`, `420100/2019`, the province's own `420000/2019-03`).
Each step is an event; its actor is the token subject and its moment the time the event store recorded it (the
vintage moment of a submission or an approval). `decide_*` answer the events a command records, or refuse.

States: open (nothing recorded) -> submitted -> approved | returned; returned -> submitted;
approved -> reopened -> submitted. A submission may be made again while submitted (it refreshes the vintage).
The province's period is approved directly (no submission), when every division's same period stands approved.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date

from kernel.aggregate import AggregateType
from kernel.domain.regions import PROVINCE, REGION_NAMES
from kernel.events import DomainEvent
from kernel.problems import Problem

OPEN, SUBMITTED, APPROVED, RETURNED, REOPENED = "open", "submitted", "approved", "returned", "reopened"
STATE_ZH = {OPEN: "未报送", SUBMITTED: "已报送", APPROVED: "已审核通过", RETURNED: "已退回", REOPENED: "已重新打开"}
PERIOD_PATTERN = r"^(20\d\d|2100)(-(0[1-9]|1[0-2]))?$"


class PeriodEvent(DomainEvent):
    region: str
    period: str


class PeriodSubmitted(PeriodEvent, source="projection"):
    """The region's bureau vouches for its figures of the period as known at this event's recorded moment."""


class PeriodApproved(PeriodEvent, source="projection"):
    """The province approves the figures of the submission it names (the stream version of that submission)."""

    submission_version: int | None = None  # None for the province's own period, approved without a submission


class PeriodReturned(PeriodEvent, source="projection"):
    reason: str


class PeriodReopened(PeriodEvent, source="projection"):
    reason: str


@dataclass(frozen=True)
class ReportingPeriod:
    region: str | None = None
    period: str | None = None
    state: str = OPEN
    submission_version: int | None = None  # the stream version of the latest submission
    version: int = 0


def apply(state: ReportingPeriod, event: DomainEvent) -> ReportingPeriod:
    state = replace(state, region=getattr(event, "region", state.region), period=getattr(event, "period", state.period),
                    version=state.version + 1)
    if isinstance(event, PeriodSubmitted):
        return replace(state, state=SUBMITTED, submission_version=state.version)
    if isinstance(event, PeriodApproved):
        return replace(state, state=APPROVED)
    if isinstance(event, PeriodReturned):
        return replace(state, state=RETURNED)
    if isinstance(event, PeriodReopened):
        return replace(state, state=REOPENED)
    return state


PERIODS = AggregateType[ReportingPeriod](
    name="reporting-period", initial=ReportingPeriod, apply=apply, region_of=lambda s: s.region
)


def key(region: str, period: str) -> str:
    return f"{region}/{period}"


def bounds(period: str) -> tuple[date, date]:
    """The first and last day of a period (`2019-03` or `2019`)."""
    year, _, month = period.partition("-")
    if month:
        y, m = int(year), int(month)
        return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
    return date(int(year), 1, 1), date(int(year), 12, 31)


def period_of_day(day: date) -> str | None:
    """The period a day names as `as_of`: a month's last day its month, 31 December the year; else None."""
    if day.month == 12 and day.day == 31:
        return str(day.year)
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return f"{day.year}-{day.month:02d}"
    return None


def periods_of_year(year: int) -> list[str]:
    return [f"{year}-{m:02d}" for m in range(1, 13)] + [str(year)]


def _state_conflict(state: ReportingPeriod, step_zh: str, step: str, allowed: tuple[str, ...]) -> Problem:
    return Problem(
        409, "conflict",
        f"报送期处于“{STATE_ZH[state.state]}”状态，不能{step_zh}；the period is {state.state}: it cannot be {step} "
        f"(only when {' or '.join(allowed)})",
        state=state.state,
    )


def decide_submission(state: ReportingPeriod, region: str, period: str, today: date) -> list[DomainEvent]:
    if region == PROVINCE:
        raise Problem(422, "validation-error", "region：全省报送期不需报送，所有地区审核通过后直接审核；region: the province's "
                      "period is not submitted, it is approved once every division's is",
                      errors=[{"field": "region", "in": "path", "message": "全省不报送；the province does not submit"}])
    if bounds(period)[1] >= today:
        raise Problem(409, "conflict", f"报送期 {period} 尚未结束（北京时间），结束后才能报送；the period {period} has not "
                      "ended yet (Beijing time): it can be submitted once it has", errors=[{"field": "period", "message": "not over"}])
    if state.state == APPROVED:
        raise _state_conflict(state, "报送（请先重新打开）", "submitted (reopen it first)", (OPEN, SUBMITTED, RETURNED, REOPENED))
    return [PeriodSubmitted(region=region, period=period)]


def decide_approval(state: ReportingPeriod, region: str, period: str) -> list[DomainEvent]:
    if region == PROVINCE:
        if state.state == APPROVED:
            raise _state_conflict(state, "再次审核", "approved again", (OPEN, REOPENED))
        return [PeriodApproved(region=region, period=period)]
    if state.state != SUBMITTED:
        raise _state_conflict(state, "审核通过", "approved", (SUBMITTED,))
    return [PeriodApproved(region=region, period=period, submission_version=state.submission_version)]


def decide_return(state: ReportingPeriod, region: str, period: str, reason: str) -> list[DomainEvent]:
    if state.state != SUBMITTED:
        raise _state_conflict(state, "退回", "returned", (SUBMITTED,))
    return [PeriodReturned(region=region, period=period, reason=reason)]


def decide_reopening(state: ReportingPeriod, region: str, period: str, reason: str) -> list[DomainEvent]:
    if state.state != APPROVED:
        raise _state_conflict(state, "重新打开", "reopened", (APPROVED,))
    return [PeriodReopened(region=region, period=period, reason=reason)]


def not_approved(states: dict[str, ReportingPeriod]) -> list[dict[str, str]]:
    """The divisions whose period does not stand approved, with their names, for the province's refusal."""
    return [{"region": code, "name": REGION_NAMES[code][0], "name_en": REGION_NAMES[code][1], "state": states[code].state}
            for code in REGION_NAMES if states[code].state != APPROVED]


PERIOD_RE = re.compile(PERIOD_PATTERN)
