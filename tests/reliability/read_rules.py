"""The read rule of every GET route of every service: what kind of read it is, and how its record is made.

tests/reliability/test_read_scopes.py runs a case per route from the apps' route tables; a route missing here fails
there with a message naming it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts

from kernel.auth import AUDIT_SCOPE, FEED_SCOPE

from tests.reliability.conftest import ALL_SERVICES, offline_app


@dataclass(frozen=True)
class Record:
    """One record by its id, recorded by the POST routes `setup` (in order)."""

    setup: tuple[str, ...]


@dataclass(frozen=True)
class Records:
    """A page of records; `setup` records the one looked for, `id_field` names it in an item."""

    setup: tuple[str, ...]
    id_field: str


@dataclass(frozen=True)
class Aggregate:
    """Figures over many records: every token with `read` gets them, whatever its region."""

    params: dict[str, Any] = field(default_factory=dict)
    setup: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scoped:
    """Every region's records (the feed, the audit): a scope of its own and a token without a region."""

    scope: str


@dataclass(frozen=True)
class Exempt:
    """Not a read of the office's records; `token` says whether it still needs one."""

    reason: str
    token: bool = False


OPEN = {
    "/openapi.json": Exempt("the API description"),
    "/problems/{slug}": Exempt("the meaning of a problem type"),
    "/healthz": Exempt("liveness, for the orchestrator"),
    "/readyz": Exempt("readiness, for the orchestrator"),
    "/metrics": Exempt("Prometheus metrics (counts and latencies, no records)"),
    "/docs": Exempt("the API documentation page"),
    "/docs/assets/{name}": Exempt("the documentation page's assets"),
}
COMMAND_READS = {
    **OPEN,
    "/asyncapi.json": Exempt("the event catalogue"),
    "/v1/import/kinds": Aggregate(),  # the catalogue of importable kinds: no records
    "/v1/events": Scoped(FEED_SCOPE),
    "/v1/audit": Scoped(AUDIT_SCOPE),
}
YEAR = {"year": 2019}
HOME_SERVICE = ("/v1/assistance-centers", "/v1/onsite-services")  # recorded in enforcement, read by the projection

RULES: dict[str, dict[str, Any]] = {
    "enforcement": {
        **COMMAND_READS,
        "/v1/infringement-cases/{case_id}": Record(("/v1/infringement-cases",)),
        "/v1/fast-track-cases/{case_id}": Record(("/v1/fast-track-cases",)),
        "/v1/foreign-disputes/{case_id}": Record(("/v1/foreign-disputes",)),
        "/v1/overseas-escort-enrolments/{uscc}": Record(("/v1/overseas-escort-enrolments",)),
        "/v1/assistance-centers/{center_id}": Record(("/v1/assistance-centers",)),
        "/v1/assistance-centers": Records(("/v1/assistance-centers",), "center_id"),
        "/v1/onsite-services/{service_id}": Record(("/v1/assistance-centers", "/v1/onsite-services")),
        "/v1/assistance-requests/{request_id}": Record(("/v1/assistance-centers", "/v1/assistance-requests")),
        # measure 5's list of seriously dishonest entities is published for joint punishment: every division
        # checks an entity against it, whichever division listed it (tested below)
        "/v1/credit-list/{uscc}": Exempt("the published credit list, read by every division", token=True),
        "/v1/credit-list": Exempt("the published credit list, read by every division", token=True),
        "/v1/brand-protection-orders/{order_id}": Record(("/v1/brand-protection-orders",)),
        "/v1/mediation-cases/{case_id}": Record(("/v1/mediation-cases",)),
        "/v1/joint-meetings/{meeting_id}": Record(("/v1/joint-meetings",)),
    },
    "financing": {
        **COMMAND_READS,
        "/v1/pledge-projects/{project_id}": Record(("/v1/pledge-projects",)),
        "/v1/pledge-projects": Records(("/v1/pledge-projects",), "project_id"),
        "/v1/pledge-projects/{project_id}/subsidies/{record_id}": Record(
            ("/v1/pledge-projects", "/v1/pledge-projects/{project_id}/subsidies")),
        "/v1/pledge-projects/{project_id}/risk-compensations/{record_id}": Record(
            ("/v1/pledge-projects", "/v1/pledge-projects/{project_id}/default",
             "/v1/pledge-projects/{project_id}/risk-compensations")),
        "/v1/pledge-projects/{project_id}/guarantees/{record_id}": Record(
            ("/v1/pledge-projects", "/v1/pledge-projects/{project_id}/guarantees")),
        "/v1/matchmaking-events/{event_id}": Record(("/v1/matchmaking-events",)),
        "/v1/needs-survey-responses/{response_id}": Record(("/v1/needs-survey-responses",)),
    },
    "training": {
        **COMMAND_READS,
        "/v1/trainings/{training_id}": Record(("/v1/trainings",)),
        "/v1/demonstration-recommendations/{recommendation_id}": Record(("/v1/demonstration-recommendations",)),
        "/v1/demonstration-recognitions/{recognition_id}": Record(("/v1/demonstration-recognitions",)),
        "/v1/demonstration-program/members/{member_id}": Record(("/v1/demonstration-program/members",)),
        "/v1/management-standard/{uscc}": Record(("/v1/management-standard/implementations",)),
        "/v1/commissioner-dispatches/{dispatch_id}": Record(("/v1/commissioner-dispatches",)),
        "/v1/brand-library/entries/{entry_id}": Record(("/v1/brand-library/entries",)),
        "/v1/trademark-guidance-sessions/{session_id}": Record(("/v1/trademark-guidance-sessions",)),
        "/v1/mark-applications/{application_id}": Record(("/v1/mark-applications",)),
    },
    "outreach": {
        **COMMAND_READS,
        "/v1/briefings/{briefing_id}": Record(("/v1/briefings",)),
        "/v1/patent-onsite-services/{service_id}": Record(("/v1/patent-onsite-services",)),
        "/v1/examiner-visits/{visit_id}": Record(("/v1/examiner-visits",)),
        "/v1/service-agencies/{agency_id}": Record(("/v1/service-agencies",)),
        "/v1/service-agencies": Records(("/v1/service-agencies",), "agency_id"),
        "/v1/agency-aid/{aid_id}": Record(("/v1/service-agencies", "/v1/agency-aid")),
        "/v1/information-stations/{station_id}": Record(("/v1/information-stations",)),
        "/v1/information-services/{service_id}": Record(("/v1/information-stations", "/v1/information-services")),
        "/v1/trademark-windows/{window_id}": Record(("/v1/trademark-windows",)),
        "/v1/publicity-items/{item_id}": Record(("/v1/publicity-items",)),
        "/v1/case-stories/{story_id}": Record(("/v1/case-stories",)),
    },
    "projection": {
        **OPEN,
        "/": Exempt("the dashboard's page (its data comes from the routes below, with the viewer's token)"),
        "/dashboard/{asset:path}": Exempt("the dashboard's scripts and styles"),
        "/v1/attainment": Aggregate(YEAR, HOME_SERVICE),
        "/v1/attainment/timeline": Aggregate({**YEAR, "target": "T04"}, HOME_SERVICE),
        "/v1/indicators": Aggregate(YEAR, HOME_SERVICE),
        "/v1/attainment.xlsx": Aggregate(YEAR, HOME_SERVICE),
        "/v1/attainment.csv": Aggregate(YEAR, HOME_SERVICE),
        "/v1/indicators.xlsx": Aggregate(YEAR, HOME_SERVICE),
        "/v1/indicators.csv": Aggregate(YEAR, HOME_SERVICE),
        "/v1/attainment/regions.xlsx": Aggregate(YEAR, HOME_SERVICE),  # every region's figures, as /v1/attainment?region= gives them
        "/v1/attainment/regions.csv": Aggregate(YEAR, HOME_SERVICE),
        "/v1/attainment/monthly.xlsx": Aggregate(YEAR, HOME_SERVICE),
        "/v1/attainment/monthly.csv": Aggregate(YEAR, HOME_SERVICE),
        "/v1/status": Aggregate(),  # how far behind each source the projection is
        # the figure stays whole; its records and T04's centers are the token's region's (tested below)
        "/v1/attainment/{target_id}": Record(HOME_SERVICE),
        "/v1/enterprises": Records(HOME_SERVICE, "uscc"),
        "/v1/enterprises/{uscc}": Record(HOME_SERVICE),
        "/v1/periods/events": Scoped(FEED_SCOPE),  # the reporting workflow's own events
        "/v1/periods/audit": Scoped(AUDIT_SCOPE),
        "/v1/periods": Aggregate(YEAR),  # every region's period states (tests/projection/periods/test_scopes.py)
        "/v1/restatements": Exempt("the figures are every region's, the records the token's region's (tests/projection/periods/test_scopes.py)", token=True),
        "/v1/completeness": Exempt("the figures are every region's, the missing lists the token's region's (tests/projection/quality/test_quality_http.py)", token=True),
        "/v1/quality/flags": Exempt("the token's region's flagged records only (tests/projection/quality/test_quality_http.py)", token=True),
        "/v1/webhooks": Exempt("a subscriber's own subscriptions (projection:write; tests/projection/test_webhooks_api.py)", token=True),
        "/v1/webhooks/{subscription_id}": Exempt("a subscriber's own subscription", token=True),
        "/v1/webhooks/{subscription_id}/deliveries": Exempt("a subscriber's own deliveries", token=True),
    },
}


@functools.cache
def routes_of(service: str) -> tuple[str, ...]:
    return tuple(read_routes(offline_app(service)))


def read_routes(app) -> list[str]:
    """Every GET route the app serves, read from its route table (not from its OpenAPI document)."""
    paths = []
    for route in iter_route_contexts(app.routes):
        if "GET" in (route.methods or ()) and route.path not in paths:
            paths.append(route.path)
    return paths


def rule_for(service: str, path: str):
    if path not in RULES.get(service, {}):
        pytest.fail(
            f"GET {path} of {service} has no read rule: add it to RULES in {__name__} (a Record, Records, Aggregate, "
            "Scoped or Exempt with its reason), so its read scoping is tested",
            pytrace=False,
        )
    return RULES[service][path]


def cases(kind: type) -> list:
    params = []
    for service in ALL_SERVICES:
        for path in routes_of(service):
            rule = RULES.get(service, {}).get(path)
            if rule is None or isinstance(rule, kind):  # a route without a rule fails in every kind's first case
                params.append(pytest.param(service, path, id=f"{service} GET {path}"))
    return params
