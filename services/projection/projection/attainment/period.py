"""The bitemporal frame of a report: the year, what had happened by `as_of`, as known at `known_at`."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timezone

from kernel.domain.dates import OFFICE_ZONE, today


@dataclass(frozen=True)
class Period:
    year: int
    as_of: date  # clamped into the year; may be before its first day (then nothing is due yet)
    known_at: datetime  # timezone-aware

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, 12, 31)

    @property
    def year_over(self) -> bool:
        return self.as_of >= self.end

    @property
    def started(self) -> bool:
        return self.as_of >= self.start

    @property
    def elapsed_fraction(self) -> float:
        if not self.started:
            return 0.0
        days = (self.end - self.start).days + 1
        return min(((self.as_of - self.start).days + 1) / days, 1.0)


def resolve(year: int, as_of: date | None, known_at: datetime | None) -> Period:
    """Defaults: `as_of` is today (the year's end for a past year); `known_at` is now.

    A `known_at` without a time zone is read in the office's zone (Asia/Shanghai).
    """
    current = today()
    if as_of is None:
        as_of = date(year, 12, 31) if year < current.year else current
    as_of = min(as_of, date(year, 12, 31))
    if known_at is None:
        known_at = datetime.now(timezone.utc)
    elif known_at.tzinfo is None:
        known_at = known_at.replace(tzinfo=OFFICE_ZONE)
    return Period(year=year, as_of=as_of, known_at=known_at)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
