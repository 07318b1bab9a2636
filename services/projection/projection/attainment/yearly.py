"""How the yearly targets (T09a, T09b, T11, T19, T20, T22a, T22b, declared in `yearly_targets`) are counted: one
query per target, figures for any day of the year.

Each target has one aggregate query that returns, per month of the year, additive figures of the records that
count (dated from 1 January to a last day, as known at `known_at`, in a region or the province); a figure that
is not additive across months (distinct enterprises) is counted in the month the enterprise first appears.
Month 0 holds a baseline from outside the year (T11: the whole previous year). Summing months 1..m gives the
figures at the end of month m, so the same query serves a report (one `as_of`) and the timeline (every month).

A second query per target lists the records behind the figure, for `GET /v1/attainment/{target_id}`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any, Callable

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from projection.attainment import summaries
from projection.attainment.catalogue import Target
from projection.attainment.period import Period
from projection.attainment.status import Status, count_status, share_status

NATIONAL_LEVELS = summaries.NATIONAL_LEVELS

# a record counts as known at known_at: recorded by then, and not retracted by then
KNOWN = "recorded_at <= :known_at AND (retracted_at IS NULL OR retracted_at > :known_at)"
IN_YEAR = "occurred_on BETWEEN :start AND :until"
MONTH = "extract(month FROM occurred_on)::int"


@dataclass
class Monthly:
    """Per month (1-12) the additive figures; month 0 is the baseline outside the year."""

    months: dict[int, Counter] = field(default_factory=dict)

    def add(self, month: int, values: dict[str, Any]) -> None:
        bucket = self.months.setdefault(month, Counter())
        for name, value in values.items():
            if value:
                bucket[name] += int(value)

    def through(self, month: int) -> Counter:
        total: Counter = Counter()
        for m, values in self.months.items():
            if 1 <= m <= month:
                total.update(values)
        return total

    @property
    def baseline(self) -> Counter:
        return self.months.get(0, Counter())


@dataclass
class Result:
    """A target's figures at one day: what is reported, and the exact values the status is decided on."""

    actual: float | int | None
    threshold: float | int | None
    detail: dict[str, Any]
    exact: Fraction | None = None  # shares: the exact actual
    exact_threshold: Fraction | None = None


def share(part: int, whole: int) -> Fraction | None:
    return Fraction(part, whole) if whole else None


def rounded(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 4)


@dataclass(frozen=True)
class Yearly:
    target: Target
    monthly_sql: str  # columns: month and additive figures; params start, until, known_at, region, previous_start, previous_end, levels
    records_sql: str  # columns: id, day, region, recorded_at and the facts of the record
    figures: Callable[[Counter, Counter], Result]  # (figures through as_of, baseline) -> Result
    facts: tuple[str, ...] = ()  # record columns reported as facts

    @property
    def id(self) -> str:
        return self.target.id

    def status(self, result: Result, period: Period) -> Status:
        target = self.target
        if target.kind == "count":
            return count_status(
                actual=result.actual or 0, threshold=result.threshold, started=period.started,
                year_over=period.year_over, elapsed_fraction=period.elapsed_fraction,
            )
        holds = None
        if result.exact is not None and result.exact_threshold is not None:
            holds = result.exact > result.exact_threshold if target.comparator == ">" else result.exact >= result.exact_threshold
        return share_status(holds=holds, started=period.started, year_over=period.year_over)

    def pro_rata(self, result: Result, period: Period) -> float | None:
        """The line a chart draws: for a count, the threshold times the elapsed fraction; for a share, the threshold."""
        if result.threshold is None:
            return None
        if self.target.kind == "count":
            return round(result.threshold * period.elapsed_fraction, 4)
        return result.threshold

    async def monthly(self, conn: AsyncConnection, period: Period, region: str | None, *, exact: bool = False) -> Monthly:
        """One query: the figures by month up to `period.as_of`, and the baseline (which a period that has not
        started yet still has: T11's threshold is the whole previous year).

        From the attainment summaries (a few dozen rows) when they answer as known at `period.known_at`, as
        they do for the default `known_at` (now); else, or when `exact`, by counting the records."""
        monthly = Monthly()
        if not exact:
            found = await summaries.monthly_figures(conn, self.id, period.start, period.as_of, period.known_at, region)
            if found is not None:
                for month, values in found:
                    monthly.add(month, values)
                return monthly
        rows = await conn.execute(text(_with_region(self.monthly_sql, region)), _params(period, region))
        for row in rows:
            values = dict(row._mapping)
            monthly.add(values.pop("month"), values)
        return monthly

    def evaluate(self, monthly: Monthly, period: Period) -> Result:
        through = period.as_of.month if period.started else 0
        return self.figures(monthly.through(through), monthly.baseline)

    async def records(self, conn: AsyncConnection, period: Period, region: str | None) -> list[dict]:
        rows = await conn.execute(text(_with_region(self.records_sql, region)), _params(period, region))
        return [
            {"id": r.id, "date": r.day, "region": r.region, "recorded_at": r.recorded_at,
             "facts": {name: getattr(r, name) for name in self.facts}}
            for r in rows
        ]


def _with_region(sql: str, region: str | None) -> str:
    return sql.format(region="AND region = :region" if region is not None else "")


def _params(period: Period, region: str | None) -> dict[str, Any]:
    params: dict[str, Any] = {
        "start": period.start, "until": period.as_of, "known_at": period.known_at,
        "previous_start": date(period.year - 1, 1, 1), "previous_end": date(period.year - 1, 12, 31),
        "levels": list(NATIONAL_LEVELS),
    }
    if region is not None:
        params["region"] = region
    return params
