"""Rules every lifecycle in this service shares: nothing happens in the future, nothing before it could."""

from __future__ import annotations

from datetime import date, datetime, timezone

from kernel.domain.dates import EARLIEST, OFFICE_ZONE
from kernel.problems import DomainRuleViolated


def require_on_or_after(field: str, value: date, earlier: date, what: str) -> None:
    """`value` may not come before `earlier` (`what` says what happened then, e.g. "the case opened")."""
    if value < earlier:
        raise DomainRuleViolated(field, f"{value.isoformat()} is before {what} ({earlier.isoformat()})")


def office_date(moment: datetime) -> date:
    """The business date of a moment: its calendar day in the office's time zone."""
    return moment.astimezone(OFFICE_ZONE).date()


def require_moment(field: str, value: datetime, *, now: datetime) -> None:
    """A moment something happened: not in the future, not before the system's earliest date."""
    # compare before converting: a moment at the edge of the calendar cannot be moved to another zone
    if value > now:
        raise DomainRuleViolated(field, f"{value.isoformat()} is in the future (now is {now.astimezone(timezone.utc).isoformat()})")
    if value.year < EARLIEST.year or office_date(value) < EARLIEST:
        raise DomainRuleViolated(field, f"must be on or after {EARLIEST.isoformat()}")


def require_moment_on_or_after(field: str, value: datetime, earlier: datetime, what: str) -> None:
    if value < earlier:
        raise DomainRuleViolated(field, f"{value.isoformat()} is before {what} ({earlier.isoformat()})")


def minutes_between(start: datetime, end: datetime) -> int:
    """Whole minutes from `start` to `end` (derived, never typed in)."""
    return int((end - start).total_seconds() // 60)
