"""Turns each catalogue entry into figures for a period and an area: a summary, its records, a timeline."""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncConnection

from kernel.domain.dates import OFFICE_ZONE, today
from kernel.domain.regions import PROVINCE
from projection.attainment import t04
from projection.attainment.catalogue import CATALOGUE, Target
from projection.attainment.period import Period, month_bounds
from projection.attainment.schemas import TargetAttainment, TimelinePoint, Title
from projection.attainment.yearly import Yearly
from projection.attainment.yearly_targets import YEARLY


def _attainment(target: Target, region: str | None, actual, threshold, status, detail) -> TargetAttainment:
    applies = region is None or target.regional
    return TargetAttainment(
        id=target.id,
        measure=target.measure,
        title=Title(zh=target.title_zh, en=target.title_en),
        actual=actual,
        threshold=threshold if applies else None,
        comparator=target.comparator,
        status=status if applies else None,
        detail=detail,
    )


class Calculator(Protocol):
    target: Target

    async def summary(self, conn: AsyncConnection, period: Period, region: str | None) -> TargetAttainment: ...

    async def detail(self, conn: AsyncConnection, period: Period, region: str | None) -> tuple[TargetAttainment, dict[str, Any]]: ...

    async def timeline(self, conn: AsyncConnection, period: Period, region: str | None) -> list[TimelinePoint]: ...


def timeline_periods(year: int, known_at, as_of: date | None = None) -> tuple[Period, list[tuple[int, Period, bool]]]:
    """The last day the timeline counts (the year's end, today, the day of known_at or as_of, whichever is first),
    and for each month the period of its point: its last day, or that last counted day in the month it falls in.
    The flag says whether the point is reached (not after the last counted day)."""
    last_day = min(date(year, 12, 31), today(), known_at.astimezone(OFFICE_ZONE).date(), as_of or date(year, 12, 31))
    points = []
    for month in range(1, 13):
        first, last = month_bounds(year, month)
        reached = first <= last_day
        points.append((month, Period(year, min(last, last_day) if reached else last, known_at), reached))
    return Period(year, last_day, known_at), points


def _point(month: int, year: int, period: Period, actual, pro_rata, status, reached: bool) -> TimelinePoint:
    return TimelinePoint(
        month=f"{year}-{month:02d}", as_of=period.as_of, reached=reached,
        actual=actual if reached else None, pro_rata=pro_rata, status=status if reached else None,
    )


class _Callable:
    async def __call__(self, conn: AsyncConnection, period: Period, region: str | None) -> tuple[TargetAttainment, dict[str, Any]]:
        """The summary alone, as `(summary, {})`: the shape callers of the first calculators (the exports) use."""
        return await self.summary(conn, period, region), {}  # type: ignore[attr-defined]


class T04Calculator(_Callable):
    target = CATALOGUE["T04"]

    def _summary(self, figures: t04.T04Figures, period: Period, region: str | None) -> TargetAttainment:
        detail = {
            "center_months_due": figures.due,
            "center_months_met": figures.met,
            "centers": len(figures.centers),
            "current_month_due": figures.open_due,
            "current_month_unmet": figures.open_unmet,
        }
        return _attainment(self.target, region, figures.actual, self.target.threshold, t04.status(figures, period), detail)

    async def summary(self, conn, period, region):
        return self._summary(await t04.compute(conn, period, region), period, region)

    async def detail(self, conn, period, region):
        figures = await t04.compute(conn, period, region, exact=True)  # the centers' months list their services
        extra = {"centers": [c.__dict__ for c in figures.centers], "records": await t04.records(conn, period, region)}
        return self._summary(figures, period, region), extra

    async def timeline(self, conn, period, region):
        whole, points = timeline_periods(period.year, period.known_at, period.as_of)
        data = await t04.load(conn, whole, region)
        out = []
        for month, at, reached in points:
            figures = t04.evaluate(data, at)
            out.append(_point(month, period.year, at, figures.actual, self.target.threshold, t04.status(figures, at), reached))
        return out


class YearlyCalculator(_Callable):
    def __init__(self, yearly: Yearly) -> None:
        self.yearly = yearly
        self.target = yearly.target

    def _summary(self, monthly, period, region) -> TargetAttainment:
        result = self.yearly.evaluate(monthly, period)
        return _attainment(self.target, region, result.actual, result.threshold, self.yearly.status(result, period), result.detail)

    async def summary(self, conn, period, region):
        return self._summary(await self.yearly.monthly(conn, period, region), period, region)

    async def detail(self, conn, period, region):
        summary = await self.summary(conn, period, region)
        return summary, {"records": await self.yearly.records(conn, period, region)}

    async def timeline(self, conn, period, region):
        whole, points = timeline_periods(period.year, period.known_at, period.as_of)
        monthly = await self.yearly.monthly(conn, whole, region)
        applies = region is None or self.target.regional
        out = []
        for month, at, reached in points:
            result = self.yearly.evaluate(monthly, at)
            pro_rata = self.yearly.pro_rata(result, at) if applies else None
            status = self.yearly.status(result, at) if applies else None
            out.append(_point(month, period.year, at, result.actual, pro_rata, status, reached))
        return out


CALCULATORS: dict[str, Calculator] = {
    "T04": T04Calculator(),
    **{target_id: YearlyCalculator(yearly) for target_id, yearly in YEARLY.items()},
}
assert list(CALCULATORS) == list(CATALOGUE), "every catalogue entry has a calculator, in the catalogue's order"


def area(region: str | None) -> str | None:
    """The province is every region: no filter."""
    return None if region in (None, PROVINCE) else region
