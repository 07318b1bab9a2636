"""`GET /v1/periods`: every region's (and the province's) months and year, recorded or not."""

from __future__ import annotations

from fastapi import Request

from kernel.domain.regions import PROVINCE, REGION_NAMES
from projection.periods import domain, reads
from projection.periods.schemas import PeriodList, PeriodState


def _name(code: str) -> str:
    return "湖北省" if code == PROVINCE else REGION_NAMES[code][0]


async def period_list(request: Request, year: int, region: str | None) -> PeriodList:
    async with request.app.state.engine.connect() as conn:
        found = await reads.views(conn, year, region)
    codes = [region] if region else [*REGION_NAMES, PROVINCE]
    rows = []
    for code in codes:
        for period in domain.periods_of_year(year):
            view = found.get(domain.key(code, period)) or reads.blank(code, period)
            first, last = domain.bounds(period)
            rows.append(PeriodState(
                **{k: v for k, v in view.items() if k in PeriodState.model_fields}, name=_name(code),
                kind="month" if "-" in period else "year", first_day=first, last_day=last,
                submitted_vintage=reads.vintage_moment(view, "submitted"), approved_vintage=reads.vintage_moment(view, "approved"),
            ))
    return PeriodList(year=year, periods=rows)
