"""Completeness and timeliness: what was recorded, how late, and what was expected but is missing.

Per region, month (of the business date) and each measure's record kinds (the activity facts' kinds): how many
records, the recording lag (the day recorded, Beijing time, minus the day it happened: median, 90th percentile,
max) and the share recorded on time (by `PROJECTION_TIMELY_DAYS` after the month's last day). What is missing,
as known at `known_at` and counted to `as_of`:

- every due center-month with no on-site service to a private enterprise (T04's rule): `missed` for a month
  over, `open` for the current month with its days left;
- every region with no record of a measure for `PROJECTION_SILENT_MONTHS` complete months running, for each
  measure some region recorded in those months (a measure nobody records is not expected of one region);
- every training planned whose last day is before `as_of`, with neither a completion nor a cancellation;
- every assistance request received more than `PROJECTION_FIRST_RESPONSE_DAYS` days before `as_of` without
  a first response (measure 4's "fast response"; the policy names no number, the setting does).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from kernel.domain.regions import REGION_NAMES
from projection.attainment import t04
from projection.attainment.period import Period, month_bounds
from projection.settings import ProjectionSettings

KNOWN = "recorded_at <= :known_at AND (retracted_at IS NULL OR retracted_at > :known_at)"
RECORDED_DAY = "(recorded_at AT TIME ZONE 'Asia/Shanghai')::date"

_MONTHS = f"""
SELECT region, extract(month FROM occurred_on)::int AS month, measure, kind, count(*) AS records,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY {RECORDED_DAY} - occurred_on) AS lag_median,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY {RECORDED_DAY} - occurred_on) AS lag_p90,
       max({RECORDED_DAY} - occurred_on) AS lag_max,
       count(*) FILTER (WHERE {RECORDED_DAY} <= (date_trunc('month', occurred_on) + interval '1 month - 1 day')::date
                                              + CAST(:timely_days AS int)) AS on_time
FROM rm_activity_facts
WHERE occurred_on BETWEEN :start AND :until AND {KNOWN} {{region}}
GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
"""

_RECORDED_IN = f"""
SELECT DISTINCT region, measure FROM rm_activity_facts
WHERE occurred_on BETWEEN :since AND :through AND {KNOWN}
"""
_LAST = f"""
SELECT region, measure, max(occurred_on) AS last_on FROM rm_activity_facts
WHERE occurred_on <= :through AND {KNOWN} GROUP BY 1, 2
"""

_UNFINISHED = f"""
SELECT p.training_id, p.region, p.title, p.format, p.starts_on, p.ends_on
FROM rm_training_plans AS p
WHERE p.ends_on BETWEEN :start AND :until AND p.ends_on < :until AND p.recorded_at <= :known_at {{region}}
  AND EXISTS (SELECT 1 FROM rm_activity_facts f WHERE f.record_id = 'training:' || p.training_id
              AND f.kind = 'training_planned' AND {KNOWN})
  AND NOT EXISTS (SELECT 1 FROM rm_activity_facts f WHERE f.record_id = 'training:' || p.training_id
                  AND f.kind IN ('training_completed', 'training_cancelled') AND f.recorded_at <= :known_at)
ORDER BY p.ends_on, p.training_id
"""

_UNANSWERED = f"""
SELECT r.record_id, r.region, r.occurred_on AS received_on, r.category AS channel
FROM rm_activity_facts AS r
WHERE r.kind = 'assistance_request_received' AND r.occurred_on BETWEEN :start AND :until
  AND r.occurred_on + CAST(:days AS int) < :until AND {KNOWN} {{region}}
  AND NOT EXISTS (SELECT 1 FROM rm_activity_facts f WHERE f.record_id = r.record_id
                  AND f.kind = 'assistance_request_responded' AND f.occurred_on <= :until AND f.recorded_at <= :known_at
                  AND (f.retracted_at IS NULL OR f.retracted_at > :known_at))
ORDER BY r.occurred_on, r.record_id
"""


def _params(period: Period, region: str | None, **extra) -> dict[str, Any]:
    params = {"start": period.start, "until": period.as_of, "known_at": period.known_at, **extra}
    if region is not None:
        params["region"] = region
    return params


def _where_region(region: str | None, alias: str = "") -> str:
    return f"AND {alias}region = :region" if region is not None else ""


def _days(value) -> float | None:
    return None if value is None else round(float(value), 1)


async def months(conn: AsyncConnection, period: Period, region: str | None, timely_days: int) -> list[dict[str, Any]]:
    if not period.started:
        return []
    rows = await conn.execute(text(_MONTHS.format(region=_where_region(region))), _params(period, region, timely_days=timely_days))
    return [{"region": r.region, "month": f"{period.year}-{r.month:02d}", "measure": r.measure, "kind": r.kind,
             "records": r.records, "lag_days": {"median": _days(r.lag_median), "p90": _days(r.lag_p90), "max": r.lag_max},
             "on_time": r.on_time, "on_time_share": round(r.on_time / r.records, 4)} for r in rows]


async def unserved_centers(conn: AsyncConnection, period: Period, region: str | None) -> list[dict[str, Any]]:
    if not period.started:
        return []
    figures = await t04.compute(conn, period, region, exact=True)
    last_day = month_bounds(period.year, period.as_of.month)[1]
    out = []
    for center in figures.centers:
        for month in center.months:
            if month["state"] in (t04.MonthState.MISSED, t04.MonthState.OPEN):
                is_open = month["state"] == t04.MonthState.OPEN
                out.append({"center_id": center.center_id, "name": center.name, "region": center.region,
                            "month": month["month"], "state": month["state"],
                            "days_left": (last_day - period.as_of).days if is_open else None})
    return out


def _silent_window(as_of: date, months_running: int) -> tuple[date, date] | None:
    """The last `months_running` complete months by `as_of` (a month is complete on its last day)."""
    year, month = as_of.year, as_of.month
    if as_of < month_bounds(year, month)[1]:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    through = month_bounds(year, month)[1]
    index = year * 12 + month - 1 - (months_running - 1)
    return date(index // 12, index % 12 + 1, 1), through


async def silent_regions(conn: AsyncConnection, period: Period, region: str | None, months_running: int) -> list[dict[str, Any]]:
    since, through = _silent_window(min(period.as_of, period.end), months_running)
    if through < period.start:
        return []
    params = {"since": since, "through": through, "known_at": period.known_at}
    recorded = {(r.region, r.measure) for r in await conn.execute(text(_RECORDED_IN), params)}
    last = {(r.region, r.measure): r.last_on for r in await conn.execute(text(_LAST), params)}
    measures = sorted({m for _, m in recorded})
    regions = [region] if region is not None else list(REGION_NAMES)
    return [{"region": code, "measure": measure, "months": months_running, "since": since, "through": through,
             "last_record_on": last.get((code, measure))}
            for code in regions for measure in measures if (code, measure) not in recorded]


async def unfinished_trainings(conn: AsyncConnection, period: Period, region: str | None) -> list[dict[str, Any]]:
    rows = await conn.execute(text(_UNFINISHED.format(region=_where_region(region, "p."))), _params(period, region))
    return [{"training_id": r.training_id, "region": r.region, "title": r.title, "format": r.format,
             "starts_on": r.starts_on, "ends_on": r.ends_on, "days_past_end": (period.as_of - r.ends_on).days} for r in rows]


async def unanswered_requests(conn: AsyncConnection, period: Period, region: str | None, days: int) -> list[dict[str, Any]]:
    rows = await conn.execute(text(_UNANSWERED.format(region=_where_region(region, "r."))), _params(period, region, days=days))
    return [{"request_id": r.record_id.removeprefix("assistance_request:"), "region": r.region, "received_on": r.received_on,
             "channel": r.channel, "days_waiting": (period.as_of - r.received_on).days} for r in rows]


async def completeness(conn: AsyncConnection, period: Period, region: str | None, settings: ProjectionSettings) -> dict[str, Any]:
    return {
        "timely_days": settings.timely_days,
        "months": await months(conn, period, region, settings.timely_days),
        "missing": {
            "unserved_centers": await unserved_centers(conn, period, region),
            "silent_regions": await silent_regions(conn, period, region, settings.silent_months),
            "unfinished_trainings": await unfinished_trainings(conn, period, region),
            "unanswered_requests": await unanswered_requests(conn, period, region, settings.first_response_days),
        },
        "settings": {"silent_months": settings.silent_months, "first_response_days": settings.first_response_days},
    }
