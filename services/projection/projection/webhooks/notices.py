"""What each notification type notices, before it is stored: the `Notice`s a pass finds.

- period steps: each event of the reporting periods' own store (`events`, stream type `reporting-period`) whose
  notice is not stored yet, keyed by the event's id;
- restatements: each record recorded, or retracted, after an approved period's approval and within its figures
  (the records `GET /v1/restatements` lists, `periods.restatements.restated`), keyed by the period, the approval's
  version, the event and the record; with the targets whose figures now differ from the approved ones;
- missing items (`GET /v1/completeness`'s `missing`, this year as of today): a center-month unserved
  `AT_RISK_DAYS` (7) days before its month's end or missed, a region silent on a measure (once per silence: keyed
  by its last record), a training past its end without completion or cancellation, a request without a first
  response in time;
- outlooks: the `likely_status` of `detail.outlook` per target and area (see `watcher`, which computes the
  target's summary once for its status and its outlook).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Iterable, Sequence

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from kernel.domain.regions import PROVINCE
from projection.attainment.calculators import CALCULATORS
from projection.attainment.period import Period
from projection.attainment.status import AT_RISK_DAYS
from projection.attainment.t04 import MonthState
from projection.periods import domain as periods
from projection.periods.record_actors import TARGET_RECORDS
from projection.periods.restatements import restated
from projection.quality import completeness
from projection.webhooks.event_types import (
    OUTLOOK_CHANGED, PERIOD_RESTATED, PERIOD_STATES, PERIOD_STEPS, QUALITY_MISSING, Notice,
)
from projection.webhooks.tables import notices as notices_table

_STEPS = text(
    """
    SELECT e.event_id, e.stream_id, e.version, e.type, e.data, e.metadata, e.recorded_at FROM events e
    WHERE e.stream_type = 'reporting-period' AND e.type = ANY(CAST(:types AS text[]))
      AND NOT EXISTS (SELECT 1 FROM webhooks.notices n WHERE n.type = ANY(CAST(:notice_types AS text[]))
                      AND n.key = CAST(e.event_id AS text))
    ORDER BY e.recorded_at, e.id
    """
)
RETRACTED = {retracted for _id, _kind, _recorded, retracted, _field in TARGET_RECORDS.values()}
_APPROVED_YEARS = text(
    "SELECT DISTINCT CAST(left(data->>'period', 4) AS int) AS year FROM events "
    "WHERE stream_type = 'reporting-period' AND type = :approved ORDER BY 1"
)


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (date, datetime)) else value


async def period_steps(conn: AsyncConnection, types: Iterable[str]) -> list[Notice]:
    """The period events of the wanted notification types not noticed yet, in the order they were recorded."""
    wanted = {event: notice for event, notice in PERIOD_STEPS.items() if notice in set(types)}
    if not wanted:
        return []
    rows = await conn.execute(_STEPS, {"types": list(wanted), "notice_types": list(wanted.values())})
    found = []
    for row in rows:
        kind = wanted[row.type]
        region, period = row.data["region"], row.data["period"]
        data = {
            "region": region, "period": period, "year": int(period[:4]), "state": PERIOD_STATES[kind],
            "version": row.version, "recorded_at": row.recorded_at.isoformat(), "actor": (row.metadata or {}).get("actor"),
            "reason": row.data.get("reason"), "event_id": str(row.event_id), "event_type": row.type,
        }
        found.append(Notice(type=kind, key=str(row.event_id), year=int(period[:4]), region=region, data=data,
                            subject=periods.key(region, period), status=PERIOD_STATES[kind]))
    return found


async def _stored_keys(conn: AsyncConnection, event_type: str, keys: Sequence[str]) -> set[str]:
    if not keys:
        return set()
    query = select(notices_table.c.key).where(notices_table.c.type == event_type, notices_table.c.key.in_(list(keys)))
    return set((await conn.execute(query)).scalars())


async def _figures(conn: AsyncConnection, year: int, area: str | None, as_of: date, known_at: datetime) -> dict[str, dict]:
    period = Period(year, as_of, known_at)
    out = {}
    for target, calculator in CALCULATORS.items():
        summary = await calculator.summary(conn, period, area)
        out[target] = {"actual": summary.actual, "status": None if summary.status is None else str(summary.status)}
    return out


async def restatements(conn: AsyncConnection, now: datetime) -> list[Notice]:
    """Each record that changed an approved period's figures after its approval, not noticed yet."""
    years = [r.year for r in await conn.execute(_APPROVED_YEARS, {"approved": periods.PeriodApproved.event_type})]
    found = []
    for year in years:
        candidates = []
        for view, records in await restated(conn, year, None):
            for record in records:
                key = f"{view['region']}/{view['period']}@{view['approval_version']}/{record.type}/{record.id}"
                candidates.append((key, view, record))
        stored = await _stored_keys(conn, PERIOD_RESTATED, [key for key, _, _ in candidates])
        figures: dict[tuple[str, str], list[dict]] = {}
        for key, view, record in candidates:
            if key in stored:
                continue
            region, period = view["region"], view["period"]
            if (region, period) not in figures:
                _, last = periods.bounds(period)
                area = None if region == PROVINCE else region
                before = await _figures(conn, year, area, last, view["approved_at"])
                after = await _figures(conn, year, area, last, now)
                figures[(region, period)] = [{"target": t, "approved": before[t], "current": after[t]}
                                             for t in before if before[t] != after[t]]
            change = "retracted" if record.type in RETRACTED else "recorded"
            data = {
                "region": region, "period": period, "year": year, "approved_at": view["approved_at"].isoformat(),
                "approved_by": view["approved_by"], "approval_version": view["approval_version"], "change": change,
                "record": {k: _iso(v) for k, v in record.model_dump().items()}, "targets": figures[(region, period)],
            }
            found.append(Notice(type=PERIOD_RESTATED, key=key, year=year, region=region, data=data,
                                subject=f"{periods.key(region, period)} {record.kind} {record.id}", status=change))
    return found


async def missing(conn: AsyncConnection, period: Period, settings: Any) -> list[Notice]:
    """What is missing this year, as of today and known now, not noticed yet."""
    year = period.year
    candidates: list[Notice] = []
    for center in await completeness.unserved_centers(conn, period, None):
        due = center["state"] == MonthState.MISSED or (
            center["state"] == MonthState.OPEN and center["days_left"] is not None and center["days_left"] <= AT_RISK_DAYS)
        if due:
            candidates.append(_missing("unserved_center", f"unserved/{center['center_id']}/{center['month']}", year, center,
                                       period, target="T04", subject=f"{center['center_id']} {center['month']}",
                                       status=center["state"]))
    for silent in await completeness.silent_regions(conn, period, None, settings.silent_months):
        last = silent["last_record_on"]
        candidates.append(_missing("silent_region", f"{year}/silent/{silent['region']}/{silent['measure']}/{last or 'none'}",
                                   year, silent, period, subject=f"{silent['region']} measure {silent['measure']}",
                                   status="silent"))
    for training in await completeness.unfinished_trainings(conn, period, None):
        candidates.append(_missing("unfinished_training", f"training/{training['training_id']}", year, training, period,
                                   subject=f"training {training['training_id']}", status="unfinished"))
    for request in await completeness.unanswered_requests(conn, period, None, settings.first_response_days):
        candidates.append(_missing("unanswered_request", f"request/{request['request_id']}", year, request, period,
                                   subject=f"request {request['request_id']}", status="unanswered"))
    stored = await _stored_keys(conn, QUALITY_MISSING, [n.key for n in candidates])
    return [n for n in candidates if n.key not in stored]


def _missing(kind: str, key: str, year: int, item: dict, period: Period, *, target: str | None = None,
             subject: str, status: str) -> Notice:
    data = {"kind": kind, "region": item["region"], "year": year, "as_of": period.as_of.isoformat(), "target": target,
            "item": {k: _iso(v) for k, v in item.items()}}
    return Notice(type=QUALITY_MISSING, key=key, year=year, region=item["region"], data=data, target=target,
                  subject=subject, status=status)


def outlook_notice(summary: Any, area: str, period: Period, outlook: dict | None, occurred_at: datetime) -> Notice | None:
    """The outlook of a target in an area as a change notice (its value the likely_status), or None without one."""
    likely = None if outlook is None else outlook.get("likely_status")
    if likely is None:
        return None
    data = {
        "target": summary.id, "measure": summary.measure, "title": summary.title.model_dump(), "region": area,
        "year": period.year, "as_of": period.as_of.isoformat(), "previous_likely_status": None,
        "likely_status": likely, "outlook": {k: _iso(v) for k, v in outlook.items()}, "occurred_at": occurred_at.isoformat(),
    }
    return Notice(type=OUTLOOK_CHANGED, key=f"{period.year}/{summary.id}/{area}", year=period.year, region=area, data=data,
                  target=summary.id, subject=f"{summary.id} {area}", status=likely, value=likely)
