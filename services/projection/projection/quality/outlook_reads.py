"""Reads the figures each outlook needs and puts it in `detail.outlook` of the attainment report's targets."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any, Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from kernel.auth import Principal
from projection.attainment import t04
from projection.attainment.period import Period
from projection.attainment.schemas import TargetAttainment
from projection.attainment.yearly import Yearly
from projection.attainment.yearly_targets import YEARLY
from projection.quality.outlook import Clock, count_outlook, expected_total, share_outlook, t04_outlook

COUNT_TARGETS = ("T09a", "T19", "T20", "T22a", "T22b")


async def previous_months(conn: AsyncConnection, yearly: Yearly, period: Period, region: str | None,
                          figure=None) -> list[float]:
    """The previous year's figure month by month (as known at `known_at`): the target's actual, or `figure`."""
    previous = Period(period.year - 1, date(period.year - 1, 12, 31), period.known_at)
    monthly = await yearly.monthly(conn, previous, region)
    out = []
    for month in range(1, 13):
        values = monthly.months.get(month, Counter())
        out.append(float(values[figure]) if figure else float(yearly.figures(values, Counter()).actual or 0))
    return out


T04_LISTS = ("centers_at_risk", "months_lost")


def _counted(out: dict[str, Any]) -> dict[str, Any]:
    """T04's outlook as an aggregate: the centers at risk and the months lost counted, not named."""
    return {**{k: v for k, v in out.items() if k not in T04_LISTS}, **{f"{key}_count": len(out[key]) for key in T04_LISTS}}


async def t04_with_centers(conn: AsyncConnection, period: Period, region: str | None,
                           reader: Principal) -> tuple[dict[str, Any], dict[str, list]]:
    """T04's outlook (counted) and, from the same grid, the centers at risk this month and the months lost, of
    the reader's region only."""
    out = t04_outlook((await t04.compute(conn, period, region)).centers, period)
    return _counted(out), {key: [c for c in out[key] if reader.may_read(c["region"])] for key in T04_LISTS}


async def outlook(conn: AsyncConnection, target: TargetAttainment, period: Period, region: str | None) -> dict[str, Any] | None:
    """A target's outlook, as every reader reads it: T04's counts its centers at risk and months lost (which
    centers: `t04_with_centers`, region by region), so the attainment report and the vintages frozen from it are an
    aggregate, the same whoever reads them."""
    clock = Clock(period.year, period.as_of)
    if target.id == "T04":
        return _counted(t04_outlook((await t04.compute(conn, period, region)).centers, period))
    if target.threshold is None:  # a division's count: the rule applies province-wide only
        return None
    yearly = YEARLY[target.id]
    if target.id in COUNT_TARGETS:
        return count_outlook(float(target.actual or 0), float(target.threshold), clock,
                             await previous_months(conn, yearly, period, region))
    result = yearly.evaluate(await yearly.monthly(conn, period, region), period)
    if target.id == "T09b":
        private, total = result.detail["private_projects"], result.detail["projects"]
        previous = await previous_months(conn, yearly, period, region, "projects")
    else:  # T11: enterprises nationally recognised this year; the previous year's share is the threshold
        private, total = result.detail["private_enterprises"], result.detail["enterprises"]
        previous = None
    pace, profile, method = expected_total(float(total), clock, previous)
    expected = profile if method == "previous_year_profile" else pace
    return share_outlook(private, total, result.exact_threshold, clock, expected)


async def attach(conn: AsyncConnection, period: Period, region: str | None, targets: Sequence[TargetAttainment]) -> None:
    """Each target's `detail.outlook`, as every reader reads it (T04's centers counted, not named)."""
    for target in targets:
        target.detail["outlook"] = await outlook(conn, target, period, region)
