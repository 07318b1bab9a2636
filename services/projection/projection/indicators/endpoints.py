from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from kernel.auth import Reader
from kernel.domain.dates import IsoDate, IsoDateTime
from kernel.domain.regions import PROVINCE, ReportingArea
from projection.attainment.period import resolve
from projection.indicators.report import IndicatorReport, build_sections

router = APIRouter(prefix="/v1/indicators", tags=["indicators"])

Year = Annotated[int, Query(ge=2000, le=2100, description="Calendar year.", examples=[2019])]
Region = Annotated[ReportingArea | None, Query(description="A division's GB/T 2260 code; the province (420000) when absent.")]
MeasureNumber = Annotated[int | None, Query(ge=1, le=24, description="Only this measure (1-24).")]
AsOf = Annotated[IsoDate | None, Query(description="统计截至此日（含）发生的事项，须在 year 之内，否则 422；晚于今天（北京时间）则按今天计算（答复的 as_of 为今天）。默认：今天，往年为年末。Count what happened on or before this date, which must fall in `year` (else a 422 naming as_of); a date after today (Beijing time) counts to today (the answer's as_of says so). Default: today, or the year's end for a past year.")]
KnownAt = Annotated[IsoDateTime | None, Query(description="Count what had been recorded by this moment (ISO 8601; without a zone, Beijing time). Default: now.")]


def area(region: str | None) -> str | None:
    """The province is every region: no filter."""
    return None if region in (None, PROVINCE) else region


async def indicator_report(request: Request, year: int, region: str | None, measure: int | None, as_of, known_at) -> IndicatorReport:
    period = resolve(year, as_of, known_at)
    async with request.app.state.engine.connect() as conn:
        sections = await build_sections(conn, period, area(region), measure)
    return IndicatorReport(year=year, region=region or PROVINCE, as_of=period.as_of, known_at=period.known_at, sections=sections)


@router.get("", response_model=IndicatorReport, summary="Activity figures of every measure, by month and region")
async def indicators(
    request: Request, _: Reader, year: Year, region: Region = None, measure: MeasureNumber = None,
    as_of: AsOf = None, known_at: KnownAt = None,
) -> IndicatorReport:
    """For each of the 24 measures (grouped by the policy's seven sections), the figures its service records.

    Each figure names its measure (number and title in Chinese and English), its unit and how it is aggregated,
    and gives the year's value up to `as_of`, the value of each month, and the value of each division.
    """
    return await indicator_report(request, year, region, measure, as_of, known_at)
