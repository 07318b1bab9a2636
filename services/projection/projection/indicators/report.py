"""The indicators report: every measure's figures, grouped by the seed's seven sections."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncConnection

from projection.attainment.period import Period
from projection.indicators.catalogue import FIGURES_BY_MEASURE, MEASURES, SECTIONS
from projection.indicators.compute import compute


class Title(BaseModel):
    zh: str
    en: str


class MonthValue(BaseModel):
    month: str = Field(examples=["2019-03"])
    value: float | None = Field(description="Null for a month that has not begun by as_of (or, for a median or a rate, a month without records).")


class FigureReport(BaseModel):
    id: str = Field(examples=["M02.turnaround_median"])
    measure: int
    title: Title
    unit: str = Field(examples=["days"])
    aggregation: str = Field(description="count, sum_amount, sum_value, median_value, p90_value, mean_value, distinct_uscc, or stock (a register: what entered minus what left, at each month's end).")
    private_only: bool = Field(description="Counts only records about private enterprises (or for a private-enterprise audience).")
    total: float | None = Field(description="The year up to as_of (for a register: its size at as_of).")
    months: list[MonthValue]
    by_region: dict[str, float | None] = Field(description="The year's figure per division (420000: records kept for the province as a whole).")
    by_category: dict[str, float | None] | None = Field(default=None, description="The year's figure per category (an ownership type, an outcome, a kind).")
    records_known: int = Field(description="Records of this kind known at known_at, in any year and region.")
    note: Title | None = None


class MeasureReport(BaseModel):
    measure: int
    title: Title
    service: str
    figures: list[FigureReport]


class SectionReport(BaseModel):
    number: int
    title: Title
    measures: list[MeasureReport]


class IndicatorReport(BaseModel):
    year: int
    region: str
    as_of: date
    known_at: datetime
    sections: list[SectionReport]


async def build_sections(conn: AsyncConnection, period: Period, region: str | None, measure: int | None) -> list[SectionReport]:
    sections = []
    for section in SECTIONS:
        measures = []
        for number in section.measures:
            if measure is not None and number != measure:
                continue
            figures = []
            for figure in FIGURES_BY_MEASURE[number]:
                values = await compute(conn, figure, period, region)
                figures.append(FigureReport(
                    id=figure.id, measure=number, title=Title(zh=figure.title_zh, en=figure.title_en), unit=figure.unit,
                    aggregation=figure.aggregation, private_only=figure.private_only, total=values.total,
                    months=[MonthValue(month=k, value=v) for k, v in values.months], by_region=values.by_region,
                    by_category=values.by_category, records_known=values.records_known,
                    note=Title(**values.note) if values.note else None,
                ))
            m = MEASURES[number]
            measures.append(MeasureReport(measure=number, title=Title(zh=m.title_zh, en=m.title_en), service=m.service, figures=figures))
        if measures:
            sections.append(SectionReport(number=section.number, title=Title(zh=section.title_zh, en=section.title_en), measures=measures))
    return sections
