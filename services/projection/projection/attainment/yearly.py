"""The yearly targets T09a, T09b, T11, T19, T20, T22a, T22b: one query per target, figures for any day of the year.

Each target has one aggregate query that returns, per month of the year, additive figures of the records that
count (dated from 1 January to a last day, as known at `known_at`, in a region or the province); a figure that
is not additive across months (distinct enterprises) is counted in the month the enterprise first appears.
Month 0 holds a baseline from outside the year (T11: the whole previous year). Summing months 1..m gives the
figures at the end of month m, so the same query serves a report (one `as_of`) and the timeline (every month).

A second query per target lists the records behind the figure, for `GET /v1/attainment/{target_id}`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any, Callable

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from projection.attainment import summaries
from projection.attainment.catalogue import CATALOGUE, Target
from projection.attainment.period import Period
from projection.attainment.status import Status, count_status, share_status

NATIONAL_LEVELS = summaries.NATIONAL_LEVELS

# a record counts as known at known_at: recorded by then, and not retracted by then
KNOWN = "recorded_at <= :known_at AND (retracted_at IS NULL OR retracted_at > :known_at)"
IN_YEAR = "occurred_on BETWEEN :start AND :until"
MONTH = "extract(month FROM occurred_on)::int"


@dataclass
class Monthly:
    """Per month (1-12) the additive figures; month 0 is the baseline outside the year."""

    months: dict[int, Counter] = field(default_factory=dict)

    def add(self, month: int, values: dict[str, Any]) -> None:
        bucket = self.months.setdefault(month, Counter())
        for name, value in values.items():
            if value:
                bucket[name] += int(value)

    def through(self, month: int) -> Counter:
        total: Counter = Counter()
        for m, values in self.months.items():
            if 1 <= m <= month:
                total.update(values)
        return total

    @property
    def baseline(self) -> Counter:
        return self.months.get(0, Counter())


@dataclass
class Result:
    """A target's figures at one day: what is reported, and the exact values the status is decided on."""

    actual: float | int | None
    threshold: float | int | None
    detail: dict[str, Any]
    exact: Fraction | None = None  # shares: the exact actual
    exact_threshold: Fraction | None = None


def share(part: int, whole: int) -> Fraction | None:
    return Fraction(part, whole) if whole else None


def rounded(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 4)


@dataclass(frozen=True)
class Yearly:
    target: Target
    monthly_sql: str  # columns: month and additive figures; params start, until, known_at, region, previous_start, previous_end, levels
    records_sql: str  # columns: id, day, region, recorded_at and the facts of the record
    figures: Callable[[Counter, Counter], Result]  # (figures through as_of, baseline) -> Result
    facts: tuple[str, ...] = ()  # record columns reported as facts

    @property
    def id(self) -> str:
        return self.target.id

    def status(self, result: Result, period: Period) -> Status:
        target = self.target
        if target.kind == "count":
            return count_status(
                actual=result.actual or 0, threshold=result.threshold, started=period.started,
                year_over=period.year_over, elapsed_fraction=period.elapsed_fraction,
            )
        holds = None
        if result.exact is not None and result.exact_threshold is not None:
            holds = result.exact > result.exact_threshold if target.comparator == ">" else result.exact >= result.exact_threshold
        return share_status(holds=holds, started=period.started, year_over=period.year_over)

    def pro_rata(self, result: Result, period: Period) -> float | None:
        """The line a chart draws: for a count, the threshold times the elapsed fraction; for a share, the threshold."""
        if result.threshold is None:
            return None
        if self.target.kind == "count":
            return round(result.threshold * period.elapsed_fraction, 4)
        return result.threshold

    async def monthly(self, conn: AsyncConnection, period: Period, region: str | None, *, exact: bool = False) -> Monthly:
        """One query: the figures by month up to `period.as_of`, and the baseline (which a period that has not
        started yet still has: T11's threshold is the whole previous year).

        From the attainment summaries (a few dozen rows) when they answer as known at `period.known_at`, as
        they do for the default `known_at` (now); else, or when `exact`, by counting the records."""
        monthly = Monthly()
        if not exact:
            found = await summaries.monthly_figures(conn, self.id, period.start, period.as_of, period.known_at, region)
            if found is not None:
                for month, values in found:
                    monthly.add(month, values)
                return monthly
        rows = await conn.execute(text(_with_region(self.monthly_sql, region)), _params(period, region))
        for row in rows:
            values = dict(row._mapping)
            monthly.add(values.pop("month"), values)
        return monthly

    def evaluate(self, monthly: Monthly, period: Period) -> Result:
        through = period.as_of.month if period.started else 0
        return self.figures(monthly.through(through), monthly.baseline)

    async def records(self, conn: AsyncConnection, period: Period, region: str | None) -> list[dict]:
        rows = await conn.execute(text(_with_region(self.records_sql, region)), _params(period, region))
        return [
            {"id": r.id, "date": r.day, "region": r.region, "recorded_at": r.recorded_at,
             "facts": {name: getattr(r, name) for name in self.facts}}
            for r in rows
        ]


def _with_region(sql: str, region: str | None) -> str:
    return sql.format(region="AND region = :region" if region is not None else "")


def _params(period: Period, region: str | None) -> dict[str, Any]:
    params: dict[str, Any] = {
        "start": period.start, "until": period.as_of, "known_at": period.known_at,
        "previous_start": date(period.year - 1, 1, 1), "previous_end": date(period.year - 1, 12, 31),
        "levels": list(NATIONAL_LEVELS),
    }
    if region is not None:
        params["region"] = region
    return params


# --- T09a: matchmaking events ------------------------------------------------------------------------------

def _t09a(c: Counter, _: Counter) -> Result:
    target = CATALOGUE["T09a"]
    return Result(c["events"], target.threshold, {"events": c["events"], "stretch": target.stretch,
                                                  "enterprises_attending": c["enterprises"],
                                                  "private_enterprises_attending": c["private_enterprises"]})


T09A = Yearly(
    CATALOGUE["T09a"],
    f"""
    SELECT {MONTH} AS month, count(*) AS events, sum(enterprises)::bigint AS enterprises,
           sum(private_enterprises)::bigint AS private_enterprises
    FROM rm_target_matchmaking_events WHERE {IN_YEAR} AND {KNOWN} {{region}}
    GROUP BY 1
    """,
    f"""
    SELECT record_id AS id, occurred_on AS day, region, recorded_at, enterprises, private_enterprises
    FROM rm_target_matchmaking_events WHERE {IN_YEAR} AND {KNOWN} {{region}}
    ORDER BY occurred_on, record_id
    """,
    _t09a,
    ("enterprises", "private_enterprises"),
)


# --- T09b: private share of pledge-financing projects -----------------------------------------------------

def _t09b(c: Counter, _: Counter) -> Result:
    target = CATALOGUE["T09b"]
    count_share = share(c["private_projects"], c["projects"])
    amount_share = share(c["private_amount_cny"], c["amount_cny"])
    detail = {
        "projects": c["projects"], "private_projects": c["private_projects"],
        "amount_cny": c["amount_cny"], "private_amount_cny": c["private_amount_cny"],
        "amount_share": rounded(amount_share),
    }
    return Result(rounded(count_share), target.threshold, detail, count_share, Fraction(target.threshold))


T09B = Yearly(
    CATALOGUE["T09b"],
    f"""
    SELECT {MONTH} AS month, count(*) AS projects, count(*) FILTER (WHERE private) AS private_projects,
           sum(amount_cny)::bigint AS amount_cny,
           coalesce(sum(amount_cny) FILTER (WHERE private), 0)::bigint AS private_amount_cny
    FROM rm_target_pledge_projects WHERE {IN_YEAR} AND {KNOWN} {{region}}
    GROUP BY 1
    """,
    f"""
    SELECT record_id AS id, occurred_on AS day, region, recorded_at, uscc, private, amount_cny
    FROM rm_target_pledge_projects WHERE {IN_YEAR} AND {KNOWN} {{region}}
    ORDER BY occurred_on, record_id
    """,
    _t09b,
    ("uscc", "private", "amount_cny"),
)


# --- T11: private share among national recognitions, against the previous year ----------------------------

def _t11(c: Counter, baseline: Counter) -> Result:
    current = share(c["private_enterprises"], c["enterprises"])
    previous = share(baseline["private_enterprises"], baseline["enterprises"])
    # no national recognition the year before: its private share is taken as 0 (see the catalogue rule)
    threshold = previous if previous is not None else Fraction(0)
    detail = {
        "recognitions": c["recognitions"], "enterprises": c["enterprises"],
        "private_enterprises": c["private_enterprises"],
        "previous_year_recognitions": baseline["recognitions"], "previous_year_enterprises": baseline["enterprises"],
        "previous_year_private_enterprises": baseline["private_enterprises"], "previous_year_share": rounded(previous),
    }
    return Result(rounded(current), rounded(threshold), detail, current, threshold)


T11 = Yearly(
    CATALOGUE["T11"],
    f"""
    WITH counted AS (
        SELECT uscc, private, occurred_on FROM rm_target_recognitions
        WHERE level = ANY(:levels) AND {KNOWN} {{region}}
          AND (occurred_on BETWEEN :previous_start AND :previous_end OR occurred_on BETWEEN :start AND :until)
    ),
    firsts AS (
        SELECT uscc, min({MONTH}) AS month, min({MONTH}) FILTER (WHERE private) AS private_month
        FROM counted WHERE occurred_on >= :start GROUP BY uscc
    )
    SELECT month, count(*) AS enterprises, 0 AS private_enterprises, 0 AS recognitions FROM firsts GROUP BY month
    UNION ALL
    SELECT private_month, 0, count(*), 0 FROM firsts WHERE private_month IS NOT NULL GROUP BY private_month
    UNION ALL
    SELECT {MONTH}, 0, 0, count(*) FROM counted WHERE occurred_on >= :start GROUP BY 1
    UNION ALL
    SELECT 0, count(DISTINCT uscc), count(DISTINCT uscc) FILTER (WHERE private), count(*)
    FROM counted WHERE occurred_on < :start
    """,
    f"""
    SELECT record_id AS id, occurred_on AS day, region, recorded_at, uscc, private, level,
           occurred_on < :start AS previous_year
    FROM rm_target_recognitions
    WHERE level = ANY(:levels) AND {KNOWN} {{region}}
      AND (occurred_on BETWEEN :previous_start AND :previous_end OR occurred_on BETWEEN :start AND :until)
    ORDER BY occurred_on, record_id
    """,
    _t11,
    ("uscc", "private", "level", "previous_year"),
)


# --- T19: patent-fee-reduction briefings for private enterprises ------------------------------------------

def _t19(c: Counter, _: Counter) -> Result:
    target = CATALOGUE["T19"]
    return Result(c["briefings"], target.threshold, {"briefings": c["briefings"], "stretch": target.stretch,
                                                     "attendance": c["attendance"]})


_BRIEFINGS = "topic = 'patent_fee_reduction' AND audience = 'private_enterprises'"

T19 = Yearly(
    CATALOGUE["T19"],
    f"""
    SELECT {MONTH} AS month, count(*) AS briefings, sum(attendance)::bigint AS attendance
    FROM rm_target_briefings WHERE {_BRIEFINGS} AND {IN_YEAR} AND {KNOWN} {{region}}
    GROUP BY 1
    """,
    f"""
    SELECT record_id AS id, occurred_on AS day, region, recorded_at, topic, audience, attendance
    FROM rm_target_briefings WHERE {_BRIEFINGS} AND {IN_YEAR} AND {KNOWN} {{region}}
    ORDER BY occurred_on, record_id
    """,
    _t19,
    ("topic", "audience", "attendance"),
)


# --- T20: examiner and attorney person-times on visits to private enterprises -----------------------------

def _t20(c: Counter, _: Counter) -> Result:
    target = CATALOGUE["T20"]
    detail = {"person_times": c["person_times"], "visits": c["visits"], "examiners": c["examiners"],
              "attorneys": c["attorneys"], "private_enterprises_visited": c["enterprises"]}
    return Result(c["person_times"], target.threshold, detail)


T20 = Yearly(
    CATALOGUE["T20"],
    f"""
    WITH counted AS (
        SELECT uscc, occurred_on, examiners, attorneys, person_times FROM rm_target_examiner_visits
        WHERE private AND {IN_YEAR} AND {KNOWN} {{region}}
    )
    SELECT {MONTH} AS month, count(*) AS visits, sum(person_times)::bigint AS person_times,
           sum(examiners)::bigint AS examiners, sum(attorneys)::bigint AS attorneys, 0 AS enterprises
    FROM counted GROUP BY 1
    UNION ALL
    SELECT month, 0, 0, 0, 0, count(*) FROM (SELECT min({MONTH}) AS month FROM counted GROUP BY uscc) AS firsts
    GROUP BY month
    """,
    f"""
    SELECT record_id AS id, occurred_on AS day, region, recorded_at, uscc, examiners, attorneys, person_times
    FROM rm_target_examiner_visits WHERE private AND {IN_YEAR} AND {KNOWN} {{region}}
    ORDER BY occurred_on, record_id
    """,
    _t20,
    ("uscc", "examiners", "attorneys", "person_times"),
)


# --- T22a, T22b: trainings for private enterprises that were held -----------------------------------------

_TRAININGS = "audience = 'private_enterprises'"


def _t22a(c: Counter, _: Counter) -> Result:
    target = CATALOGUE["T22a"]
    return Result(c["classes"], target.threshold, {"classes": c["classes"], "person_times": c["person_times"]})


def _t22b(c: Counter, _: Counter) -> Result:
    target = CATALOGUE["T22b"]
    detail = {"person_times": c["person_times"], "trainings": c["trainings"],
              "with_wipo_person_times": c["wipo_person_times"], "with_partner_person_times": c["partner_person_times"]}
    return Result(c["person_times"], target.threshold, detail)


T22A = Yearly(
    CATALOGUE["T22a"],
    f"""
    SELECT {MONTH} AS month, count(*) AS classes, sum(person_times)::bigint AS person_times
    FROM rm_target_trainings WHERE {_TRAININGS} AND format = 'class' AND {IN_YEAR} AND {KNOWN} {{region}}
    GROUP BY 1
    """,
    f"""
    SELECT record_id AS id, occurred_on AS day, region, recorded_at, format, partner, person_times
    FROM rm_target_trainings WHERE {_TRAININGS} AND format = 'class' AND {IN_YEAR} AND {KNOWN} {{region}}
    ORDER BY occurred_on, record_id
    """,
    _t22a,
    ("format", "partner", "person_times"),
)

T22B = Yearly(
    CATALOGUE["T22b"],
    f"""
    SELECT {MONTH} AS month, count(*) AS trainings, sum(person_times)::bigint AS person_times,
           coalesce(sum(person_times) FILTER (WHERE partner = 'WIPO'), 0)::bigint AS wipo_person_times,
           coalesce(sum(person_times) FILTER (WHERE partner IS NOT NULL), 0)::bigint AS partner_person_times
    FROM rm_target_trainings WHERE {_TRAININGS} AND {IN_YEAR} AND {KNOWN} {{region}}
    GROUP BY 1
    """,
    f"""
    SELECT record_id AS id, occurred_on AS day, region, recorded_at, format, partner, person_times
    FROM rm_target_trainings WHERE {_TRAININGS} AND {IN_YEAR} AND {KNOWN} {{region}}
    ORDER BY occurred_on, record_id
    """,
    _t22b,
    ("format", "partner", "person_times"),
)

YEARLY: dict[str, Yearly] = {y.id: y for y in (T09A, T09B, T11, T19, T20, T22A, T22B)}
