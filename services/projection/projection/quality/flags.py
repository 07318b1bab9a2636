"""The flagged records of each rule (`rules.RULES`): one query per rule, as known at `known_at`.

A rule looks at the records dated in the year up to `as_of` (the region's, or every region's) that were recorded
by `known_at` and not retracted by then. A median (Q02: per format, Q04) is taken over the whole province's
records of the year as known then, so a region's view flags the same records as the province's.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import holidays
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from projection.attainment.period import Period
from projection.quality import outliers
from projection.quality.rules import RULES, describe, thresholds
from projection.settings import ProjectionSettings

KNOWN = "{t}.recorded_at <= :known_at AND ({t}.retracted_at IS NULL OR {t}.retracted_at > :known_at)"


def _known(alias: str) -> str:
    return KNOWN.format(t=alias)


def _region(alias: str, region: str | None) -> str:
    return f"AND {alias}.region = :region" if region is not None else ""


# Q01, Q02: held trainings (every audience), their days from the plan
_TRAININGS = """
SELECT t.record_id, t.region, t.occurred_on, t.recorded_at, t.format, t.person_times,
       (p.ends_on - p.starts_on + 1) AS days
FROM rm_target_trainings AS t LEFT JOIN rm_training_plans AS p ON p.training_id = t.record_id
WHERE t.occurred_on BETWEEN :start AND :until AND {known}
"""

Q01 = f"""
SELECT * FROM ({_TRAININGS}) AS t
WHERE t.days IS NOT NULL AND t.person_times::float / t.days > CAST(:bound AS float) {{region}}
ORDER BY t.occurred_on, t.record_id
"""

# the median and MAD per group, in SQL; the score and the factor are decided on the rows it returns
_OUTLIERS = """
WITH v AS ({values}),
m AS (SELECT grp, percentile_cont(0.5) WITHIN GROUP (ORDER BY x) AS median FROM v GROUP BY grp),
d AS (SELECT v.grp, percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(v.x - m.median)) AS mad
      FROM v JOIN m USING (grp) GROUP BY v.grp)
SELECT v.*, m.median, d.mad FROM v JOIN m USING (grp) JOIN d USING (grp)
WHERE v.x > CAST(:factor AS float) * m.median {region}
ORDER BY v.occurred_on, v.record_id
"""

Q02 = _OUTLIERS.format(
    values=f"SELECT record_id, region, occurred_on, recorded_at, format AS grp, person_times::float AS x "
           f"FROM rm_target_trainings AS t WHERE occurred_on BETWEEN :start AND :until AND {_known('t')}",
    region="{region}")

Q04 = _OUTLIERS.format(
    values=f"SELECT record_id, region, occurred_on, recorded_at, uscc, 'all' AS grp, amount_cny::float AS x "
           f"FROM rm_target_pledge_projects AS t WHERE occurred_on BETWEEN :start AND :until AND {_known('t')}",
    region="{region}")

# Q03: every visit ever recorded, each against the most examiners of the visits dated before it
Q03 = f"""
SELECT * FROM (
    SELECT record_id, region, occurred_on, recorded_at, uscc, examiners,
           max(examiners) OVER (ORDER BY occurred_on, recorded_at, record_id
                                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS most_before
    FROM rm_target_examiner_visits AS t WHERE occurred_on <= :until AND {_known('t')}
) AS v
WHERE occurred_on >= :start AND most_before IS NOT NULL AND examiners > most_before {{region}}
ORDER BY occurred_on, record_id
"""

# Q05: an enterprise with two ownerships claimed by records known then, one of them made in the year
Q05 = """
SELECT uscc, array_agg(DISTINCT ownership ORDER BY ownership) AS ownerships,
       jsonb_agg(jsonb_build_object('ownership', ownership, 'region', region, 'name', name,
                                    'record_id', first_record_id, 'date', first_occurred_on,
                                    'recorded_at', first_recorded_at) ORDER BY first_recorded_at) AS claims,
       min(first_occurred_on) FILTER (WHERE first_occurred_on BETWEEN :start AND :until) AS occurred_on,
       max(first_recorded_at) AS recorded_at,
       (array_agg(region ORDER BY first_recorded_at) FILTER (WHERE region <> ''))[1] AS region
FROM rm_enterprise_claims AS c
WHERE first_recorded_at <= :known_at AND ownership <> '' AND first_occurred_on <= :until
GROUP BY uscc
HAVING count(DISTINCT ownership) > 1 AND bool_or(first_occurred_on BETWEEN :start AND :until)
"""

# Q06: on-site services dated on a day that is not a working day (the days passed in)
Q06 = f"""
SELECT service_id AS record_id, center_id, region, occurred_on, recorded_at, enterprises
FROM rm_onsite_services AS t
WHERE occurred_on BETWEEN :start AND :until AND occurred_on = ANY(:days) AND {_known('t')} {{region}}
ORDER BY occurred_on, service_id
"""

# Q07: a record's facts dated long before the record was (its longest lag)
Q07 = f"""
SELECT DISTINCT ON (record_id) record_id, kind, measure, region, occurred_on, recorded_at,
       ((recorded_at AT TIME ZONE 'Asia/Shanghai')::date - occurred_on) AS lag_days
FROM rm_activity_facts AS t
WHERE occurred_on BETWEEN :start AND :until AND {_known('t')} {{region}}
  AND (recorded_at AT TIME ZONE 'Asia/Shanghai')::date - occurred_on > CAST(:days AS int)
ORDER BY record_id, lag_days DESC
"""


def non_working_days(year: int) -> list[date]:
    """Weekends and public holidays of China's calendar in the year, less the adjusted working days (调休) the
    State Council names, from the `holidays` package's table for China."""
    calendar = holidays.country_holidays("CN", years=year)
    day, out = date(year, 1, 1), []
    while day.year == year:
        if not calendar.is_working_day(day):
            out.append(day)
        day += timedelta(days=1)
    return out


def holiday_name(day: date) -> str | None:
    calendar = holidays.country_holidays("CN", years=day.year, language="zh_CN")
    return calendar.get(day)


def _flag(rule_id: str, record_id: str, kind: str, row: Any, values: dict, threshold: dict) -> dict[str, Any]:
    return {
        "id": f"{rule_id}:{record_id}", "rule": describe(RULES[rule_id]),
        "record": {"kind": kind, "id": record_id, "region": row.region, "date": row.occurred_on, "recorded_at": row.recorded_at},
        "values": values, "threshold": threshold,
    }


async def flags(conn: AsyncConnection, period: Period, region: str | None, settings: ProjectionSettings,
                rule: str | None = None) -> list[dict[str, Any]]:
    """Every flag of the year (or of one rule), ordered by rule and the record's date."""
    base = {"start": period.start, "until": period.as_of, "known_at": period.known_at}
    if region is not None:
        base["region"] = region
    out: list[dict[str, Any]] = []
    for rule_id in ([rule] if rule else RULES):
        if period.as_of < period.start:
            break
        out.extend(await _RUNNERS[rule_id](conn, base, region, thresholds(RULES[rule_id], settings)))
    return out


async def _q01(conn, params, region, threshold):
    sql = Q01.format(known=_known("t"), region=_region("t", region))
    rows = await conn.execute(text(sql), {**params, "bound": threshold["max_person_times_per_day"]})
    return [_flag("Q01", r.record_id, "training", r, {"person_times": r.person_times, "days": r.days,
                                                       "person_times_per_day": round(r.person_times / r.days, 2)}, threshold)
            for r in rows]


async def _ratio_outliers(conn, sql, rule_id, kind, params, region, threshold, facts):
    rows = await conn.execute(text(sql.format(region=_region("v", region))), {**params, "factor": threshold["factor"]})
    out = []
    for r in rows:
        z = outliers.modified_z(r.x, r.median, r.mad)
        if z > threshold["outlier_z"]:
            values = {**facts(r), "median": r.median, "mad": r.mad, "modified_z": outliers.finite(z),
                      "times_median": round(r.x / r.median, 2) if r.median else None}
            out.append(_flag(rule_id, r.record_id, kind, r, values, threshold))
    return out


async def _q02(conn, params, region, threshold):
    return await _ratio_outliers(conn, Q02, "Q02", "training", params, region, threshold,
                                 lambda r: {"person_times": int(r.x), "format": r.grp})


async def _q04(conn, params, region, threshold):
    return await _ratio_outliers(conn, Q04, "Q04", "pledge-project", params, region, threshold,
                                 lambda r: {"amount_cny": int(r.x), "uscc": r.uscc})


async def _q03(conn, params, region, threshold):
    rows = await conn.execute(text(Q03.format(region=_region("v", region))), params)
    return [_flag("Q03", r.record_id, "examiner-visit", r, {"examiners": r.examiners, "most_before": r.most_before,
                                                             "uscc": r.uscc}, threshold) for r in rows]


async def _q05(conn, params, region, threshold):
    out = []
    for r in await conn.execute(text(Q05), params):
        if region is not None and r.region != region:  # the enterprise's region as first recorded
            continue
        out.append(_flag("Q05", r.uscc, "enterprise", r, {"ownerships": list(r.ownerships), "claims": r.claims}, threshold))
    return out


async def _q06(conn, params, region, threshold):
    days = non_working_days(params["start"].year)
    rows = await conn.execute(text(Q06.format(region=_region("t", region))), {**params, "days": days})
    return [_flag("Q06", r.record_id, "onsite-service", r, {
        "center_id": r.center_id, "weekday": r.occurred_on.isoweekday(), "holiday": holiday_name(r.occurred_on)}, threshold)
        for r in rows]


async def _q07(conn, params, region, threshold):
    rows = await conn.execute(text(Q07.format(region=_region("t", region))), {**params, "days": threshold["late_record_days"]})
    return [_flag("Q07", r.record_id, r.kind, r, {"measure": r.measure, "lag_days": r.lag_days}, threshold) for r in rows]


_RUNNERS = {"Q01": _q01, "Q02": _q02, "Q03": _q03, "Q04": _q04, "Q05": _q05, "Q06": _q06, "Q07": _q07}
assert list(_RUNNERS) == list(RULES), "every rule has its query"
