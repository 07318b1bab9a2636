"""Downloads for the office's reports, as XLSX or CSV: the attainment, the regions compared, each target by month,
and the indicators; Chinese headers with the English beneath, a block at the top saying what the file shows.

The same parameters as the JSON resources (`Frame`), and the same calculators: a download says what the JSON says.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from kernel.auth import Reader
from kernel.domain.regions import PROVINCE
from projection.attainment.catalogue import CATALOGUE
from projection.attainment.endpoints import Vintage
from projection.attainment.period import resolve
from projection.exports.query import Frame, area_text, meta_block, vintage_row
from projection.periods.reads import vintage_of
from projection.exports.reports import (
    ATTAINMENT_COLUMNS, INDICATOR_COLUMNS, MONTHLY_COLUMNS, Columns, attainment_rows, indicator_rows, monthly_rows,
    region_columns, region_rows,
)
from projection.exports.tabular import XLSX, csv_response, xlsx_response
from projection.indicators.endpoints import MeasureNumber, Region, indicator_report

router = APIRouter(tags=["exports"])

Format = Literal["csv", "xlsx"]
FrameQuery = Annotated[Frame, Depends()]
TargetChoice = Annotated[Literal[tuple(CATALOGUE)] | None,  # type: ignore[valid-type]
                         Query(description="只导出此目标；Only this target (all eight when absent).", examples=["T20"])]

ATTAINMENT_HEADERS = [zh for zh, _ in ATTAINMENT_COLUMNS]
INDICATOR_HEADERS = [zh for zh, _ in INDICATOR_COLUMNS]
MONTHLY_HEADERS = [zh for zh, _ in MONTHLY_COLUMNS]


def _respond(fmt: Format, filename: str, sheet: str, columns: Columns, rows: list[list], meta: list) -> Response:
    headers, english = [zh for zh, _ in columns], [en for _, en in columns]
    if fmt == "xlsx":
        return xlsx_response(filename, sheet, headers, rows, english=english, meta=meta)
    return csv_response(filename, headers, rows, english=english, meta=meta)


def _download(fmt: Format, what: str) -> dict:
    media = XLSX if fmt == "xlsx" else "text/csv"
    text = (f"{what}：{'Excel 工作簿' if fmt == 'xlsx' else 'CSV（UTF-8，带 BOM）'}，中文表头，下一行为英文表头；"
            "比例为百分数，日期为日期，时间为北京时间。"
            f"A {fmt.upper()} file with Chinese headers, English beneath; shares as percentages, dates as dates, "
            "times in Beijing time.")
    return {"responses": {200: {"content": {media: {}}, "description": text}}, "response_class": Response}


def _attainment_route(fmt: Format):
    async def export(request: Request, _: Reader, frame: FrameQuery, region: Region = None, vintage: Vintage = None) -> Response:
        if vintage is None:
            period, shown = frame.period(), ()
        else:  # the figures a reporting period's step vouched for, saying which (as /v1/attainment?vintage=)
            named, moment = await vintage_of(request, frame.year, region, frame.as_of, vintage)
            period, shown = resolve(frame.year, frame.as_of, moment), (vintage_row(vintage, named, moment),)
        rows = await attainment_rows(request, period, region)
        meta = meta_block(("目标达成情况", "Target attainment"), period, area_text(region), *shown)
        suffix = f"-{vintage}" if vintage else ""
        return _respond(fmt, f"attainment-{period.year}-{region or PROVINCE}{suffix}", "目标达成", ATTAINMENT_COLUMNS, rows, meta)

    export.__name__ = f"attainment_{fmt}"
    return export


def _regions_route(fmt: Format):
    async def export(request: Request, _: Reader, frame: FrameQuery) -> Response:
        period = frame.period()
        rows = await region_rows(request, period)
        meta = meta_block(("各地区目标达成对比", "Target attainment by region"), period,
                          "湖北省及 17 个市州；Hubei Province and its 17 divisions")
        return _respond(fmt, f"attainment-regions-{period.year}", "各地区对比", region_columns(), rows, meta)

    export.__name__ = f"attainment_regions_{fmt}"
    return export


def _monthly_route(fmt: Format):
    async def export(request: Request, _: Reader, frame: FrameQuery, region: Region = None, target: TargetChoice = None) -> Response:
        period = frame.period()
        rows = await monthly_rows(request, period, region, [target] if target else list(CATALOGUE))
        meta = meta_block(("各目标逐月情况（月末值）", "Each target at each month's end"), period, area_text(region),
                          ("目标（Targets）", target or "全部八项；all eight"))
        return _respond(fmt, f"attainment-monthly-{period.year}-{region or PROVINCE}", "逐月情况", MONTHLY_COLUMNS, rows, meta)

    export.__name__ = f"attainment_monthly_{fmt}"
    return export


def _indicator_route(fmt: Format):
    async def export(request: Request, _: Reader, frame: FrameQuery, region: Region = None, measure: MeasureNumber = None) -> Response:
        report = await indicator_report(request, frame.year, region, measure, frame.as_of, frame.known_at)
        meta = meta_block(("24 项措施指标", "Indicators of the 24 measures"), frame.period(), area_text(region),
                          ("措施（Measure）", measure or "全部；all"))
        return _respond(fmt, f"indicators-{frame.year}-{region or PROVINCE}", "措施指标", INDICATOR_COLUMNS, indicator_rows(report), meta)

    export.__name__ = f"indicators_{fmt}"
    return export


for _fmt in ("xlsx", "csv"):
    router.add_api_route(f"/v1/attainment.{_fmt}", _attainment_route(_fmt), methods=["GET"],
                         summary=f"目标达成情况导出；Target attainment as {_fmt.upper()}", **_download(_fmt, "八项目标的达成情况"))
    router.add_api_route(f"/v1/attainment/regions.{_fmt}", _regions_route(_fmt), methods=["GET"],
                         summary=f"各地区对比导出；Regions compared as {_fmt.upper()}",
                         **_download(_fmt, "湖北省及 17 个市州每项目标的实际值与状态"))
    router.add_api_route(f"/v1/attainment/monthly.{_fmt}", _monthly_route(_fmt), methods=["GET"],
                         summary=f"逐月情况导出；Each target by month as {_fmt.upper()}",
                         **_download(_fmt, "每项目标每月末的实际值、进度线与状态（同 /v1/attainment/timeline）"))
    router.add_api_route(f"/v1/indicators.{_fmt}", _indicator_route(_fmt), methods=["GET"],
                         summary=f"措施指标导出；Indicators as {_fmt.upper()}", **_download(_fmt, "24 项措施的指标，按月"))
