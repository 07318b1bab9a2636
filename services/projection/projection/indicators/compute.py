"""Computes each figure of the catalogue for a year and an area: by month, by region, by category, and in total.

Flows (counts, sums, medians) count what happened in the year up to `as_of`; registers (`stock`: the credit
list, the brand library, the agencies) count everything that entered minus what left, up to each month's end.
Everything is read as known at `known_at`: a fact recorded later, or retracted by then, does not count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from kernel.domain.regions import REGION_NAMES
from projection.attainment.period import Period
from projection.indicators.catalogue import Figure

_AGGREGATES = {
    "count": "count(*)",
    "sum_amount": "coalesce(sum(amount), 0)",
    "sum_value": "coalesce(sum(value), 0)",
    "median_value": "percentile_cont(0.5) WITHIN GROUP (ORDER BY value)",
    "p90_value": "percentile_cont(0.9) WITHIN GROUP (ORDER BY value)",
    "mean_value": "avg(value)",
    "distinct_uscc": "count(DISTINCT uscc)",
}
ADDITIVE = {"count", "sum_amount", "sum_value", "distinct_uscc", "stock"}

_KNOWN = """
kind = ANY(:kinds) AND recorded_at <= :known_at AND (retracted_at IS NULL OR retracted_at > :known_at)
AND occurred_on <= :as_of {filters}
"""

_FLOW = """
SELECT GROUPING(month, region, category) AS g, month, region, category, {agg}::float AS v
FROM (SELECT extract(month FROM occurred_on)::int AS month, region, category, amount, value, uscc
      FROM rm_activity_facts WHERE occurred_on >= :start AND """ + _KNOWN + """) f
GROUP BY GROUPING SETS ((month), (region), (), (category))
"""

_STOCK = """
SELECT CASE WHEN occurred_on < :start THEN 0 ELSE extract(month FROM occurred_on)::int END AS month, region, category,
       coalesce(sum(value), 0)::float AS v
FROM rm_activity_facts WHERE """ + _KNOWN + """
GROUP BY 1, 2, 3
"""

_ANY = "SELECT count(*) FROM rm_activity_facts WHERE kind = ANY(:kinds) AND recorded_at <= :known_at"

# grouping bits (month, region, category): 1 marks a column not grouped by
_BY_MONTH, _BY_REGION, _TOTAL, _BY_CATEGORY = 0b011, 0b101, 0b111, 0b110

NO_RECORDS = {
    "zh": "尚无此类记录：记录该项活动的服务还没有发出此类事件。",
    "en": "No such records exist yet: the service that records this activity has not sent any.",
}


@dataclass
class FigureValues:
    figure: Figure
    total: float | None
    months: list[tuple[str, float | None]]
    by_region: dict[str, float | None]
    by_category: dict[str, float | None] | None = None
    note: dict[str, str] | None = None
    records_known: int = 0


def _clean(figure: Figure, value: float | None) -> float | int | None:
    if value is None:
        return None
    if figure.aggregation in ADDITIVE and float(value).is_integer():
        return int(value)
    return round(value, 4 if figure.aggregation == "mean_value" else 2)


def _params(figure: Figure, period: Period, region: str | None) -> tuple[dict, str]:
    params: dict[str, Any] = {"kinds": list(figure.kinds), "known_at": period.known_at, "as_of": period.as_of, "start": period.start}
    filters = ""
    if region is not None:
        params["region"] = region
        filters += " AND region = :region"
    if figure.private_only:
        filters += " AND private"
    return params, filters


def _month_keys(period: Period) -> list[tuple[int, str, bool]]:
    """(month, 'YYYY-MM', whether the month has begun by as_of)."""
    return [(m, f"{period.year}-{m:02d}", date(period.year, m, 1) <= period.as_of) for m in range(1, 13)]


async def compute(conn: AsyncConnection, figure: Figure, period: Period, region: str | None) -> FigureValues:
    params, filters = _params(figure, period, region)
    if figure.aggregation == "stock":
        values = await _stock(conn, figure, period, region, params, filters)
    else:
        values = await _flow(conn, figure, period, region, params, filters)
    values.records_known = (await conn.execute(text(_ANY), params)).scalar_one()
    if not values.records_known:
        values.note = NO_RECORDS
    return values


def _regions(region: str | None) -> list[str]:
    return [region] if region is not None else list(REGION_NAMES)


async def _flow(conn, figure: Figure, period: Period, region, params, filters) -> FigureValues:
    sql = _FLOW.format(agg=_AGGREGATES[figure.aggregation], filters=filters)
    rows = (await conn.execute(text(sql), params)).all() if period.started else []
    additive = figure.aggregation in ADDITIVE
    zero = 0 if additive else None
    months = {r.month: r.v for r in rows if r.g == _BY_MONTH}
    regions = {r.region: r.v for r in rows if r.g == _BY_REGION}
    total = next((r.v for r in rows if r.g == _TOTAL), None)
    result = FigureValues(
        figure,
        total=_clean(figure, total if total is not None else (zero if period.started else None)),
        months=[(key, _clean(figure, months.get(m, zero)) if begun else None) for m, key, begun in _month_keys(period)],
        by_region={code: _clean(figure, regions.get(code, zero)) for code in _regions(region)}
        | {code: _clean(figure, v) for code, v in regions.items() if code not in REGION_NAMES},
    )
    if figure.by_category:
        result.by_category = {r.category: _clean(figure, r.v) for r in rows if r.g == _BY_CATEGORY and r.category is not None}
    return result


async def _stock(conn, figure: Figure, period: Period, region, params, filters) -> FigureValues:
    rows = (await conn.execute(text(_STOCK.format(filters=filters)), params)).all()
    by_month = [0.0] * 13
    regions: dict[str, float] = {}
    categories: dict[str, float] = {}
    for r in rows:
        by_month[r.month] += r.v
        regions[r.region] = regions.get(r.region, 0.0) + r.v
        if r.category is not None:
            categories[r.category] = categories.get(r.category, 0.0) + r.v
    running, months = by_month[0], []
    for m, key, begun in _month_keys(period):
        running += by_month[m]
        months.append((key, _clean(figure, running) if begun else None))
    result = FigureValues(
        figure,
        total=_clean(figure, sum(by_month)),
        months=months,
        by_region={code: _clean(figure, regions.get(code, 0)) for code in _regions(region)}
        | {code: _clean(figure, v) for code, v in regions.items() if code not in REGION_NAMES},
    )
    if figure.by_category:
        result.by_category = {k: _clean(figure, v) for k, v in categories.items()}
    return result
