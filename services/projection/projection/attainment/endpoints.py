from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request

from kernel.auth import Principal, Reader
from kernel.domain.dates import IsoDate, IsoDateTime
from kernel.domain.regions import PROVINCE, ReportingArea
from kernel.problems import NotFound
from projection.attainment import summaries
from projection.attainment.calculators import CALCULATORS, area
from projection.attainment.catalogue import CATALOGUE
from projection.attainment.answer_cache import AnswerCache
from projection.attainment.period import Period, resolve
from projection.attainment.schemas import AttainmentReport, TargetDetail, Timeline
from projection.quality.outlook_reads import attach as attach_outlook, outlook as target_outlook, t04_with_centers
from projection.periods.reads import vintage_report

router = APIRouter(prefix="/v1/attainment", tags=["attainment"])

Year = Annotated[int, Query(ge=2000, le=2100, description="Calendar year of the targets.", examples=[2019])]
Region = Annotated[ReportingArea | None, Query(description="A division's GB/T 2260 code; the province (420000) when absent.")]
AsOf = Annotated[IsoDate | None, Query(description="统计截至此日（含）发生的事项，须在 year 之内，否则 422；晚于今天（北京时间）则按今天计算，答复中 as_of_clamped 为 true、as_of_requested 为所请求日期。默认：今天，往年为年末。Count what happened on or before this date, which must fall in `year` (else a 422 naming as_of); a date after today (Beijing time) counts to today, the answer saying so (as_of_clamped true, as_of_requested the date asked for). Default: today, or the year's end for a past year.")]
KnownAt = Annotated[IsoDateTime | None, Query(description="Count what had been recorded by this moment (ISO 8601; without a zone, Beijing time). Default: now.")]
TargetId = Literal[tuple(CATALOGUE)]  # type: ignore[valid-type]
Vintage = Annotated[Literal["approved", "submitted"] | None, Query(description="报送期的审核（报送）时点的数据：as_of 指明报送期（月末为该月，12 月 31 日为全年，其他日期 422），答复即 known_at 为该时点的本接口；没有则 404。The figures as known at the period's approval (submission) moment: `as_of` names the period (a month's last day that month, 31 December the year; any other day a 422), the answer is this endpoint with known_at = that moment (known_at is ignored); 404 when the period has none.")]


@router.get("", response_model=AttainmentReport, summary="Every target's attainment for a year and an area")
async def attainment(request: Request, _: Reader, year: Year, region: Region = None, as_of: AsOf = None, known_at: KnownAt = None,
                     vintage: Vintage = None) -> AttainmentReport:
    if vintage is not None:  # the figures as known at the period's approval (submission): see projection.periods
        return await vintage_report(request, year, region, as_of, vintage)
    period = resolve(year, as_of, known_at)
    query = (year, region, period.as_of, period.as_of_requested, known_at and period.known_at)
    return await AnswerCache.of(request.app).serve(  # kept while no event is applied: projection.attainment.answer_cache
        request, _, query, None if known_at else period.known_at, lambda: _report(request, _, year, region, period))


async def compute(request: Request, principal: Principal, year: int, region: str | None, as_of: date | None,
                  known_at: datetime | None) -> AttainmentReport:
    """The report itself, never a kept answer: what a reporting period's vintage and restatements compare."""
    return await _report(request, principal, year, region, resolve(year, as_of, known_at))


async def _report(request: Request, _: Principal, year: int, region: str | None, period: Period) -> AttainmentReport:
    targets = []
    async with request.app.state.engine.connect() as conn:
        async with summaries.read_ahead(conn, period.start, period.as_of, area(region)):  # one read for the yearly targets
            for calculator in CALCULATORS.values():
                targets.append(await calculator.summary(conn, period, area(region)))
            await attach_outlook(conn, period, area(region), targets)  # detail.outlook: projection.quality.outlook
    return AttainmentReport(year=year, region=region or PROVINCE, as_of=period.as_of, known_at=period.known_at, targets=targets,
                            as_of_requested=period.as_of_requested, as_of_clamped=period.as_of_clamped)


# declared before /{target_id}, which would otherwise take "timeline" for a target id
@router.get("/timeline", response_model=Timeline, summary="One target's figure at each month's end through the year, beside its pro-rata line")
async def timeline(
    request: Request, _: Reader, year: Year,
    target: Annotated[TargetId, Query(description="The target's id.", examples=["T20"])],
    region: Region = None, as_of: AsOf = None, known_at: KnownAt = None,
) -> Timeline:
    period = resolve(year, as_of, known_at)  # the points stop at as_of (and at today, and at known_at's day)
    calculator = CALCULATORS[target]
    async with request.app.state.engine.connect() as conn:
        points = await calculator.timeline(conn, period, area(region))
    applies = area(region) is None or calculator.target.regional
    threshold = calculator.target.threshold
    if calculator.target.kind == "trend":  # depends on the data: the previous year's share, as the points say
        threshold = next((p.pro_rata for p in reversed(points)), None)
    return Timeline(
        year=year, target=target, region=region or PROVINCE, known_at=period.known_at, as_of=period.as_of,
        as_of_requested=period.as_of_requested, as_of_clamped=period.as_of_clamped,
        threshold=threshold if applies else None, comparator=calculator.target.comparator, points=points,
    )


@router.get("/{target_id}", response_model=TargetDetail, summary="One target with the records behind it")
async def target_detail(
    request: Request, reader: Reader, target_id: Annotated[str, Path(max_length=16, examples=["T04"])], year: Year,
    region: Region = None, as_of: AsOf = None, known_at: KnownAt = None,
) -> TargetDetail:
    if target_id not in CALCULATORS:
        raise NotFound("target", target_id)
    period = resolve(year, as_of, known_at)
    async with request.app.state.engine.connect() as conn:
        summary, detail = await CALCULATORS[target_id].detail(conn, period, area(region))
        at_risk: dict = {}
        if target_id == "T04":  # and which centers are at risk this month, which months lost: the token's region's
            summary.detail["outlook"], at_risk = await t04_with_centers(conn, period, area(region), reader)
        else:
            summary.detail["outlook"] = await target_outlook(conn, summary, period, area(region))
    target = CATALOGUE[target_id]
    # the figure is every region's to read; the records behind it (and T04's centers) only the token's region's
    readable = {key: [item for item in detail[key] if reader.may_read(item["region"])]
                for key in ("records", "centers") if detail.get(key) is not None}
    readable.update(at_risk)
    return TargetDetail(
        **summary.model_dump(), **{**detail, **readable}, year=year, region=region or PROVINCE, as_of=period.as_of,
        known_at=period.known_at, as_of_requested=period.as_of_requested, as_of_clamped=period.as_of_clamped, rule=target.rule, stretch=target.stretch, limited_to_region=reader.region,
    )
