"""Attainment summaries: per target, area and day the figures a report adds up, kept as events are applied.

`GET /v1/attainment` would otherwise count every record of the year on each request. Instead, the read models
of the targets hand each batch's changes here (the rows they inserted and the rows they retracted, as their
statements returned them), and these tables follow in the same transaction:

- `rm_attainment_sums`: per target, scope (a division's code, or '' for the province) and day, the target's
  additive figures (`v1`..`v5`, named per target in `SERIES`), once per day (grain `day`) and once per month
  (grain `month`, on the month's first day). A report to `as_of` adds the month rows of the months before
  as_of's month and the day rows of that month: at most 12 + 31 rows.
- distinct enterprises (T11's enterprises and private enterprises, T20's private enterprises visited) count
  once, on the day an enterprise first counts in the year: `rm_attainment_firsts` keeps that day per target,
  scope, year, figure and enterprise (recomputed from the records of each enterprise a batch touches), and
  the figure in `rm_attainment_sums` is the number of enterprises whose first day it is.
- T04 needs, per center and month, whether a private enterprise was served by as_of: `rm_t04_center_months`
  keeps per (region, center, month) the services that count and the first day one was given.
- `rm_attainment_marks`: per target, scope and year, the latest moment (`recorded_at` of a record, or of its
  retraction) that changed any of the above. The summaries hold every record as known now; they answer a
  report as known at `known_at` exactly when no change recorded after `known_at` touched the year: then the
  records known at `known_at` are exactly the records known now. Otherwise (a `known_at` in the past, before
  the latest change) the calculators count the records themselves (the exact path in yearly.py and t04.py).

Each summary read is one statement (one snapshot), mark included, so a batch committed meanwhile cannot make
the mark and the figures disagree. The rules here restate, row by row, the filters of the exact queries in
yearly.py and t04.py; tests/projection/test_property.py checks both paths against a plain oracle.
"""

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


def _month(day: date) -> date:
    return day.replace(day=1)


def _scopes(region: str) -> tuple[str, str]:
    return (region, PROVINCE_SCOPE)


# --- keeping them: each batch's changes --------------------------------------------------------------------

_ADD_SUMS = text(
    f"""
    INSERT INTO rm_attainment_sums AS t (target, scope, grain, day, v1, v2, v3, v4, v5)
    SELECT * FROM {unnest(sums, ("target", "scope", "grain", "day", "v1", "v2", "v3", "v4", "v5"))}
    ON CONFLICT (target, scope, grain, day) DO UPDATE SET
      v1 = t.v1 + excluded.v1, v2 = t.v2 + excluded.v2, v3 = t.v3 + excluded.v3, v4 = t.v4 + excluded.v4,
      v5 = t.v5 + excluded.v5
    """
)
_MARK = text(
    f"""
    INSERT INTO rm_attainment_marks AS t (target, scope, year, changed_at)
    SELECT * FROM {unnest(marks, ("target", "scope", "year", "changed_at"))}
    ON CONFLICT (target, scope, year) DO UPDATE SET changed_at = greatest(t.changed_at, excluded.changed_at)
    """
)
_OLD_FIRSTS = text(
    "SELECT scope, year, figure, uscc, first_day FROM rm_attainment_firsts "
    "WHERE target = :target AND uscc = ANY(CAST(:usccs AS text[]))"
)
_SET_FIRSTS = text(
    f"""
    INSERT INTO rm_attainment_firsts AS t (target, scope, year, figure, uscc, first_day)
    SELECT * FROM {unnest(firsts, ("target", "scope", "year", "figure", "uscc", "first_day"))}
    ON CONFLICT (target, scope, year, figure, uscc) DO UPDATE SET first_day = excluded.first_day
    """
)
_DROP_FIRSTS = text(
    f"""
    DELETE FROM rm_attainment_firsts AS t USING {unnest(firsts, ("target", "scope", "year", "figure", "uscc"), "k")}
    WHERE t.target = k.target AND t.scope = k.scope AND t.year = k.year AND t.figure = k.figure AND t.uscc = k.uscc
    """
)


class Changes:
    """Deltas of one batch, added up in memory and written with one statement per table."""

    def __init__(self) -> None:
        self.sums: dict[tuple[str, str, str, date], list[int]] = {}
        self.marks: dict[tuple[str, str, int], datetime] = {}

    def add(self, target: str, scope: str, day: date, slot_values: Iterable[tuple[int, int]]) -> None:
        for key in ((target, scope, "day", day), (target, scope, "month", _month(day))):
            vector = self.sums.get(key)
            if vector is None:
                vector = self.sums[key] = [0] * SLOTS
            for slot, value in slot_values:
                vector[slot] += value

    def mark(self, target: str, scope: str, year: int, moment: datetime) -> None:
        key = (target, scope, year)
        if key not in self.marks or self.marks[key] < moment:
            self.marks[key] = moment

    async def write(self, conn: AsyncConnection) -> None:
        rows = [(k, v) for k, v in self.sums.items() if any(v)]
        if rows:
            params: dict[str, list] = {"target": [], "scope": [], "grain": [], "day": []}
            for i in range(1, SLOTS + 1):
                params[f"v{i}"] = []
            for (target, scope, grain, day), vector in rows:
                params["target"].append(target)
                params["scope"].append(scope)
                params["grain"].append(grain)
                params["day"].append(day)
                for i, value in enumerate(vector, start=1):
                    params[f"v{i}"].append(value)
            await conn.execute(_ADD_SUMS, params)
        if self.marks:
            keys = sorted(self.marks)
            await conn.execute(_MARK, {
                "target": [k[0] for k in keys], "scope": [k[1] for k in keys], "year": [k[2] for k in keys],
                "changed_at": [self.marks[k] for k in keys],
            })


async def count_records(conn: AsyncConnection, table: str, inserted: Sequence[Mapping[str, Any]],
                        retracted: Sequence[Mapping[str, Any]]) -> None:
    """A target read model's batch: `inserted` rows now count, `retracted` rows (with `retracted_at`) no longer.
    Rows are mappings of the table's columns."""
    series_list = SERIES_OF_TABLE.get(table, [])
    if not series_list or not (inserted or retracted):
        return
    changes = Changes()
    for series in series_list:
        touched: set[tuple[str, int, str]] = set()  # (scope, year, uscc) whose first days may move
        for rows, sign, moment in ((inserted, 1, "recorded_at"), (retracted, -1, "retracted_at")):
            for row in rows:
                counts = series.counts(row)
                if counts is None:
                    continue
                day, year = row["occurred_on"], row["occurred_on"].year
                values = [(i, sign * int(v or 0)) for i, v in enumerate(counts)]
                for scope in _scopes(row["region"]):
                    changes.add(series.target, scope, day, values)
                    changes.mark(series.target, scope, year, row[moment])
                    if series.firsts:
                        touched.add((scope, year, row["uscc"]))
        if touched:
            await _move_firsts(conn, series, touched, changes)
    await changes.write(conn)


async def _move_firsts(conn: AsyncConnection, series: Series, touched: set[tuple[str, int, str]], changes: Changes) -> None:
    """Recompute the first days of the touched enterprises from their records, and move the counts that changed."""
    usccs = sorted({uscc for _, _, uscc in touched})
    live = await conn.execute(
        text(f"SELECT * FROM {series.table} WHERE uscc = ANY(CAST(:usccs AS text[])) AND retracted_at IS NULL"),
        {"usccs": usccs},
    )
    new: dict[tuple[str, int, str, str], date] = {}
    for row in live.mappings():
        if series.counts(row) is None:
            continue
        day = row["occurred_on"]
        for scope in _scopes(row["region"]):
            if (scope, day.year, row["uscc"]) not in touched:
                continue
            for figure, counts_here in series.firsts.items():
                if counts_here(row):
                    key = (scope, day.year, figure, row["uscc"])
                    if key not in new or day < new[key]:
                        new[key] = day
    old = {
        (r.scope, r.year, r.figure, r.uscc): r.first_day
        for r in await conn.execute(_OLD_FIRSTS, {"target": series.target, "usccs": usccs})
        if (r.scope, r.year, r.uscc) in touched
    }
    moved, dropped = [], []
    for key in old.keys() | new.keys():
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        scope, _, figure, _ = key
        slot = series.slot(figure)
        if before is not None:
            changes.add(series.target, scope, before, [(slot, -1)])
        if after is not None:
            changes.add(series.target, scope, after, [(slot, 1)])
            moved.append((series.target, *key, after))
        else:
            dropped.append((series.target, *key))
    if moved:
        await conn.execute(_SET_FIRSTS, {
            name: [m[i] for m in moved] for i, name in enumerate(("target", "scope", "year", "figure", "uscc", "first_day"))
        })
    if dropped:
        await conn.execute(_DROP_FIRSTS, {
            name: [d[i] for d in dropped] for i, name in enumerate(("target", "scope", "year", "figure", "uscc"))
        })


_ADD_CENTER_MONTHS = text(
    f"""
    INSERT INTO rm_t04_center_months AS t (region, center_id, month, services, first_day)
    SELECT * FROM {unnest(center_months, ("region", "center_id", "month", "services", "first_day"))}
    ON CONFLICT (region, center_id, month) DO UPDATE SET
      services = t.services + excluded.services, first_day = least(t.first_day, excluded.first_day)
    """
)
# a retracted service that was a center-month's first: the next one (or none) is now the first
_REFIRST_CENTER_MONTHS = text(
    f"""
    UPDATE rm_t04_center_months AS t SET first_day = (
        SELECT min(s.occurred_on) FROM rm_onsite_services AS s
        WHERE s.center_id = t.center_id AND s.region = t.region AND s.private_enterprises > 0
          AND s.retracted_at IS NULL
          AND s.occurred_on >= t.month AND s.occurred_on < CAST(t.month + interval '1 month' AS date))
    FROM {unnest(center_months, ("region", "center_id", "month", "first_day"), "r")}
    WHERE t.region = r.region AND t.center_id = r.center_id AND t.month = r.month
      AND (t.first_day = r.first_day OR t.services <= 0)
    """
)


async def count_services(conn: AsyncConnection, inserted: Sequence[Mapping[str, Any]], retracted: Sequence[Mapping[str, Any]]) -> None:
    """T04: on-site services inserted and retracted by a batch (mappings of rm_onsite_services' columns)."""
    delta: dict[tuple[str, str, date], list] = {}  # key -> [services, first day among the inserted]
    refirst: set[tuple[str, str, date, date]] = set()  # (key, day) of each retracted service
    latest: dict[tuple[str, int], datetime] = {}  # (region, year) -> the latest moment of a change
    months: dict[date, date] = {}
    for rows, sign, moment in ((inserted, 1, "recorded_at"), (retracted, -1, "retracted_at")):
        for row in rows:
            if row["private_enterprises"] <= 0:
                continue
            day, region = row["occurred_on"], row["region"]
            month = months.get(day)
            if month is None:
                month = months[day] = _month(day)
            key = (region, row["center_id"], month)
            entry = delta.get(key)
            if entry is None:
                entry = delta[key] = [0, None]
            entry[0] += sign
            if sign > 0:
                if entry[1] is None or day < entry[1]:
                    entry[1] = day
            else:
                refirst.add((*key, day))
            at, mark = row[moment], (region, day.year)
            if mark not in latest or latest[mark] < at:
                latest[mark] = at
    changes = Changes()
    for (region, year), at in latest.items():
        for scope in _scopes(region):
            changes.mark("T04", scope, year, at)
    if delta:
        keys = sorted(delta)
        await conn.execute(_ADD_CENTER_MONTHS, {
            "region": [k[0] for k in keys], "center_id": [k[1] for k in keys], "month": [k[2] for k in keys],
            "services": [delta[k][0] for k in keys], "first_day": [delta[k][1] for k in keys],
        })
    if refirst:
        pairs = sorted(refirst)
        await conn.execute(_REFIRST_CENTER_MONTHS, {
            "region": [p[0] for p in pairs], "center_id": [p[1] for p in pairs], "month": [p[2] for p in pairs],
            "first_day": [p[3] for p in pairs],
        })
    await changes.write(conn)


async def clear(conn: AsyncConnection, targets: Iterable[str]) -> None:
    targets = list(targets)
    for table in ("rm_attainment_sums", "rm_attainment_marks", "rm_attainment_firsts"):
        await conn.execute(text(f"DELETE FROM {table} WHERE target = ANY(CAST(:t AS text[]))"), {"t": targets})
    if "T04" in targets:
        await conn.execute(text("DELETE FROM rm_t04_center_months"))


# --- reading them ------------------------------------------------------------------------------------------

def usable(changed_at: datetime | None, known_at: datetime) -> bool:
    """Whether the summaries answer as known at `known_at`: nothing they hold was recorded after it."""
    return changed_at is None or changed_at <= known_at


_READ_SUMS = text(
    """
    SELECT 'mark' AS grain, NULL::date AS day, max(changed_at) AS changed_at,
           0::bigint AS v1, 0::bigint AS v2, 0::bigint AS v3, 0::bigint AS v4, 0::bigint AS v5
    FROM rm_attainment_marks WHERE target = :target AND scope = :scope AND year = ANY(CAST(:years AS integer[]))
    UNION ALL
    SELECT grain, day, NULL, v1, v2, v3, v4, v5 FROM rm_attainment_sums
    WHERE target = :target AND scope = :scope AND (
          (grain = 'month' AND day >= :start AND day < :month_start)
       OR (grain = 'day' AND day >= :day_from AND day <= :until)
       OR (:baseline AND grain = 'month' AND day BETWEEN :previous_start AND :previous_end))
    """
)


# every yearly target at once (a report of all targets): the same rows as _READ_SUMS, by target
_READ_ALL_SUMS = text(
    """
    SELECT target, 'mark' AS grain, NULL::date AS day, max(changed_at) AS changed_at,
           0::bigint AS v1, 0::bigint AS v2, 0::bigint AS v3, 0::bigint AS v4, 0::bigint AS v5
    FROM rm_attainment_marks
    WHERE target = ANY(CAST(:targets AS text[])) AND scope = :scope
      AND (year = :year OR (year = :year - 1 AND target = ANY(CAST(:baseline AS text[]))))
    GROUP BY target
    UNION ALL
    SELECT target, grain, day, NULL, v1, v2, v3, v4, v5 FROM rm_attainment_sums
    WHERE target = ANY(CAST(:targets AS text[])) AND scope = :scope AND (
          (grain = 'month' AND day >= :start AND day < :month_start)
       OR (grain = 'day' AND day >= :day_from AND day <= :until)
       OR (target = ANY(CAST(:baseline AS text[])) AND grain = 'month' AND day BETWEEN :previous_start AND :previous_end))
    """
)
_READ_AHEAD = "attainment_summaries_read_ahead"


def _ranges(start: date, until: date) -> dict[str, Any]:
    month_start = _month(until)
    return {"start": start, "month_start": month_start, "day_from": max(month_start, start), "until": until,
            "previous_start": date(start.year - 1, 1, 1), "previous_end": date(start.year - 1, 12, 31)}


def _figures(series: Series, start: date, rows: Iterable[Any]) -> list[tuple[int, dict[str, int]]]:
    return [
        (row.day.month if row.day >= start else 0, dict(zip(series.figures, (row.v1, row.v2, row.v3, row.v4, row.v5))))
        for row in rows
    ]


class read_ahead:
    """`async with read_ahead(conn, start, until, region):` reads every yearly target's summaries in one
    statement; `monthly_figures` on this connection for the same days and area then answers from it."""

    def __init__(self, conn: AsyncConnection, start: date, until: date, region: str | None) -> None:
        self.conn, self.key = conn, (start, until, region)

    async def __aenter__(self) -> "read_ahead":
        start, until, region = self.key
        params = {
            "targets": list(SERIES), "baseline": [t for t, s in SERIES.items() if s.baseline],
            "scope": PROVINCE_SCOPE if region is None else region, "year": start.year, **_ranges(start, until),
        }
        found: dict[str, tuple[datetime | None, list]] = {t: (None, []) for t in SERIES}
        for row in await self.conn.execute(_READ_ALL_SUMS, params):
            changed_at, rows = found[row.target]
            if row.grain == "mark":
                found[row.target] = (row.changed_at, rows)
            else:
                rows.append(row)
        self.conn.info[_READ_AHEAD] = (self.key, found)
        return self

    async def __aexit__(self, *exc) -> None:
        self.conn.info.pop(_READ_AHEAD, None)


async def monthly_figures(
    conn: AsyncConnection, target: str, start: date, until: date, known_at: datetime, region: str | None
) -> list[tuple[int, dict[str, int]]] | None:
    """A yearly target's figures per month of `start`'s year up to `until` (month 0: the previous year, for a
    target with a baseline), from the summaries; None when they cannot answer as known at `known_at`."""
    series = SERIES[target]
    ahead = conn.info.get(_READ_AHEAD)
    if ahead is not None and ahead[0] == (start, until, region):
        changed_at, rows = ahead[1][target]
        return _figures(series, start, rows) if usable(changed_at, known_at) else None
    params = {
        "target": target, "scope": PROVINCE_SCOPE if region is None else region,
        "years": [start.year - 1, start.year] if series.baseline else [start.year],
        "baseline": series.baseline, **_ranges(start, until),
    }
    rows = (await conn.execute(_READ_SUMS, params)).all()
    if not usable(rows[0].changed_at, known_at):
        return None
    return _figures(series, start, rows[1:])


_READ_CENTER_MONTHS = """
SELECT NULL AS center_id, NULL::date AS month, 0 AS services, NULL::date AS first_day, max(changed_at) AS changed_at
FROM rm_attainment_marks WHERE target = 'T04' AND scope = :scope AND year = :year
UNION ALL
SELECT center_id, month, services, first_day, NULL FROM rm_t04_center_months
WHERE month BETWEEN :start AND :until {region}
"""


async def center_month_services(
    conn: AsyncConnection, start: date, until: date, known_at: datetime, region: str | None
) -> dict[tuple[str, int], int] | None:
    """T04: per (center, month) of the year up to `until`, whether a service to private enterprises counts by
    `until` (its number for a whole month, 1 for the month `until` is in); None when the summaries cannot
    answer as known at `known_at`."""
    params: dict[str, Any] = {"scope": PROVINCE_SCOPE if region is None else region, "year": start.year,
                              "start": start, "until": until}
    region_filter = ""
    if region is not None:
        params["region"] = region
        region_filter = "AND region = :region"
    rows = (await conn.execute(text(_READ_CENTER_MONTHS.format(region=region_filter)), params)).all()
    if not usable(rows[0].changed_at, known_at):
        return None
    counts: dict[tuple[str, int], int] = {}
    for row in rows[1:]:
        if row.first_day is None or row.first_day > until or row.services <= 0:
            continue
        whole = row.month < _month(until)  # a month before until's: every service of it counts
        key = (row.center_id, row.month.month)
        counts[key] = counts.get(key, 0) + (row.services if whole else 1)
    return counts
