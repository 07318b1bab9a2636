"""The attainment summaries' tables and, per yearly target, which read-model rows count with which figures
(see summaries.py for how they are kept and read)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Callable, Iterable, Mapping, Sequence

from sqlalchemy import BigInteger, Column, Date, DateTime, Index, Integer, MetaData, PrimaryKeyConstraint, Table, Text, text
from sqlalchemy.ext.asyncio import AsyncConnection

from kernel.projection.bulk import unnest

PROVINCE_SCOPE = ""
SLOTS = 5  # v1..v5
NATIONAL_LEVELS = ("national_advantage", "national_demonstration")

metadata = MetaData()

sums = Table(
    "rm_attainment_sums",
    metadata,
    Column("target", Text, nullable=False),
    Column("scope", Text, nullable=False),
    Column("grain", Text, nullable=False),  # 'day' or 'month' (then `day` is the month's first day)
    Column("day", Date, nullable=False),
    *[Column(f"v{i}", BigInteger, nullable=False, server_default="0") for i in range(1, SLOTS + 1)],
    PrimaryKeyConstraint("target", "scope", "grain", "day"),
)

marks = Table(
    "rm_attainment_marks",
    metadata,
    Column("target", Text, nullable=False),
    Column("scope", Text, nullable=False),
    Column("year", Integer, nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("target", "scope", "year"),
)

firsts = Table(
    "rm_attainment_firsts",
    metadata,
    Column("target", Text, nullable=False),
    Column("scope", Text, nullable=False),
    Column("year", Integer, nullable=False),
    Column("figure", Text, nullable=False),
    Column("uscc", Text, nullable=False),
    Column("first_day", Date, nullable=False),
    PrimaryKeyConstraint("target", "scope", "year", "figure", "uscc"),
)

center_months = Table(
    "rm_t04_center_months",
    metadata,
    Column("region", Text, nullable=False),
    Column("center_id", Text, nullable=False),
    Column("month", Date, nullable=False),  # the month's first day
    Column("services", Integer, nullable=False),  # services to private enterprises that count (not retracted)
    Column("first_day", Date),  # the first day of one of them; null when there is none
    PrimaryKeyConstraint("region", "center_id", "month"),
    Index("ix_rm_t04_center_months_month", "month"),
)

SUMMARY_TABLES = [sums, marks, firsts, center_months]


# --- what each target counts, row by row -------------------------------------------------------------------

Counts = Callable[[Any], "tuple[int, ...] | None"]


@dataclass(frozen=True)
class Series:
    """One yearly target's summary: which rows of its read-model table count, with which additive figures
    (the first figures), and which figures count distinct enterprises on their first day (the others)."""

    target: str
    table: str
    figures: tuple[str, ...]
    counts: Counts  # a row's additive figures, or None when the row does not count for the target
    firsts: dict[str, Callable[[Any], bool]] = field(default_factory=dict)  # figure -> which counted rows make it
    baseline: bool = False  # reports also read the whole previous year (T11's threshold)

    def slot(self, figure: str) -> int:
        return self.figures.index(figure)


def _private_training(row) -> bool:
    return row["audience"] == "private_enterprises"


SERIES: dict[str, Series] = {
    s.target: s
    for s in [
        Series("T09a", "rm_target_matchmaking_events", ("events", "enterprises", "private_enterprises"),
               lambda r: (1, r["enterprises"], r["private_enterprises"])),
        Series("T09b", "rm_target_pledge_projects", ("projects", "private_projects", "amount_cny", "private_amount_cny"),
               lambda r: (1, int(r["private"]), r["amount_cny"], r["amount_cny"] if r["private"] else 0)),
        Series("T11", "rm_target_recognitions", ("recognitions", "enterprises", "private_enterprises"),
               lambda r: (1,) if r["level"] in NATIONAL_LEVELS else None,
               firsts={"enterprises": lambda r: True, "private_enterprises": lambda r: bool(r["private"])}, baseline=True),
        Series("T19", "rm_target_briefings", ("briefings", "attendance"),
               lambda r: (1, r["attendance"]) if r["topic"] == "patent_fee_reduction" and r["audience"] == "private_enterprises" else None),
        Series("T20", "rm_target_examiner_visits", ("visits", "person_times", "examiners", "attorneys", "enterprises"),
               lambda r: (1, r["person_times"], r["examiners"], r["attorneys"]) if r["private"] else None,
               firsts={"enterprises": lambda r: True}),
        Series("T22a", "rm_target_trainings", ("classes", "person_times"),
               lambda r: (1, r["person_times"]) if _private_training(r) and r["format"] == "class" else None),
        Series("T22b", "rm_target_trainings", ("trainings", "person_times", "wipo_person_times", "partner_person_times"),
               lambda r: (1, r["person_times"], r["person_times"] if r["partner"] == "WIPO" else 0,
                          r["person_times"] if r["partner"] is not None else 0) if _private_training(r) else None),
    ]
}
SERIES_OF_TABLE: dict[str, list[Series]] = {}
for _series in SERIES.values():
    SERIES_OF_TABLE.setdefault(_series.table, []).append(_series)


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def scopes_of(region: str) -> tuple[str, str]:
    return (region, PROVINCE_SCOPE)
