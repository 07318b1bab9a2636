"""The rows of each download, from the same calculators as the JSON reads: a download says what the JSON says.

Every code becomes its Chinese word (projection.exports.vocabulary); a share a `Percent`, an amount a `Yuan`, a
date a date, a moment a moment (written in Beijing time by projection.exports.tabular).
"""

from __future__ import annotations

from typing import Any

from fastapi import Request

from kernel.domain.regions import PROVINCE, REGION_NAMES
from projection.attainment import summaries
from projection.attainment.calculators import CALCULATORS, Calculator, area
from projection.attainment.period import Period
from projection.attainment.schemas import TargetAttainment
from projection.exports.query import region_name
from projection.exports.tabular import Percent, Yuan
from projection.exports.vocabulary import (
    AGGREGATIONS, AMOUNT_DETAILS, CATEGORIES, COMPARATORS, DETAIL, DETAIL_MORE, NOT_APPLICABLE, NOT_REACHED,
    SHARE_DETAILS, STATUS, UNITS, zh,
)
from projection.indicators.report import IndicatorReport

Columns = list[tuple[str, str]]
KNOWN_AT = ("数据时点（北京时间）", "Known at (Beijing time)")

ATTAINMENT_COLUMNS: Columns = [
    ("年度", "Year"), ("地区代码", "Region code"), ("地区", "Region"), ("截至日期", "As of"), KNOWN_AT,
    ("目标编号", "Target"), ("措施", "Measure"), ("目标", "Target title"), ("实际值", "Actual"), ("比较", "Comparator"),
    ("目标值", "Threshold"), ("状态", "Status"), ("明细", "Detail"),
]
INDICATOR_COLUMNS: Columns = [
    ("年度", "Year"), ("地区代码", "Region code"), ("地区", "Region"), ("截至日期", "As of"), KNOWN_AT,
    ("篇章", "Section"), ("措施", "Measure"), ("措施名称", "Measure title"), ("指标编号", "Figure"), ("指标", "Figure title"),
    ("单位", "Unit"), ("口径", "Aggregation"), ("仅民营企业", "Private enterprises only"), ("全年（截至日期）", "Year to date"),
    *[(f"{m}月", f"Month {m}") for m in range(1, 13)], ("分类", "By category"), ("说明", "Note"),
]
MONTHLY_COLUMNS: Columns = [
    ("年度", "Year"), ("地区代码", "Region code"), ("地区", "Region"), ("目标编号", "Target"), ("措施", "Measure"),
    ("目标", "Target title"), ("月份", "Month"), ("月末（截至）日期", "Month end (as of)"), ("实际值", "Actual"),
    ("进度线", "Pro-rata"), ("目标值", "Threshold"), ("状态", "Status"),
]
AREAS = [PROVINCE, *REGION_NAMES]  # the province, then its 17 divisions, as the page lists them


def region_columns() -> Columns:
    per_target = [(f"{t} {zh}", f"{t} {en}") for t in CALCULATORS for zh, en in (("实际值", "actual"), ("状态", "status"))]
    return [("地区代码", "Region code"), ("地区", "Region"), *per_target]


def _share(calculator: Calculator) -> bool:
    return calculator.target.kind in ("share", "trend")


def _value(value: Any, share: bool) -> Any:
    return Percent(value) if share and value is not None else value


def _status(status: Any) -> str:
    return NOT_APPLICABLE[0] if status is None else zh(STATUS, str(getattr(status, "value", status)))


def _figure(key: str, value: Any) -> str:
    if isinstance(value, dict):
        return "（" + detail_text(value) + "）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        if key in SHARE_DETAILS:
            return f"{value * 100:.1f}%"
        if key in AMOUNT_DETAILS:
            return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, (list, tuple)):
        return "、".join(_figure(key, v) for v in value)
    text = str(value)
    return zh(STATUS, text) if text in STATUS else zh(CATEGORIES, text)


def detail_text(detail: dict[str, Any]) -> str:
    """A target's detail as a line an office worker reads: "应服务的中心·月：144；已服务的中心·月：140"."""
    words = {**DETAIL_MORE, **DETAIL}
    return "；".join(f"{zh(words, key)}：{_figure(key, value)}" for key, value in detail.items() if value is not None)


async def summaries_for(conn, period: Period, region: str | None) -> list[TargetAttainment]:
    """Every target's summary, read as /v1/attainment reads it."""
    async with summaries.read_ahead(conn, period.start, period.as_of, area(region)):
        return [await calculator.summary(conn, period, area(region)) for calculator in CALCULATORS.values()]


async def attainment_rows(request: Request, period: Period, region: str | None) -> list[list[Any]]:
    code = region or PROVINCE
    async with request.app.state.engine.connect() as conn:
        targets = await summaries_for(conn, period, region)
    rows = []
    for t in targets:
        share = _share(CALCULATORS[t.id])
        rows.append([
            period.year, code, region_name(code), period.as_of, period.known_at, t.id, t.measure, t.title.zh,
            _value(t.actual, share), zh(COMPARATORS, t.comparator),
            _value(t.threshold, share) if t.threshold is not None else NOT_APPLICABLE[0], _status(t.status), detail_text(t.detail),
        ])
    return rows


async def region_rows(request: Request, period: Period) -> list[list[Any]]:
    """Each area's row: every target's actual and status, as /v1/attainment?region= gives them."""
    rows = []
    async with request.app.state.engine.connect() as conn:
        for code in AREAS:
            cells: list[Any] = [code, region_name(code)]
            for t in await summaries_for(conn, period, code):
                cells += [_value(t.actual, _share(CALCULATORS[t.id])), _status(t.status)]
            rows.append(cells)
    return rows


async def monthly_rows(request: Request, period: Period, region: str | None, targets: list[str]) -> list[list[Any]]:
    """Each target's figure at each month's end, as /v1/attainment/timeline gives it (stopping at as_of)."""
    code = region or PROVINCE
    rows = []
    async with request.app.state.engine.connect() as conn:
        for target_id in targets:
            calculator = CALCULATORS[target_id]
            share, points = _share(calculator), await calculator.timeline(conn, period, area(region))
            threshold = calculator.target.threshold
            if calculator.target.kind == "trend":  # the previous year's share, as the timeline read says
                threshold = next((p.pro_rata for p in reversed(points)), None)
            if area(region) is not None and not calculator.target.regional:
                threshold = None
            for month, p in enumerate(points, start=1):
                rows.append([
                    period.year, code, region_name(code), target_id, calculator.target.measure, calculator.target.title_zh,
                    month, p.as_of, _value(p.actual, share), _value(p.pro_rata, share),
                    _value(threshold, share) if threshold is not None else NOT_APPLICABLE[0],
                    _status(p.status) if p.reached else NOT_REACHED[0],
                ])
    return rows


def unit_word(unit: str) -> str:
    return {"count": "", "share": "%"}.get(unit) or zh(UNITS, unit)


def _amount(value: Any, unit: str) -> Any:
    if value is None:
        return None
    return Percent(value) if unit == "share" else Yuan(value) if unit == "cny" else value


_ORDER = {code: n for n, code in enumerate(CATEGORIES)}


def _in_word_order(item: tuple[str, Any]) -> tuple[int, str]:
    """Categories in the vocabulary's order (民营 before 国有, 培训班 before 研讨会), whatever order the read gave."""
    return _ORDER.get(item[0], len(_ORDER)), item[0]


def indicator_rows(report: IndicatorReport) -> list[list[Any]]:
    rows = []
    for section in report.sections:
        for m in section.measures:
            for f in m.figures:
                categories = "；".join(f"{zh(CATEGORIES, k)}：{_figure('', v if v is not None else '—')}"
                                      for k, v in sorted((f.by_category or {}).items(), key=_in_word_order))
                rows.append([
                    report.year, report.region, region_name(report.region), report.as_of, report.known_at,
                    section.title.zh, m.measure, m.title.zh, f.id, f.title.zh, unit_word(f.unit), zh(AGGREGATIONS, f.aggregation),
                    f.private_only, _amount(f.total, f.unit), *[_amount(v.value, f.unit) for v in f.months], categories,
                    f.note.zh if f.note else "",
                ])
    return rows
