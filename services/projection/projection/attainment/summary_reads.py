"""Reading the attainment summaries: one statement per read, the mark beside the figures (see summaries.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Iterable

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from projection.attainment.summary_tables import PROVINCE_SCOPE, SERIES, Series, first_of_month


def usable(changed_at: datetime | None, known_at: datetime) -> bool:
    """Whether the summaries answer as known at `known_at`: nothing they hold was recorded after it."""
    return changed_at is None or changed_at <= known_at


_READ_SUMS = text(
    """
    SELECT 'mark' AS grain, NULL::date AS day, max(changed_at) AS changed_at,
           0::bigint AS v1, 0::bigint AS v2, 0::bigint AS v3, 0::bigint AS v4, 0::bigint AS v5
    FROM rm_attainment_marks WHERE target = :target AND scope = :scope AND year = ANY(CAST(:years AS integer[]))
    UNION ALL
    SELECT grain, day, NULL, v1, v2, v3, v4, v5 FROM rm_attainment_sums
    WHERE target = :target AND scope = :scope AND (
          (grain = 'month' AND day >= :start AND day < :month_start)
       OR (grain = 'day' AND day >= :day_from AND day <= :until)
       OR (:baseline AND grain = 'month' AND day BETWEEN :previous_start AND :previous_end))
    """
)


# every yearly target at once (a report of all targets): the same rows as _READ_SUMS, by target
_READ_ALL_SUMS = text(
    """
    SELECT target, 'mark' AS grain, NULL::date AS day, max(changed_at) AS changed_at,
           0::bigint AS v1, 0::bigint AS v2, 0::bigint AS v3, 0::bigint AS v4, 0::bigint AS v5
    FROM rm_attainment_marks
    WHERE target = ANY(CAST(:targets AS text[])) AND scope = :scope
      AND (year = :year OR (year = :year - 1 AND target = ANY(CAST(:baseline AS text[]))))
    GROUP BY target
    UNION ALL
    SELECT target, grain, day, NULL, v1, v2, v3, v4, v5 FROM rm_attainment_sums
    WHERE target = ANY(CAST(:targets AS text[])) AND scope = :scope AND (
          (grain = 'month' AND day >= :start AND day < :month_start)
       OR (grain = 'day' AND day >= :day_from AND day <= :until)
       OR (target = ANY(CAST(:baseline AS text[])) AND grain = 'month' AND day BETWEEN :previous_start AND :previous_end))
    """
)
_READ_AHEAD = "attainment_summaries_read_ahead"


def _ranges(start: date, until: date) -> dict[str, Any]:
    month_start = first_of_month(until)
    return {"start": start, "month_start": month_start, "day_from": max(month_start, start), "until": until,
            "previous_start": date(start.year - 1, 1, 1), "previous_end": date(start.year - 1, 12, 31)}


def _figures(series: Series, start: date, rows: Iterable[Any]) -> list[tuple[int, dict[str, int]]]:
    return [
        (row.day.month if row.day >= start else 0, dict(zip(series.figures, (row.v1, row.v2, row.v3, row.v4, row.v5))))
        for row in rows
    ]


class read_ahead:
    """`async with read_ahead(conn, start, until, region):` reads every yearly target's summaries in one
    statement; `monthly_figures` on this connection for the same days and area then answers from it."""

    def __init__(self, conn: AsyncConnection, start: date, until: date, region: str | None) -> None:
        self.conn, self.key = conn, (start, until, region)

    async def __aenter__(self) -> "read_ahead":
        start, until, region = self.key
        params = {
            "targets": list(SERIES), "baseline": [t for t, s in SERIES.items() if s.baseline],
            "scope": PROVINCE_SCOPE if region is None else region, "year": start.year, **_ranges(start, until),
        }
        found: dict[str, tuple[datetime | None, list]] = {t: (None, []) for t in SERIES}
        for row in await self.conn.execute(_READ_ALL_SUMS, params):
            changed_at, rows = found[row.target]
            if row.grain == "mark":
                found[row.target] = (row.changed_at, rows)
            else:
                rows.append(row)
        self.conn.info[_READ_AHEAD] = (self.key, found)
        return self

    async def __aexit__(self, *exc) -> None:
        self.conn.info.pop(_READ_AHEAD, None)


async def monthly_figures(
    conn: AsyncConnection, target: str, start: date, until: date, known_at: datetime, region: str | None
) -> list[tuple[int, dict[str, int]]] | None:
    """A yearly target's figures per month of `start`'s year up to `until` (month 0: the previous year, for a
    target with a baseline), from the summaries; None when they cannot answer as known at `known_at`."""
    series = SERIES[target]
    ahead = conn.info.get(_READ_AHEAD)
    if ahead is not None and ahead[0] == (start, until, region):
        changed_at, rows = ahead[1][target]
        return _figures(series, start, rows) if usable(changed_at, known_at) else None
    params = {
        "target": target, "scope": PROVINCE_SCOPE if region is None else region,
        "years": [start.year - 1, start.year] if series.baseline else [start.year],
        "baseline": series.baseline, **_ranges(start, until),
    }
    rows = (await conn.execute(_READ_SUMS, params)).all()
    if not usable(rows[0].changed_at, known_at):
        return None
    return _figures(series, start, rows[1:])


_READ_CENTER_MONTHS = """
SELECT NULL AS center_id, NULL::date AS month, 0 AS services, NULL::date AS first_day, max(changed_at) AS changed_at
FROM rm_attainment_marks WHERE target = 'T04' AND scope = :scope AND year = :year
UNION ALL
SELECT center_id, month, services, first_day, NULL FROM rm_t04_center_months
WHERE month BETWEEN :start AND :until {region}
"""


async def center_month_services(
    conn: AsyncConnection, start: date, until: date, known_at: datetime, region: str | None
) -> dict[tuple[str, int], int] | None:
    """T04: per (center, month) of the year up to `until`, whether a service to private enterprises counts by
    `until` (its number for a whole month, 1 for the month `until` is in); None when the summaries cannot
    answer as known at `known_at`."""
    params: dict[str, Any] = {"scope": PROVINCE_SCOPE if region is None else region, "year": start.year,
                              "start": start, "until": until}
    region_filter = ""
    if region is not None:
        params["region"] = region
        region_filter = "AND region = :region"
    rows = (await conn.execute(text(_READ_CENTER_MONTHS.format(region=region_filter)), params)).all()
    if not usable(rows[0].changed_at, known_at):
        return None
    counts: dict[tuple[str, int], int] = {}
    for row in rows[1:]:
        if row.first_day is None or row.first_day > until or row.services <= 0:
            continue
        whole = row.month < first_of_month(until)  # a month before until's: every service of it counts
        key = (row.center_id, row.month.month)
        counts[key] = counts.get(key, 0) + (row.services if whole else 1)
    return counts
