from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from kernel.auth import Reader
from kernel.domain.regions import PROVINCE, ReportingArea
from kernel.problems import NotFound
from projection.attainment.calculators import CALCULATORS, area
from projection.attainment.catalogue import CATALOGUE
from projection.attainment.period import resolve
from projection.attainment.schemas import AttainmentReport, TargetDetail

router = APIRouter(prefix="/v1/attainment", tags=["attainment"])

Year = Annotated[int, Query(ge=2000, le=2100, description="Calendar year of the targets.", examples=[2019])]
Region = Annotated[ReportingArea | None, Query(description="A division's GB/T 2260 code; the province (420000) when absent.")]
AsOf = Annotated[date | None, Query(description="Count what happened on or before this date. Default: today, or the year's end for a past year.")]
KnownAt = Annotated[datetime | None, Query(description="Count what had been recorded by this moment (ISO 8601; without a zone, Beijing time). Default: now.")]


@router.get("", response_model=AttainmentReport, summary="Every target's attainment for a year and an area")
async def attainment(request: Request, _: Reader, year: Year, region: Region = None, as_of: AsOf = None, known_at: KnownAt = None) -> AttainmentReport:
    period = resolve(year, as_of, known_at)
    targets = []
    async with request.app.state.engine.connect() as conn:
        for calculator in CALCULATORS.values():
            summary, _detail = await calculator(conn, period, area(region))
            targets.append(summary)
    return AttainmentReport(year=year, region=region or PROVINCE, as_of=period.as_of, known_at=period.known_at, targets=targets)


@router.get("/{target_id}", response_model=TargetDetail, summary="One target with the records behind it")
async def target_detail(
    request: Request, _: Reader, target_id: Annotated[str, Path(max_length=16, examples=["T04"])], year: Year,
    region: Region = None, as_of: AsOf = None, known_at: KnownAt = None,
) -> TargetDetail:
    if target_id not in CALCULATORS:
        raise NotFound("target", target_id)
    period = resolve(year, as_of, known_at)
    async with request.app.state.engine.connect() as conn:
        summary, detail = await CALCULATORS[target_id](conn, period, area(region))
    return TargetDetail(
        **summary.model_dump(), **detail, year=year, region=region or PROVINCE, as_of=period.as_of,
        known_at=period.known_at, rule=CATALOGUE[target_id].rule,
    )
