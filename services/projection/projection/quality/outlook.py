"""The year-end outlook of each target (`detail.outlook` of `/v1/attainment`): where the year is heading.

Count targets (T09a, T19, T20, T22a, T22b), `count_outlook`:

- **pace**: the figure so far divided by the elapsed fraction of the year (days);
- **profile**, when the previous year has records (as known at `known_at`): the previous year's share done by the
  same day (its months before this one, and the same fraction of this month) is g; the rest of the year is
  expected to bring what the previous year's rest brought, scaled by how this year compares so far
  (`actual / (g · previous total)`), unscaled while the previous year had less than one by that day;
- **expected**: the profile where there is one, else the pace; **range**: from the lower to the higher of the
  two, widened by 1.645·√(remaining) each side (a Poisson 90 % band on what is still to come), never below
  the figure so far;
- **needed**: what is still missing to the threshold, and per remaining month (the current month counts until
  its last day);
- **likely_status**: `met` when the figure already reaches the threshold or the expected value does; `missed`
  when the year is over without it or even the range's top stays below; else `at_risk`. None before the year
  starts without a previous year.

T04 (`t04_outlook`): the centers with no service yet in the current month (days left) and the center-months
already lost; likely `missed` once one is lost, `at_risk` while a center is unserved within the last week of
its month, else `met`. T09b and T11 (`share_outlook`): how many private records the rest of the year needs to
keep or reach the threshold, among the records expected (the count's pace or profile, as above) and if every
further record were private.
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any, Sequence

from projection.attainment.period import Period, month_bounds
from projection.attainment.status import AT_RISK_DAYS

Z90 = 1.645


@dataclass(frozen=True)
class Clock:
    """Where `as_of` stands in the year."""

    year: int
    as_of: date

    @property
    def started(self) -> bool:
        return self.as_of >= date(self.year, 1, 1)

    @property
    def over(self) -> bool:
        return self.as_of >= date(self.year, 12, 31)

    @property
    def elapsed(self) -> float:
        if not self.started:
            return 0.0
        days = 366 if calendar.isleap(self.year) else 365
        return min((self.as_of - date(self.year, 1, 1)).days + 1, days) / days

    @property
    def remaining_months(self) -> int:
        if not self.started:
            return 12
        if self.over:
            return 0
        month_over = self.as_of == month_bounds(self.year, self.as_of.month)[1]
        return 12 - self.as_of.month + (0 if month_over else 1)

    def profile_fraction(self, previous: Sequence[float]) -> float:
        """The share of the previous year's total done by the same day: months before, and part of this one."""
        total = sum(previous)
        if total <= 0 or not self.started:
            return 0.0
        month = self.as_of.month
        days_in_month = calendar.monthrange(self.year, month)[1]
        done = sum(previous[: month - 1]) + previous[month - 1] * min(self.as_of.day / days_in_month, 1.0)
        return done / total


def expected_total(actual: float, clock: Clock, previous: Sequence[float] | None) -> tuple[float | None, float | None, str | None]:
    """(pace, profile, method): the two estimates (None where there is none) and which one is expected."""
    pace = actual / clock.elapsed if clock.elapsed > 0 else None
    profile = None
    if previous is not None and sum(previous) > 0:
        total = sum(previous)
        g = clock.profile_fraction(previous)
        by_now = g * total
        scale = actual / by_now if by_now >= 1 else 1.0
        profile = actual + (1 - g) * total * scale
    if clock.over:
        return actual, (actual if profile is not None else None), "year_over"
    if profile is not None:
        return pace, profile, "previous_year_profile"
    return pace, None, ("pace" if pace is not None else None)


def count_outlook(actual: float, threshold: float, clock: Clock, previous: Sequence[float] | None) -> dict[str, Any]:
    pace, profile, method = expected_total(actual, clock, previous)
    expected = profile if method == "previous_year_profile" else pace
    needed = max(0.0, threshold - actual)
    months = clock.remaining_months
    out: dict[str, Any] = {
        "method": method, "expected": _round(expected), "pace": _round(pace), "profile": _round(profile),
        "range": None, "needed": _round(needed), "remaining_months": months,
        "needed_per_month": _round(needed / months) if months and needed else (0.0 if not needed else None),
        "previous_year_total": _round(sum(previous)) if previous is not None else None, "likely_status": None,
    }
    if expected is None:
        return out
    estimates = [e for e in (pace, profile) if e is not None]
    low_r, high_r = max(0.0, min(estimates) - actual), max(0.0, max(estimates) - actual)
    low = actual + max(0.0, low_r - Z90 * math.sqrt(low_r))
    high = actual + high_r + Z90 * math.sqrt(high_r)
    if clock.over:
        low = high = actual
    out["range"] = [_round(low), _round(high)]
    if actual >= threshold or (not clock.over and expected >= threshold):
        out["likely_status"] = "met"
    elif clock.over or high < threshold:
        out["likely_status"] = "missed"
    else:
        out["likely_status"] = "at_risk"
    return out


def _private_needed(private: int, total: int, more: int, threshold: Fraction, strict: bool) -> int | None:
    """The fewest private records among `more` further ones that leave (private + x) / (total + more) above
    (or, not strict, at) the threshold; None when no number of them can."""
    if more == 0 and total == 0:
        return None
    bound = threshold * (total + more) - private  # x must exceed it (strict) or reach it
    if bound < 0 or (not strict and bound == 0):
        return 0
    x = math.floor(bound) + 1 if strict else math.ceil(bound)
    return x if x <= more else None


def _all_private_needed(private: int, total: int, threshold: Fraction, strict: bool) -> int | None:
    """The fewest further records, all private, that leave the share above (at) the threshold."""
    if threshold >= 1:
        return None if strict or private < total else 0
    bound = (threshold * total - private) / (1 - threshold)
    if bound < 0 or (not strict and bound == 0):
        return 0
    return math.floor(bound) + 1 if strict else math.ceil(bound)


def share_outlook(private: int, total: int, threshold: Fraction | None, clock: Clock, expected_total_records: float | None,
                  strict: bool = True) -> dict[str, Any]:
    """T09b (private projects among projects, > 50 %) and T11 (private enterprises among nationally recognised
    ones, > the previous year's share)."""
    more = max(0, round(expected_total_records) - total) if expected_total_records is not None and not clock.over else 0
    out: dict[str, Any] = {"private": private, "records": total, "expected_more_records": more,
                           "private_needed_of_expected": None, "private_needed_if_all_private": None,
                           "remaining_months": clock.remaining_months, "likely_status": None}
    if threshold is None:
        return out
    holds = total > 0 and (Fraction(private, total) > threshold if strict else Fraction(private, total) >= threshold)
    out["private_needed_if_all_private"] = 0 if holds else _all_private_needed(private, total, threshold, strict)
    out["private_needed_of_expected"] = _private_needed(private, total, more, threshold, strict)
    if clock.over:
        out["likely_status"] = ("met" if holds else "missed") if total else None
    elif holds:
        out["likely_status"] = "met"
    elif total == 0 and more == 0:
        out["likely_status"] = None
    else:
        out["likely_status"] = "missed" if out["private_needed_of_expected"] is None else "at_risk"
    return out


def t04_outlook(centers: Sequence[Any], period: Period) -> dict[str, Any]:
    """From T04's center-month grid (`t04.CenterMonths`)."""
    clock = Clock(period.year, period.as_of)
    current = f"{period.year}-{period.as_of.month:02d}"
    days_left = (month_bounds(period.year, period.as_of.month)[1] - period.as_of).days if clock.started else None
    at_risk, lost, due = [], [], 0
    for center in centers:
        for month in center.months:
            if month["state"] in ("met", "missed", "open"):
                due += 1
            if month["state"] == "missed":
                lost.append({"center_id": center.center_id, "name": center.name, "region": center.region, "month": month["month"]})
            elif month["state"] == "open" and month["month"] == current:
                at_risk.append({"center_id": center.center_id, "name": center.name, "region": center.region,
                                "month": current, "days_left": days_left})
    if not clock.started or due == 0:
        status = None
    elif lost:
        status = "missed"
    elif at_risk and days_left is not None and days_left <= AT_RISK_DAYS:
        status = "at_risk"
    else:
        status = "met"
    return {"centers_at_risk": at_risk, "months_lost": lost, "days_left_in_month": days_left,
            "remaining_months": clock.remaining_months, "likely_status": status}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
