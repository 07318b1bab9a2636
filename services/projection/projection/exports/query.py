"""What every download is asked for, and the block at its top that says so.

`Frame` is the query every export takes (year, as_of, known_at): a parameter all downloads gain (e.g. a reporting
period's vintage) is added here once. The meta block names the year, the area, as_of (and the day asked for when
it was after today), known_at and the moment the file was made, the moments in Beijing time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kernel.domain.dates import OFFICE_ZONE
from kernel.domain.regions import PROVINCE, region_names
from projection.attainment.period import Period, resolve
from projection.indicators.endpoints import AsOf, KnownAt, Year


class Frame:
    """The bitemporal frame of a download: the same parameters, and the same checks, as the JSON reads."""

    def __init__(self, year: Year, as_of: AsOf = None, known_at: KnownAt = None) -> None:
        self.year = year
        self.as_of = as_of
        self.known_at = known_at

    def period(self) -> Period:
        return resolve(self.year, self.as_of, self.known_at)


def region_name(code: str) -> str:
    return region_names(code)[0]


def area_text(region: str | None) -> str:
    code = region or PROVINCE
    return f"{region_name(code)}（{code}）"


def vintage_row(which: str, period: str, moment: datetime) -> tuple[str, str]:
    """The meta row of a download showing a reporting period's vouched-for figures."""
    at = moment.astimezone(OFFICE_ZONE).strftime("%Y-%m-%d %H:%M:%S")
    step_zh, step_en = ("审核通过", "approved") if which == "approved" else ("报送", "submitted")
    return ("数字版本（Vintage）", f"报送期 {period} {step_zh}时的数字（{at} 北京时间）；"
                                  f"the figures of period {period} as {step_en} ({at} Beijing time)")


def meta_block(title: tuple[str, str], period: Period, area: str, *more: tuple[str, Any]) -> list[Any]:
    """The title, then (label, value) rows: what the table shows and when it was made."""
    rows: list[Any] = [f"{title[0]}；{title[1]}", ("年度（Year）", period.year), ("地区（Region）", area),
                       ("截至日期（As of）", period.as_of)]
    if period.as_of_clamped:
        rows.append(("所请求的截至日期（As of requested）", period.as_of_requested,
                     "晚于今天（北京时间），按今天计算；after today (Beijing time): counted to today"))
    rows += [("数据时点（Known at）", period.known_at), ("生成时间（Generated at）", datetime.now(OFFICE_ZONE)), *more,
             ("说明（Note）", "时间均为北京时间（UTC+08:00）；比例以百分数显示。"
                            "Times are Beijing time (UTC+08:00); shares are shown as percentages.")]
    return rows
