"""`/v1/completeness` and `/v1/quality/flags` (with marking a flag reviewed)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Depends, Path, Query, Request
from fastapi.responses import Response

from kernel.auth import Reader, write_scope
from kernel.commands import CommandBus, UnitOfWork
from kernel.domain.dates import IsoDate, IsoDateTime
from kernel.domain.regions import PROVINCE, ReportingArea
from kernel.problems import Problem
from projection.attainment.calculators import area
from projection.attainment.period import resolve
from projection.periods.commands import period_bus  # the projection's own event store, as the reporting periods use it
from projection.quality import completeness as completeness_reads
from projection.quality import flags as flag_reads
from projection.quality import reviews
from projection.quality.rules import RULES, describe
from projection.quality.schemas import Completeness, FlagList, ReviewAnswer, ReviewRequest

router = APIRouter(tags=["quality"])

Year = Annotated[int, Query(ge=2000, le=2100, examples=[2019])]
Region = Annotated[ReportingArea | None, Query(description="A division's GB/T 2260 code; every region when absent.")]
AsOf = Annotated[IsoDate | None, Query(description="统计截至此日，须在 year 之内；晚于今天按今天计算。Count to this day, within `year`; after today, to today.")]
KnownAt = Annotated[IsoDateTime | None, Query(description="As recorded by this moment (ISO 8601; without a zone, Beijing time). Default: now.")]
RuleId = Literal[tuple(RULES)]  # type: ignore[valid-type]
Reviewer = Annotated[CommandBus, Depends(period_bus(write_scope("projection")))]


@router.get("/v1/completeness", response_model=Completeness,
            summary="Per region, month and record kind: how many, how late, the on-time share; and what is missing",
            description="Aggregates of every region; the missing lists (centers, trainings, requests) hold the token's "
            "region's records only (`limited_to_region`). Settings: `PROJECTION_TIMELY_DAYS`, `_SILENT_MONTHS`, "
            "`_FIRST_RESPONSE_DAYS`.")
async def completeness(request: Request, reader: Reader, year: Year, region: Region = None, as_of: AsOf = None,
                       known_at: KnownAt = None) -> Completeness:
    period = resolve(year, as_of, known_at)
    async with request.app.state.engine.connect() as conn:
        found = await completeness_reads.completeness(conn, period, area(region), request.app.state.settings)
    for key, items in found["missing"].items():
        found["missing"][key] = [item for item in items if reader.may_read(item["region"])]
    return Completeness(year=year, region=region or PROVINCE, as_of=period.as_of, known_at=period.known_at,
                        as_of_requested=period.as_of_requested, as_of_clamped=period.as_of_clamped,
                        limited_to_region=reader.region, **found)


@router.get("/v1/quality/flags", response_model=FlagList, summary="Records the validation rules flag, with the values and thresholds",
            description="Rules Q01-Q07 (`rules`). A flag is open until marked reviewed (`status=open`, the default; "
            "`reviewed`; `all`), as known at `known_at`. The token's region's records only (`limited_to_region`).")
async def flag_list(request: Request, reader: Reader, year: Year, region: Region = None, rule: RuleId | None = None,
                    status: Literal["open", "reviewed", "all"] = "open", as_of: AsOf = None, known_at: KnownAt = None) -> FlagList:
    period = resolve(year, as_of, known_at)
    async with request.app.state.engine.connect() as conn:
        found = await flag_reads.flags(conn, period, area(region), request.app.state.settings, rule)
        reviewed = await reviews.reviews(conn, period.known_at)
    items = []
    for flag in found:
        if not reader.may_read(flag["record"]["region"]):
            continue
        review = reviewed.get(flag["id"])
        flag["status"], flag["review"] = ("reviewed" if review else "open"), review
        if status in ("all", flag["status"]):
            items.append(flag)
    return FlagList(year=year, region=region or PROVINCE, as_of=period.as_of, known_at=period.known_at, status=status,
                    rules=[describe(r) for r in RULES.values()], flags=items, limited_to_region=reader.region)


def _no_flag(flag_id: str, year: int) -> Problem:
    return Problem(404, "not-found", f"{year} 年的数据质量标记中没有 {flag_id!r}；no flag {flag_id!r} among the year {year}'s flags")


@router.post("/v1/quality/flags/{flag_id}/review", response_model=ReviewAnswer, status_code=201,
             summary="Mark a flag reviewed, with a note: it leaves the open list",
             description="Scope `projection:write`; a region-limited token reviews its own region's flags only. The flag "
             "must stand in the year's flags as known now (else 404); a flag is reviewed once (409). Recorded as an event "
             "in the projection's event store, with the token subject as its actor.")
async def review(request: Request, bus: Reviewer, flag_id: Annotated[str, Path(max_length=300)],
                 body: Annotated[ReviewRequest, Body()]) -> Response:
    rule_id = flag_id.partition(":")[0]
    if rule_id not in RULES:
        raise _no_flag(flag_id, body.year)
    async with request.app.state.engine.connect() as conn:
        found = await flag_reads.flags(conn, resolve(body.year, None, None), None, request.app.state.settings, rule_id)
    flag = next((f for f in found if f["id"] == flag_id), None)
    if flag is None:
        raise _no_flag(flag_id, body.year)
    if flag["record"]["region"] is not None:
        bus.principal.require_region(flag["record"]["region"], field="flag_id")

    async def handle(uow: UnitOfWork) -> ReviewAnswer:
        loaded = await uow.load(reviews.REVIEWS, flag_id)
        version = uow.record(loaded, reviews.decide_review(loaded.state, flag, body.note))
        return ReviewAnswer(flag_id=flag_id, version=version)

    return await bus.run(handle)
