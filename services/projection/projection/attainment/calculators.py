"""Turns each catalogue entry into figures for a period and an area."""

from __future__ import annotations

from typing import Any, Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncConnection

from kernel.domain.regions import PROVINCE
from projection.attainment import t04
from projection.attainment.catalogue import CATALOGUE, Target
from projection.attainment.period import Period
from projection.attainment.schemas import TargetAttainment, Title

Calculator = Callable[[AsyncConnection, Period, str | None], Awaitable[tuple[TargetAttainment, dict[str, Any]]]]


def _attainment(target: Target, region: str | None, actual, status, detail) -> TargetAttainment:
    applies = region is None or target.regional
    return TargetAttainment(
        id=target.id,
        measure=target.measure,
        title=Title(zh=target.title_zh, en=target.title_en),
        actual=actual,
        threshold=target.threshold if applies else None,
        comparator=target.comparator,
        status=status if applies else None,
        detail=detail,
    )


async def t04_attainment(conn: AsyncConnection, period: Period, region: str | None):
    figures = await t04.compute(conn, period, region)
    detail = {
        "center_months_due": figures.due,
        "center_months_met": figures.met,
        "centers": len(figures.centers),
        "current_month_due": figures.open_due,
        "current_month_unmet": figures.open_unmet,
    }
    summary = _attainment(CATALOGUE["T04"], region, figures.actual, t04.status(figures, period), detail)
    grid = {"centers": [c.__dict__ for c in figures.centers]}
    return summary, grid


CALCULATORS: dict[str, Calculator] = {"T04": t04_attainment}


def area(region: str | None) -> str | None:
    """The province is every region: no filter."""
    return None if region in (None, PROVINCE) else region
