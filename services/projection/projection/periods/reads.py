"""What the period streams say, with each step's moment and actor, and the vintages they name.

The period events live in the projection's own event store (`events`, stream type `reporting-period`); a view of
a period is its events folded with their recorded moments and actors. The figures a step vouched for are kept
in `period_vintages` when the step is recorded (computed at its moment), outside the read models a rebuild
replaces; the API serves the figures recomputed as known at the moment (`/v1/attainment?known_at=`), and the
tests check that both agree.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import Request
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from kernel.domain.regions import PROVINCE
from kernel.events import parse_event
from kernel.problems import NotFound, Problem
from projection.periods import domain

_EVENTS = text(
    "SELECT stream_id, version, type, data, metadata, recorded_at FROM events "
    "WHERE stream_type = 'reporting-period' AND stream_id LIKE :pattern ORDER BY stream_id, version"
)
_STORE = text(
    "INSERT INTO period_vintages (region, period, step, version, recorded_at, actor, report) "
    "VALUES (:region, :period, :step, :version, :recorded_at, :actor, CAST(:report AS jsonb)) ON CONFLICT DO NOTHING"
)
_STORED = text("SELECT report FROM period_vintages WHERE region = :region AND period = :period AND version = :version")


def blank(region: str, period: str) -> dict[str, Any]:
    return {"region": region, "period": period, "state": domain.OPEN, "version": 0, "submitted_at": None,
            "submitted_by": None, "approved_at": None, "approved_by": None, "returned_at": None, "returned_by": None,
            "return_reason": None, "reopened_at": None, "reopened_by": None, "reopen_reason": None,
            "submission_version": None, "approval_version": None}


def fold(view: dict[str, Any], version: int, event: Any, moment: datetime, actor: str | None) -> dict[str, Any]:
    view["version"] = version
    if isinstance(event, domain.PeriodSubmitted):
        view.update(state=domain.SUBMITTED, submitted_at=moment, submitted_by=actor, submission_version=version)
    elif isinstance(event, domain.PeriodApproved):
        view.update(state=domain.APPROVED, approved_at=moment, approved_by=actor, approval_version=version)
    elif isinstance(event, domain.PeriodReturned):
        view.update(state=domain.RETURNED, returned_at=moment, returned_by=actor, return_reason=event.reason)
    elif isinstance(event, domain.PeriodReopened):
        view.update(state=domain.REOPENED, reopened_at=moment, reopened_by=actor, reopen_reason=event.reason)
    return view


async def views(conn: AsyncConnection, year: int, region: str | None = None, period: str | None = None) -> dict[str, dict[str, Any]]:
    """Every recorded period of the year (and region, or one period), by key `region/period`."""
    prefix = domain.PERIODS.stream_id(f"{region or '%'}/{period or str(year)}")
    found: dict[str, dict[str, Any]] = {}
    for row in await conn.execute(_EVENTS, {"pattern": prefix if period else prefix + "%"}):
        event = parse_event(row.type, row.data)
        view = found.setdefault(domain.key(event.region, event.period), blank(event.region, event.period))
        fold(view, row.version, event, row.recorded_at, row.metadata.get("actor"))
    return found


async def view(conn: AsyncConnection, region: str, period: str) -> dict[str, Any]:
    year = int(period[:4])
    return (await views(conn, year, region, period)).get(domain.key(region, period), blank(region, period))


def vintage_moment(found: dict[str, Any], which: str) -> datetime | None:
    """The moment a period's figures were vouched for: the submission while it stands (submitted or approved), the
    approval while the period stands approved; None otherwise (returned, reopened, never)."""
    if which == "approved":
        return found["approved_at"] if found["state"] == domain.APPROVED else None
    return found["submitted_at"] if found["state"] in (domain.SUBMITTED, domain.APPROVED) else None


async def report(request: Request, year: int, region: str | None, as_of: date, known_at: datetime):
    """What `GET /v1/attainment` computes for these parameters (never its kept answer): the one computation both
    answer with."""
    from projection.attainment.endpoints import compute  # the endpoint's module imports this one

    return await compute(request, request.state.principal, year, region, as_of, known_at)


def figures(report_: Any) -> dict[str, dict[str, Any]]:
    return {t.id: {"actual": t.actual, "status": t.status, "detail": t.detail} for t in report_.targets}


def changes(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The targets whose figure, status or breakdown differ, with both sides."""
    return [{"target": tid, "before": {"actual": before[tid]["actual"], "status": before[tid]["status"]},
             "after": {"actual": after[tid]["actual"], "status": after[tid]["status"]}}
            for tid in before if before[tid] != after.get(tid)]


def vintage_not_found(region: str, period: str, which: str) -> Problem:
    step_zh = "审核通过" if which == "approved" else "报送"
    return Problem(404, "not-found", f"地区 {region} 的报送期 {period} 没有有效的{step_zh}；period {period} of region {region} "
                   f"has no standing {which} step", region=region, period=period, vintage=which)


async def vintage_of(request: Request, year: int, region: str | None, as_of: date | None, which: str) -> tuple[str, datetime]:
    """The period `as_of` names (a month's last day, or 31 December for the year) and the moment its `which` step
    vouched for its figures: 422 naming as_of for another day, 404 when the period has no such standing step."""
    if as_of is None or as_of.year != year or domain.period_of_day(as_of) is None:
        message = ("须为该年某月的最后一天（月报）或 12 月 31 日（年报）；must be the last day of a month of the year (that "
                   "month's period) or 31 December (the year's)")
        raise Problem(422, "validation-error", f"as_of: {message}", errors=[{"field": "as_of", "in": "query", "message": message}])
    period, code = domain.period_of_day(as_of), region or PROVINCE
    async with request.app.state.engine.connect() as conn:
        moment = vintage_moment(await view(conn, code, period), which)
    if moment is None:
        raise vintage_not_found(code, period, which)
    return period, moment


async def vintage_report(request: Request, year: int, region: str | None, as_of: date | None, which: str):
    """`/v1/attainment?vintage=`: the report as known at the moment `vintage_of` finds."""
    _, moment = await vintage_of(request, year, region, as_of, which)
    return await report(request, year, region, as_of, moment)


async def store_vintage(request: Request, region: str, period: str, version: int) -> None:
    """Keep the figures of the step at `version` (a submission or an approval), computed at its moment."""
    async with request.app.state.engine.connect() as conn:
        stored = [e for e in await _load(conn, region, period) if e.version == version]
    if not stored or stored[0].type not in (domain.PeriodSubmitted.event_type, domain.PeriodApproved.event_type):
        return
    step = "submitted" if stored[0].type == domain.PeriodSubmitted.event_type else "approved"
    first, last = domain.bounds(period)
    computed = await report(request, first.year, None if region == PROVINCE else region, last, stored[0].recorded_at)
    async with request.app.state.engine.begin() as conn:
        await conn.execute(_STORE, {"region": region, "period": period, "step": step, "version": version,
                                    "recorded_at": stored[0].recorded_at, "actor": stored[0].metadata.get("actor"),
                                    "report": computed.model_dump_json()})


async def stored_vintage(conn: AsyncConnection, region: str, period: str, version: int) -> dict[str, Any] | None:
    return (await conn.execute(_STORED, {"region": region, "period": period, "version": version})).scalar()


async def _load(conn: AsyncConnection, region: str, period: str):
    from kernel.eventstore.store import EventStore

    return await EventStore.load(conn, domain.PERIODS.stream_id(domain.key(region, period)))


def require_known(region: str, period: str) -> None:
    if not domain.PERIOD_RE.match(period):
        raise NotFound("period", f"{region}/{period}")
