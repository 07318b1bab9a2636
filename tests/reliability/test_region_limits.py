"""A token limited to one region cannot write another region's records: every write endpoint, from the route table.

The cases are generated from each app's routes (every POST route), so a new write endpoint is collected here
and fails until it has a plan below. A plan names the routes to call first, with an unlimited token, to create
the record the endpoint acts on; bodies are the OpenAPI examples with every region set to HOME. Each case:
  - a token limited to OTHER is refused 403 (a problem naming the region) and nothing is stored;
  - the same request with a token limited to HOME succeeds, so the 403 is the region rule and nothing else.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson
import pytest
from fastapi.routing import iter_route_contexts

from kernel.imports.kinds import IMPORT_PATH, kind_of

from tests.enforcement.helpers import event_count
from tests.reliability.conftest import COMMAND_SERVICES, offline_app

HOME = "420100"  # Wuhan: the records' region
OTHER = "420500"  # Yichang: the limited token's region
REGION_FIELDS = {"region", "recommended_by"}  # fields naming the region a record belongs to


@dataclass(frozen=True)
class Plan:
    setup: tuple[str, ...] = ()  # POST routes called first, in order, with an unlimited token
    body: dict[str, Any] = field(default_factory=dict)  # overrides of the example; "{name}" takes a value set up


def P(*setup: str, **body: Any) -> Plan:
    return Plan(tuple(setup), body)


PLANS: dict[str, dict[str, Plan]] = {
    "enforcement": {
        "/v1/infringement-cases": P(),
        "/v1/infringement-cases/{case_id}/closure": P("/v1/infringement-cases"),
        "/v1/fast-track-cases": P(),
        "/v1/fast-track-cases/{case_id}/decision": P("/v1/fast-track-cases"),
        "/v1/foreign-disputes": P(),
        "/v1/foreign-disputes/{case_id}/assistance": P("/v1/foreign-disputes"),
        "/v1/foreign-disputes/{case_id}/closure": P("/v1/foreign-disputes"),
        "/v1/overseas-escort-enrolments": P(),
        "/v1/overseas-escort-enrolments/{uscc}/leaving": P("/v1/overseas-escort-enrolments"),
        "/v1/assistance-centers": P(),
        "/v1/assistance-centers/{center_id}/closure": P("/v1/assistance-centers"),
        "/v1/onsite-services": P("/v1/assistance-centers"),
        "/v1/onsite-services/{service_id}/retraction": P("/v1/assistance-centers", "/v1/onsite-services"),
        "/v1/assistance-requests": P("/v1/assistance-centers"),
        "/v1/assistance-requests/{request_id}/first-response": P("/v1/assistance-centers", "/v1/assistance-requests"),
        "/v1/assistance-requests/{request_id}/resolution": P(
            "/v1/assistance-centers", "/v1/assistance-requests", "/v1/assistance-requests/{request_id}/first-response"),
        "/v1/credit-list": P(),
        "/v1/credit-list/{uscc}/delisting": P("/v1/credit-list"),
        "/v1/brand-protection-orders": P(),
        "/v1/brand-protection-orders/{order_id}/actions": P("/v1/brand-protection-orders"),
        "/v1/brand-protection-orders/{order_id}/closure": P(
            "/v1/brand-protection-orders", "/v1/brand-protection-orders/{order_id}/actions"),
        "/v1/mediation-cases": P(),
        "/v1/mediation-cases/{case_id}/sessions": P("/v1/mediation-cases"),
        "/v1/mediation-cases/{case_id}/closure": P("/v1/mediation-cases", "/v1/mediation-cases/{case_id}/sessions"),
        "/v1/joint-meetings": P(),
        "/v1/joint-meetings/{meeting_id}/retraction": P("/v1/joint-meetings"),
    },
    "financing": {
        "/v1/pledge-projects": P(),
        "/v1/pledge-projects/{project_id}/retraction": P("/v1/pledge-projects"),
        "/v1/pledge-projects/{project_id}/release": P("/v1/pledge-projects"),
        "/v1/pledge-projects/{project_id}/default": P("/v1/pledge-projects"),
        "/v1/pledge-projects/{project_id}/subsidies": P("/v1/pledge-projects"),
        "/v1/pledge-projects/{project_id}/risk-compensations": P(
            "/v1/pledge-projects", "/v1/pledge-projects/{project_id}/default"),
        "/v1/pledge-projects/{project_id}/guarantees": P("/v1/pledge-projects"),
        "/v1/pledge-projects/{project_id}/subsidies/{record_id}/retraction": P(
            "/v1/pledge-projects", "/v1/pledge-projects/{project_id}/subsidies"),
        "/v1/pledge-projects/{project_id}/risk-compensations/{record_id}/retraction": P(
            "/v1/pledge-projects", "/v1/pledge-projects/{project_id}/default",
            "/v1/pledge-projects/{project_id}/risk-compensations"),
        "/v1/pledge-projects/{project_id}/guarantees/{record_id}/retraction": P(
            "/v1/pledge-projects", "/v1/pledge-projects/{project_id}/guarantees"),
        "/v1/matchmaking-events": P(),
        "/v1/matchmaking-events/{event_id}/retraction": P("/v1/matchmaking-events"),
        "/v1/needs-survey-responses": P(),
        "/v1/needs-survey-responses/{response_id}/fulfilment": P(
            "/v1/needs-survey-responses", "/v1/pledge-projects", project_id="{project_id}"),
        "/v1/needs-survey-responses/{response_id}/retraction": P("/v1/needs-survey-responses"),
    },
    "training": {
        "/v1/trainings": P(),
        "/v1/trainings/{training_id}/completion": P("/v1/trainings", completed_on="2019-05-15"),
        "/v1/trainings/{training_id}/cancellation": P("/v1/trainings"),
        "/v1/trainings/{training_id}/retraction": P("/v1/trainings"),
        "/v1/demonstration-recommendations": P(),
        "/v1/demonstration-recommendations/{recommendation_id}/retraction": P("/v1/demonstration-recommendations"),
        "/v1/demonstration-recognitions": P(),
        "/v1/demonstration-recognitions/{recognition_id}/retraction": P("/v1/demonstration-recognitions"),
        "/v1/demonstration-program/members": P(),
        "/v1/demonstration-program/members/{member_id}/departure": P("/v1/demonstration-program/members"),
        "/v1/demonstration-program/members/{member_id}/retraction": P("/v1/demonstration-program/members"),
        "/v1/management-standard/implementations": P(),
        "/v1/management-standard/certifications": P(),
        "/v1/management-standard/{uscc}/implementation/retraction": P("/v1/management-standard/implementations"),
        "/v1/management-standard/{uscc}/certifications/{certified_on}/retraction": P(
            "/v1/management-standard/certifications"),
        "/v1/commissioner-dispatches": P(),
        "/v1/commissioner-dispatches/{dispatch_id}/conclusion": P("/v1/commissioner-dispatches"),
        "/v1/commissioner-dispatches/{dispatch_id}/retraction": P("/v1/commissioner-dispatches"),
        "/v1/brand-library/entries": P(),
        "/v1/brand-library/entries/{entry_id}/graduation": P("/v1/brand-library/entries"),
        "/v1/brand-library/entries/{entry_id}/removal": P("/v1/brand-library/entries"),
        "/v1/brand-library/entries/{entry_id}/retraction": P("/v1/brand-library/entries"),
        "/v1/trademark-guidance-sessions": P(),
        "/v1/trademark-guidance-sessions/{session_id}/retraction": P("/v1/trademark-guidance-sessions"),
        "/v1/mark-applications": P(),
        "/v1/mark-applications/{application_id}/decision": P("/v1/mark-applications"),
        "/v1/mark-applications/{application_id}/retraction": P("/v1/mark-applications"),
    },
    "outreach": {
        "/v1/briefings": P(),
        "/v1/briefings/{briefing_id}/retraction": P("/v1/briefings"),
        "/v1/patent-onsite-services": P(),
        "/v1/patent-onsite-services/{service_id}/retraction": P("/v1/patent-onsite-services"),
        "/v1/examiner-visits": P(),
        "/v1/examiner-visits/{visit_id}/retraction": P("/v1/examiner-visits"),
        "/v1/service-agencies": P(),
        "/v1/service-agencies/{agency_id}/cluster-zone-settlement": P("/v1/service-agencies"),
        "/v1/service-agencies/{agency_id}/cluster-zone-departure": P(
            "/v1/service-agencies", "/v1/service-agencies/{agency_id}/cluster-zone-settlement"),
        "/v1/service-agencies/{agency_id}/supervision-actions": P("/v1/service-agencies"),
        "/v1/agency-aid": P("/v1/service-agencies"),
        "/v1/agency-aid/{aid_id}/retraction": P("/v1/service-agencies", "/v1/agency-aid"),
        "/v1/information-stations": P(),
        "/v1/information-stations/{station_id}/closure": P("/v1/information-stations"),
        "/v1/information-services": P("/v1/information-stations"),
        "/v1/information-services/{service_id}/retraction": P("/v1/information-stations", "/v1/information-services"),
        "/v1/trademark-windows": P(),
        "/v1/trademark-windows/{window_id}/monthly-acceptances": P("/v1/trademark-windows"),
        "/v1/publicity-items": P(),
        "/v1/publicity-items/{item_id}/retraction": P("/v1/publicity-items"),
        "/v1/case-stories": P(),
        "/v1/case-stories/{story_id}/retraction": P("/v1/case-stories"),
    },
}

# Known defects outside this suite's reach, keyed by (service, route); each must still fail.
KNOWN_DEFECTS: dict[tuple[str, str], str] = {}


def write_routes(app) -> list[str]:
    """Every POST route the app serves, read from its route table (not from its OpenAPI document)."""
    paths = []
    for route in iter_route_contexts(app.routes):
        if "POST" in (route.methods or ()) and route.path not in paths and route.path != IMPORT_PATH:
            paths.append(route.path)  # the bulk import runs these same routes per line: tested below
    return paths


def cases() -> list:
    params = []
    for service in COMMAND_SERVICES:
        for path in write_routes(offline_app(service)):
            reason = KNOWN_DEFECTS.get((service, path))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            params.append(pytest.param(service, path, id=f"{service} POST {path}", marks=marks))
    return params


def at_home(value: Any) -> Any:
    """The example with every region field set to HOME."""
    if isinstance(value, dict):
        return {k: HOME if k in REGION_FIELDS and isinstance(v, str) else at_home(v) for k, v in value.items()}
    if isinstance(value, list):
        return [at_home(v) for v in value]
    return value


def documented_example(app, path: str) -> dict:
    spec = app.openapi()
    content = spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]
    if "examples" in content:
        return copy.deepcopy(next(iter(content["examples"].values()))["value"])
    if "example" in content:
        return copy.deepcopy(content["example"])
    ref = content["schema"]["$ref"].rsplit("/", 1)[-1]
    examples = spec["components"]["schemas"][ref].get("examples")
    assert examples, f"POST {path} documents no example body; add one to its request schema"
    return copy.deepcopy(examples[0])


def fill(template: Any, known: dict[str, str]) -> Any:
    if isinstance(template, str):
        return re.sub(r"\{(\w+)\}", lambda m: str(known[m.group(1)]), template)
    if isinstance(template, dict):
        return {k: fill(v, known) for k, v in template.items()}
    return template


def learn(known: dict[str, str], app, body: dict, response: httpx.Response) -> None:
    """Values later steps may need: top-level fields of the body and the answer, and the Location's parameters."""
    for source in (body, response.json()):
        known.update({k: v for k, v in source.items() if isinstance(v, (str, int)) and not isinstance(v, bool)})
    location = response.headers.get("location", "").split("?")[0].split("/")
    for template in app.openapi()["paths"]:
        parts = template.split("/")
        if len(parts) == len(location) and all(p == q or p.startswith("{") for p, q in zip(parts, location)):
            known.update({p[1:-1]: q for p, q in zip(parts, location) if p.startswith("{")})


def request_for(app, path: str, plan: Plan, known: dict[str, str]) -> tuple[str, dict]:
    body = at_home({**documented_example(app, path), **plan.body})
    return fill(path, known), fill(body, known)


def plan_for(service: str, path: str) -> Plan:
    if path not in PLANS.get(service, {}):
        pytest.fail(
            f"POST {path} of {service} has no region plan: add it to PLANS in {__name__} "
            "(the routes to call first and any body fields to set), so its region limit is tested",
            pytrace=False,
        )
    return PLANS[service][path]


@pytest.mark.parametrize(("service", "path"), cases())
async def test_a_token_limited_to_another_region_cannot_write(start_service, client_for, service, path):
    plan = plan_for(service, path)
    plans = PLANS[service]
    running = await start_service(service)
    app = running.app
    unlimited = client_for(running)
    known: dict[str, str] = {}
    for step in plan.setup:
        step_path, step_body = request_for(app, step, plans[step], known)
        made = await unlimited.post(step_path, json=step_body)
        assert made.status_code == 201, (step, made.text)
        learn(known, app, step_body, made)

    target, body = request_for(app, path, plan, known)
    before = await event_count(running)
    refused = await client_for(running, region=OTHER).post(target, json=body)
    assert refused.status_code == 403, (refused.status_code, refused.text)
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert problem["type"] == "/problems/forbidden" and OTHER in problem["detail"], problem
    assert await event_count(running) == before

    # the same write as a line of a bulk import: refused line by line, nothing stored
    line = orjson.dumps(import_line(path, target, body))
    imported = await client_for(running, region=OTHER).post("/v1/import", content=line, headers={"Content-Type": "application/x-ndjson"})
    assert imported.status_code == 200, imported.text
    outcome = imported.json()["lines"][0]
    assert outcome["status"] == "refused" and outcome["problem"]["status"] == 403, outcome
    assert await event_count(running) == before

    allowed = await client_for(running, region=HOME).post(target, json=body)
    assert allowed.status_code == 201, (allowed.status_code, allowed.text)
    assert await event_count(running) > before


def test_every_plan_names_a_route_that_exists():
    for service, plans in PLANS.items():
        routes = set(write_routes(offline_app(service)))
        stale = [p for p in plans if p not in routes]
        assert not stale, f"{service} no longer has POST {stale}: remove them from PLANS"
        for path, plan in plans.items():
            assert all(step in plans for step in plan.setup), (service, path)


def test_a_new_write_route_without_a_plan_fails_with_a_clear_message():
    """The guard itself: a route added to an app is collected from its route table, and its missing plan fails."""
    from fastapi import APIRouter

    app = offline_app("outreach")
    router = APIRouter()

    @router.post("/v1/something-new")
    async def something_new() -> None:  # pragma: no cover - never called
        return None

    app.include_router(router)
    assert "/v1/something-new" in write_routes(app)
    with pytest.raises(pytest.fail.Exception, match="POST /v1/something-new of outreach has no region plan"):
        plan_for("outreach", "/v1/something-new")


def import_line(path: str, target: str, body: dict) -> dict:
    """The single request as a line of a bulk import: its kind, its path parameters as fields, its body."""
    parameters = {p[1:-1]: v for p, v in zip(path.split("/"), target.split("/")) if p.startswith("{")}
    return {"kind": kind_of(path), "data": {**body, **parameters}}

