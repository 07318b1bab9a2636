"""The demo year's plan, checked without servers: deterministic, complete, and valid for every endpoint it uses."""

from __future__ import annotations

import importlib
import re
from collections import Counter
from datetime import date, datetime, timezone

import pytest

from ipo_clients.demo.plan import Plan, Ref
from ipo_clients.demo.year import SERVICES, idempotency_key, plan_year
from kernel.domain.enterprise import uscc_problem
from kernel.domain.regions import REGION_NAMES

YEAR = 2024


def post_routes(service: str) -> list[tuple[re.Pattern, str, type | None]]:
    """Each POST endpoint of a service: its path as a pattern, its path, and its request model."""
    routes = []
    for router in importlib.import_module(f"{service}.api").routers:
        for route in router.routes:
            if "POST" in getattr(route, "methods", ()) and not route.path.startswith("/v1/import"):
                model = route.dependant.body_params[0].field_info.annotation if route.dependant.body_params else None
                routes.append((re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", route.path) + "$"), route.path, model))
    return routes


def placeholder_ids(value):
    if isinstance(value, Ref):
        return f"id-from-{value.seq}"
    if isinstance(value, dict):
        return {k: placeholder_ids(v) for k, v in value.items()}
    if isinstance(value, list):
        return [placeholder_ids(v) for v in value]
    return value


def enterprises_in(value):
    if isinstance(value, dict):
        if {"uscc", "name", "ownership", "region"} <= value.keys():
            yield value
        for item in value.values():
            yield from enterprises_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from enterprises_in(item)


@pytest.fixture(scope="module")
def steps():
    return plan_year(11, YEAR, 0.3).ordered()


def test_the_same_seed_gives_the_same_writes_and_another_seed_others():
    def fingerprint(seed):
        return [(s.index, s.service, s.path, repr(s.body), s.day) for s in plan_year(seed, YEAR, 0.1).ordered()]

    assert fingerprint(5) == fingerprint(5)
    assert fingerprint(5) != fingerprint(6)
    assert idempotency_key(5, YEAR, 0.1, 12) == "ipo-demo:5:2024:0.1:12" != idempotency_key(6, YEAR, 0.1, 12)


def test_every_write_fits_an_endpoint_of_its_service_and_every_endpoint_is_used(steps):
    used = set()
    for service in SERVICES:
        routes = post_routes(service)
        for step in (s for s in steps if s.service == service):
            path = step.path.format(*("id1" for _ in step.targets))
            matches = [(p, model) for pattern, p, model in routes if pattern.match(path)]
            assert matches, f"{service} has no endpoint for {step.path}"
            route_path, model = matches[0]
            used.add((service, route_path))
            if model is not None:
                model.model_validate(placeholder_ids(step.body))  # raises on a body the endpoint would refuse
        unused = [p for _, p, _ in routes if (service, p) not in used]
        assert unused == [], f"the demo never uses {service} {unused}"


def test_every_measure_and_region_is_present_and_wuhan_has_the_most(steps):
    assert {s.measure for s in steps} == set(range(1, 25))
    regions = Counter(s.region for s in steps if s.region)
    assert set(regions) == set(REGION_NAMES)
    assert regions.most_common(1)[0][0] == "420100"


def test_enterprises_have_valid_credit_codes_and_one_name_each(steps):
    names: dict[str, str] = {}
    for step in steps:
        for enterprise in enterprises_in(step.body):
            assert uscc_problem(enterprise["uscc"]) is None, enterprise
            assert names.setdefault(enterprise["uscc"], enterprise["name"]) == enterprise["name"]
            assert enterprise["name"].endswith(("公司", "厂", "合伙）")), enterprise["name"]
    assert len(names) > 200


@pytest.mark.parametrize("cut", [date(YEAR, 3, 31), date(YEAR, 7, 15), date(YEAR, 12, 31)])
def test_pledge_projects_stay_mostly_private_at_every_point_of_the_year(cut):
    plan = plan_year(11, YEAR, 1.0)
    due = plan.due(cut, datetime(cut.year, cut.month, cut.day, 23, tzinfo=timezone.utc))
    retracted = {s.targets[0].seq for s in due if s.what == "pledge project retracted"}
    projects = [s for s in due if s.what == "pledge project registered" and s.seq not in retracted]
    share = sum(p.body["enterprise"]["ownership"] == "private" for p in projects) / len(projects)
    assert 0.6 <= share <= 0.75, (cut, share, len(projects))


def test_only_what_has_happened_is_due_and_its_keys_stay_those_of_the_whole_year():
    plan = plan_year(11, YEAR, 0.3)
    whole = {s.seq: s.index for s in plan.ordered()}
    cut = date(YEAR, 6, 30)
    due = plan.due(cut, datetime(YEAR, 6, 30, 12, tzinfo=timezone.utc))
    assert 0 < len(due) < len(whole)
    assert all(s.day <= cut for s in due)
    assert all(s.index == whole[s.seq] for s in due)  # the same Idempotency-Keys as when the whole year is sent
    sent = {s.index for s in due}
    assert all(n in sent for s in due for n in s.needs)
    assert [s.index for s in due] == sorted(s.index for s in due)
    assert all(s.late for s in due[-3:])  # what is recorded late comes after everything else


def test_writes_on_one_record_go_in_turn_and_a_late_one_is_due_before_the_rest_of_the_year():
    plan = Plan()
    plan.add("outreach", 21, "window opened", "/v1/w", {}, day=date(YEAR, 1, 2), stream="window")
    january = plan.add("outreach", 21, "january", "/v1/w/m", {"month": 1}, day=date(YEAR, 2, 3), stream="window")
    plan.add("outreach", 21, "december", "/v1/w/m", {"month": 12}, day=date(YEAR + 1, 1, 3), stream="window")
    plan.add("outreach", 21, "january corrected", "/v1/w/m", {"month": 1}, day=date(YEAR, 2, 3), stream="window",
             after=(january,), late=True)

    due = plan.due(date(YEAR, 6, 30), datetime(YEAR, 6, 30, tzinfo=timezone.utc))

    assert [(s.what, s.index, s.needs) for s in due] == [
        ("window opened", 0, ()), ("january", 1, (0,)), ("january corrected", 3, (1,)),
    ]


def test_the_reporting_plan_covers_the_ended_months_with_one_return_one_wait_and_one_missing_submission():
    from ipo_clients.demo.periods import APPROVED, OPEN, SUBMITTED, reporting_plan

    whole = reporting_plan(11, YEAR, 0.3, date(YEAR + 1, 2, 1))
    assert whole.months == tuple(f"{YEAR}-{m:02d}" for m in range(1, 13))
    assert whole == reporting_plan(11, YEAR, 0.3, date(YEAR + 1, 2, 1))  # the same seed, the same regions
    regions = {whole.returned[0], whole.awaiting[0], whole.not_submitted[0]}
    assert len(regions) == 3 and "420100" not in regions
    assert whole.returned[1] != whole.months[-1] and whole.awaiting[1] == whole.not_submitted[1] == f"{YEAR}-12"
    assert whole.intent(*whole.awaiting) == SUBMITTED and whole.intent(*whole.not_submitted) == OPEN
    assert whole.intent(*whole.returned) == APPROVED
    assert [whole.province_approves(m) for m in whole.months] == [True] * 11 + [False]
    assert whole.return_reason().index("；") < whole.return_reason().index("submit again")

    march = reporting_plan(11, YEAR, 0.3, date(YEAR, 3, 31))  # March's last day: March has not ended yet
    assert march.months == (f"{YEAR}-01", f"{YEAR}-02") and march.returned[1] == f"{YEAR}-01"
    assert reporting_plan(11, YEAR, 0.3, date(YEAR, 1, 31)).months == ()


def test_the_backtest_counts_met_against_not_met_and_leaves_out_what_has_no_outlook():
    from ipo_clients.backtest import KnownAt, compare

    def report(as_of, statuses):
        return {"as_of": as_of, "known_at": "2025-02-01T00:00:00+08:00", "targets": [
            {"id": tid, "title": {"zh": tid, "en": tid}, "actual": 1, "status": status,
             "detail": {"outlook": {"likely_status": likely}}} for tid, (status, likely) in statuses.items()]}

    final = report("2024-12-31", {"T19": ("met", "met"), "T20": ("missed", "missed"), "T11": ("not_due", None)})
    readings = [(1, report("2024-01-31", {"T19": (None, "at_risk"), "T20": (None, "at_risk"), "T11": (None, None)})),
                (2, report("2024-02-29", {"T19": (None, "met"), "T20": (None, "met"), "T11": (None, "met")}))]

    backtest = compare(2024, KnownAt.month_end, final, readings)

    by_id = {t.id: t for t in backtest.targets}
    assert by_id["T19"].counted == [False, True] and by_id["T20"].counted == [True, False]
    assert not by_id["T11"].has_final
    assert backtest.month_totals() == {1: (1, 2), 2: (1, 2)} and backtest.overall() == (2, 4)
