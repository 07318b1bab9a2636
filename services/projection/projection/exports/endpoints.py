"""Downloads for the office's reports: the attainment and the indicators as XLSX or CSV, with Chinese headers.

The same parameters as the JSON resources, and the same calculators: a download says what the JSON says.
"""

from __future__ import annotations

import json
from typing import Literal

from fastapi import APIRouter, Request, Response

from kernel.auth import Reader
from kernel.domain.regions import PROVINCE, REGION_NAMES
from projection.attainment.calculators import CALCULATORS, area
from projection.attainment.period import resolve
from projection.exports.tabular import XLSX, csv_response, xlsx_response
from projection.indicators.endpoints import AsOf, KnownAt, MeasureNumber, Region, Year, indicator_report

router = APIRouter(tags=["exports"])

STATUS_ZH = {"met": "已达成", "missed": "未达成", "on_track": "进度正常", "at_risk": "有风险", "not_due": "未到期"}
UNIT_ZH = {"cny": "元", "days": "天", "minutes": "分钟", "share": "比例", "person_times": "人次"}

ATTAINMENT_HEADERS = ["年度", "地区代码", "地区", "截至日期", "数据时点", "目标编号", "措施", "目标", "实际值", "比较", "阈值", "状态",
                      "状态代码", "明细"]
INDICATOR_HEADERS = ["年度", "地区代码", "地区", "截至日期", "数据时点", "篇章", "措施", "措施名称", "指标编号", "指标", "单位",
                     "仅民营企业", "全年（截至日期）", *[f"{m}月" for m in range(1, 13)], "说明"]


def _region_name(code: str) -> str:
    return "湖北省" if code == PROVINCE else REGION_NAMES[code][0]


def _respond(fmt: str, filename: str, sheet: str, headers: list[str], rows: list[list]) -> Response:
    if fmt == "xlsx":
        return xlsx_response(filename, sheet, headers, rows)
    return csv_response(filename, headers, rows)


async def attainment_rows(request: Request, year: int, region: str | None, as_of, known_at) -> list[list]:
    period = resolve(year, as_of, known_at)
    code = region or PROVINCE
    rows = []
    async with request.app.state.engine.connect() as conn:
        for calculator in CALCULATORS.values():
            t, _detail = await calculator(conn, period, area(region))
            status = t.status.value if t.status is not None else None
            rows.append([
                year, code, _region_name(code), period.as_of.isoformat(), period.known_at.isoformat(), t.id, t.measure, t.title.zh,
                t.actual, t.comparator, t.threshold, STATUS_ZH.get(status, "") if status else "不适用", status,
                json.dumps(t.detail, ensure_ascii=False, default=str),
            ])
    return rows


async def indicator_rows(request: Request, year: int, region: str | None, measure: int | None, as_of, known_at) -> list[list]:
    report = await indicator_report(request, year, region, measure, as_of, known_at)
    rows = []
    for section in report.sections:
        for m in section.measures:
            for f in m.figures:
                rows.append([
                    year, report.region, _region_name(report.region), report.as_of.isoformat(), report.known_at.isoformat(),
                    section.title.zh, m.measure, m.title.zh, f.id, f.title.zh, UNIT_ZH.get(f.unit, f.unit),
                    "是" if f.private_only else "否", f.total, *[v.value for v in f.months], f.note.zh if f.note else "",
                ])
    return rows


def _download(kind: Literal["csv", "xlsx"]) -> dict:
    media = XLSX if kind == "xlsx" else "text/csv"
    return {"responses": {200: {"content": {media: {}}, "description": f"A {kind.upper()} file with Chinese headers."}},
            "response_class": Response}


def _attainment_route(fmt: Literal["csv", "xlsx"]):
    async def export(request: Request, _: Reader, year: Year, region: Region = None, as_of: AsOf = None, known_at: KnownAt = None) -> Response:
        rows = await attainment_rows(request, year, region, as_of, known_at)
        return _respond(fmt, f"attainment-{year}-{region or PROVINCE}", "目标达成", ATTAINMENT_HEADERS, rows)

    export.__name__ = f"attainment_{fmt}"
    return export


def _indicator_route(fmt: Literal["csv", "xlsx"]):
    async def export(
        request: Request, _: Reader, year: Year, region: Region = None, measure: MeasureNumber = None,
        as_of: AsOf = None, known_at: KnownAt = None,
    ) -> Response:
        rows = await indicator_rows(request, year, region, measure, as_of, known_at)
        return _respond(fmt, f"indicators-{year}-{region or PROVINCE}", "措施指标", INDICATOR_HEADERS, rows)

    export.__name__ = f"indicators_{fmt}"
    return export


for _fmt in ("xlsx", "csv"):
    router.add_api_route(f"/v1/attainment.{_fmt}", _attainment_route(_fmt), methods=["GET"], summary=f"Target attainment as {_fmt.upper()}", **_download(_fmt))
    router.add_api_route(f"/v1/indicators.{_fmt}", _indicator_route(_fmt), methods=["GET"], summary=f"Indicators as {_fmt.upper()}", **_download(_fmt))
