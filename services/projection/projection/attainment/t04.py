"""T04 (measure 4): every due center-month has at least one on-site service to a private enterprise."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from projection.attainment import summaries
from projection.attainment.period import Period, month_bounds
from projection.attainment.status import Status, monthly_share_status

_CENTERS = """
SELECT center_id, name, region, registered_on,
       CASE WHEN closed_at <= :known_at THEN closed_on END AS closed_on
FROM rm_assistance_centers
WHERE registered_at <= :known_at {region}
ORDER BY region, center_id
"""

_SERVICES = """
SELECT center_id, extract(month FROM occurred_on)::int AS month, count(*) AS services
FROM rm_onsite_services
WHERE occurred_on BETWEEN :start AND :until
  AND private_enterprises > 0
  AND recorded_at <= :known_at
  AND (retracted_at IS NULL OR retracted_at > :known_at) {region}
GROUP BY center_id, month
"""


class MonthState:
    NOT_DUE = "not_due"  # the center was not active for the whole month
    MET = "met"
    MISSED = "missed"
    OPEN = "open"  # due, in progress at as_of, no service yet
    UPCOMING = "upcoming"  # after as_of


@dataclass
class CenterMonths:
    center_id: str
    name: str
    region: str
    registered_on: date
    closed_on: date | None
    months: list[dict] = field(default_factory=list)


@dataclass
class T04Figures:
    due: int = 0
    met: int = 0
    open_due: int = 0
    open_unmet: int = 0
    centers: list[CenterMonths] = field(default_factory=list)

    @property
    def actual(self) -> float | None:
        return round(self.met / self.due, 4) if self.due else None


def month_state(center: CenterMonths, year: int, month: int, services: int, as_of: date,
                bounds: tuple[date, date] | None = None) -> str:
    first, last = bounds or month_bounds(year, month)
    due = center.registered_on <= first and (center.closed_on is None or center.closed_on >= last)
    if not due:
        return MonthState.NOT_DUE
    if first > as_of:
        return MonthState.UPCOMING
    if services:
        return MonthState.MET
    return MonthState.MISSED if last <= as_of else MonthState.OPEN


@dataclass
class T04Data:
    """What T04 reads, once: the centers known at known_at, and per center and month the services counted."""

    centers: list[tuple]  # (center_id, name, region, registered_on, closed_on)
    counts: dict[tuple[str, int], int]


async def load(conn: AsyncConnection, period: Period, region: str | None, *, exact: bool = False) -> T04Data:
    """Two queries: the centers, and the services to private enterprises by center and month up to as_of.

    The second reads the attainment summaries (a row per center and month) when they answer as known at
    `period.known_at`; then a month counts its services when it is over by as_of, else 1 when one was given
    by as_of (what the figures need: whether a center-month is met). With `exact`, or a `known_at` the
    summaries cannot answer, it counts the services themselves."""
    params = {"known_at": period.known_at, "start": period.start, "until": period.as_of}
    region_filter = ""
    if region is not None:
        params["region"] = region
        region_filter = "AND region = :region"
    centers = [
        (r.center_id, r.name, r.region, r.registered_on, r.closed_on)
        for r in await conn.execute(text(_CENTERS.format(region=region_filter)), params)
    ]
    counts: dict[tuple[str, int], int] | None = {}
    if period.started:
        counts = None
        if not exact:
            counts = await summaries.center_month_services(conn, period.start, period.as_of, period.known_at, region)
        if counts is None:
            rows = await conn.execute(text(_SERVICES.format(region=region_filter)), params)
            counts = {(r.center_id, r.month): r.services for r in rows}
    return T04Data(centers, counts)


def evaluate(data: T04Data, period: Period) -> T04Figures:
    """The figures at `period.as_of`; `data` may have been loaded up to a later day (the timeline loads once)."""
    centers = [CenterMonths(*c) for c in data.centers]
    figures = T04Figures(centers=centers)
    months = [(month, month_bounds(period.year, month), f"{period.year}-{month:02d}") for month in range(1, 13)]
    for center in centers:
        for month, (first, last), label in months:
            services = data.counts.get((center.center_id, month), 0) if first <= period.as_of else 0
            state = month_state(center, period.year, month, services, period.as_of, (first, last))
            center.months.append({"month": label, "state": state, "services": services})
            complete = last <= period.as_of
            if state in (MonthState.MET, MonthState.MISSED) and complete:
                figures.due += 1
                figures.met += state == MonthState.MET
            elif state in (MonthState.MET, MonthState.OPEN):
                figures.open_due += 1
                figures.open_unmet += state == MonthState.OPEN
    return figures


async def compute(conn: AsyncConnection, period: Period, region: str | None, *, exact: bool = False) -> T04Figures:
    return evaluate(await load(conn, period, region, exact=exact), period)


_RECORDS = """
SELECT service_id, center_id, region, occurred_on, private_enterprises, recorded_at
FROM rm_onsite_services
WHERE occurred_on BETWEEN :start AND :until
  AND private_enterprises > 0
  AND recorded_at <= :known_at
  AND (retracted_at IS NULL OR retracted_at > :known_at) {region}
ORDER BY occurred_on, service_id
"""


async def records(conn: AsyncConnection, period: Period, region: str | None) -> list[dict]:
    """The on-site services to private enterprises that count, as known at known_at."""
    if not period.started:
        return []
    params = {"known_at": period.known_at, "start": period.start, "until": period.as_of}
    region_filter = ""
    if region is not None:
        params["region"] = region
        region_filter = "AND region = :region"
    rows = await conn.execute(text(_RECORDS.format(region=region_filter)), params)
    return [
        {"id": r.service_id, "date": r.occurred_on, "region": r.region, "recorded_at": r.recorded_at,
         "facts": {"center_id": r.center_id, "private_enterprises": r.private_enterprises}}
        for r in rows
    ]


def status(figures: T04Figures, period: Period) -> Status:
    if not period.started:
        return Status.NOT_DUE
    days_left = (month_bounds(period.year, period.as_of.month)[1] - period.as_of).days
    return monthly_share_status(
        due=figures.due, met=figures.met, open_unmet=figures.open_unmet, open_due=figures.open_due,
        year_over=period.year_over, days_left_in_month=days_left,
    )
