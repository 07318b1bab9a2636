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
  the latest change) the calculators count the records themselves (the exact path in yearly_targets.py and t04.py).

Each summary read is one statement (one snapshot), mark included, so a batch committed meanwhile cannot make
the mark and the figures disagree. The rules here restate, row by row, the filters of the exact queries in
yearly_targets.py and t04.py; tests/projection/test_property.py checks both paths against a plain oracle.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Iterable, Mapping, Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from kernel.projection.bulk import unnest

from projection.attainment.summary_tables import (  # noqa: F401 - also read as summaries.<name>
    NATIONAL_LEVELS,
    PROVINCE_SCOPE,
    SERIES,
    SERIES_OF_TABLE,
    SLOTS,
    SUMMARY_TABLES,
    Series,
    center_months,
    first_of_month,
    firsts,
    marks,
    scopes_of,
    sums,
)


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
        for key in ((target, scope, "day", day), (target, scope, "month", first_of_month(day))):
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
                for scope in scopes_of(row["region"]):
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
        for scope in scopes_of(row["region"]):
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
                month = months[day] = first_of_month(day)
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
        for scope in scopes_of(region):
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


from projection.attainment.summary_reads import (  # noqa: E402,F401 - read as summaries.<name>
    usable,
    read_ahead,
    monthly_figures,
    center_month_services,
)
