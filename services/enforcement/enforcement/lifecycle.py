"""Moments in this service's lifecycles: their business date, not in the future, minutes between them (the
on-or-after checks are `kernel.domain.rules`)."""

from __future__ import annotations

from datetime import date, datetime, timezone

from kernel.domain.dates import EARLIEST, OFFICE_ZONE
from kernel.i18n import Bilingual
from kernel.problems import DomainRuleViolated


def office_date(moment: datetime) -> date:
    """The business date of a moment: its calendar day in the office's time zone."""
    return moment.astimezone(OFFICE_ZONE).date()


def require_moment(field: str, value: datetime, *, now: datetime) -> None:
    """A moment something happened: not in the future, not before the system's earliest date."""
    # compare before converting: a moment at the edge of the calendar cannot be moved to another zone
    if value > now:
        now_said = now.astimezone(timezone.utc).isoformat()
        raise DomainRuleViolated(field, Bilingual(f"{value.isoformat()} 是将来的时间（现在是 {now_said}）",
                                                  f"{value.isoformat()} is in the future (now is {now_said})"))
    if value.year < EARLIEST.year or office_date(value) < EARLIEST:
        raise DomainRuleViolated(field, Bilingual(f"须不早于 {EARLIEST.isoformat()}", f"must be on or after {EARLIEST.isoformat()}"))


def minutes_between(start: datetime, end: datetime) -> int:
    """Whole minutes from `start` to `end` (derived, never typed in)."""
    return int((end - start).total_seconds() // 60)
