"""The seven yearly targets, one declaration each: the query of its monthly figures, the query of the records
behind it, how its figures make its result, and the fields its records show (the machinery: `yearly`)."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from projection.attainment.catalogue import CATALOGUE
from projection.attainment.yearly import IN_YEAR, KNOWN, MONTH, Result, Yearly, rounded, share


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
