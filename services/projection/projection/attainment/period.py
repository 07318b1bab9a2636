"""The bitemporal frame of a report: the year, what had happened by `as_of`, as known at `known_at`.

A reader's `as_of` is honest about dates (`resolve`): one outside the year is refused (422 naming `as_of`), and
one after today (Beijing time) is clamped to today, the answer saying so (`as_of_requested`, `as_of_clamped`):
a verdict for a day that has not come yet would be a guess, e.g. "met" for a share that can still fall, or
December counted as a missed month on 4 December.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timezone

from kernel.domain.dates import OFFICE_ZONE, today
from kernel.problems import Problem


@dataclass(frozen=True)
class Period:
    year: int
    as_of: date  # clamped into the year; may be before its first day (then nothing is due yet)
    known_at: datetime  # timezone-aware
    as_of_requested: date | None = None  # what the reader asked for, when they asked

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, 12, 31)

    @property
    def as_of_clamped(self) -> bool:
        """The reader asked for a day after today: the figures count to today instead."""
        return self.as_of_requested is not None and self.as_of_requested > self.as_of

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


def as_of_outside_year(year: int, as_of: date) -> Problem:
    message = (f"须在 {year} 年内（{year}-01-01 至 {year}-12-31），收到 {as_of.isoformat()}；"
               f"must be within the year {year} ({year}-01-01 to {year}-12-31), got {as_of.isoformat()}")
    return Problem(422, "validation-error", f"as_of: {message}",
                   errors=[{"field": "as_of", "in": "query", "message": message}])


def _known_at(known_at: datetime | None) -> datetime:
    if known_at is None:
        return datetime.now(timezone.utc)
    return known_at.replace(tzinfo=OFFICE_ZONE) if known_at.tzinfo is None else known_at


def frame(year: int, as_of: date | None, known_at: datetime | None) -> Period:
    """The frame without a reader's checks: `as_of` clamped into the year (the calculators' and tests' view).

    Defaults: `as_of` is today (the year's end for a past year); `known_at` is now. A `known_at` without a time
    zone is read in the office's zone (Asia/Shanghai).
    """
    current = today()
    if as_of is None:
        as_of = date(year, 12, 31) if year < current.year else current
    return Period(year=year, as_of=min(as_of, date(year, 12, 31)), known_at=_known_at(known_at))


def resolve(year: int, as_of: date | None, known_at: datetime | None) -> Period:
    """What a reader asked for: `as_of` must fall in `year` (else a 422 naming it); after today it counts to today
    and the period remembers the day asked for. Without `as_of`: today, or the year's end for a past year."""
    if as_of is None:
        return frame(year, None, known_at)
    if as_of.year != year:
        raise as_of_outside_year(year, as_of)
    counted = min(as_of, today())
    return Period(year=year, as_of=counted, known_at=_known_at(known_at), as_of_requested=as_of)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
