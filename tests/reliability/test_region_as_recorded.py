"""An enterprise's region as first recorded in an aggregate keyed by it cannot be re-declared (issue 16, finding 2).

Beside test_region_limits (which it reuses): for every kind of aggregate keyed by an enterprise, its records are
first made at HOME with an unlimited token, then the create route is called again for the same credit code with
every region of the body set to OTHER (the attack: claim the enterprise for one's own region):
  - a token limited to OTHER is refused 403 naming `enterprise.region`, nothing stored, also as an import line;
  - an unlimited token is refused 409 naming `enterprise.region`, nothing stored, also inside one batch whose
    earlier lines recorded the enterprise at HOME (they count as stored).
The list below is checked against the services' domain modules (an aggregate whose state has an
`enterprise_of_record` and no case here fails) and against the route table: every create route whose body
names an `enterprise` is either here or in OWN_RECORD (a record of its own under a fresh id, keeping its own
claim), so a new one must be classified.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import orjson
import pytest

from kernel.aggregate import AggregateType
from kernel.imports.kinds import kind_of

from tests.enforcement.helpers import event_count
from tests.reliability.conftest import COMMAND_SERVICES, offline_app
from tests.reliability.test_region_limits import (
    HOME, OTHER, PLANS, REGION_FIELDS, P, Plan, documented_example, fill, learn, request_for, write_routes,
)

# (service, create route) -> (the aggregate it writes, the records made first at HOME, overrides of the attack body)
ENTERPRISE_KEYED: dict[tuple[str, str], tuple[str, Plan]] = {
    ("enforcement", "/v1/overseas-escort-enrolments"): ("overseas-escort-enrolment", P("/v1/overseas-escort-enrolments")),
    ("training", "/v1/demonstration-program/members"): ("program-membership", P(
        "/v1/demonstration-program/members", "/v1/demonstration-program/members/{member_id}/departure",
        admitted_on="2019-12-15")),  # after it left: admitted again, but claimed for OTHER
    ("training", "/v1/management-standard/implementations"): ("management-standard", P("/v1/management-standard/certifications")),
    ("training", "/v1/management-standard/certifications"): ("management-standard", P("/v1/management-standard/implementations")),
    ("training", "/v1/brand-library/entries"): ("brand-library", P("/v1/brand-library/entries", trademark="另一品牌", registration_number=None)),
    ("training", "/v1/demonstration-recommendations"): ("demonstration-dossier", P("/v1/demonstration-recognitions")),
    ("training", "/v1/demonstration-recognitions"): ("demonstration-dossier", P("/v1/demonstration-recommendations")),
}

# create routes naming an enterprise whose record is keyed by a fresh id: each keeps its own claim
OWN_RECORD = {
    "enforcement": {"/v1/fast-track-cases", "/v1/foreign-disputes", "/v1/assistance-requests"},
    "financing": {"/v1/pledge-projects", "/v1/needs-survey-responses"},
    "training": {"/v1/commissioner-dispatches", "/v1/trademark-guidance-sessions"},
    "outreach": {"/v1/patent-onsite-services", "/v1/examiner-visits", "/v1/agency-aid", "/v1/information-services",
                 "/v1/case-stories"},
}


def at_other(value: Any) -> Any:
    """Every region field of the body set to OTHER."""
    if isinstance(value, dict):
        return {k: OTHER if k in REGION_FIELDS and isinstance(v, str) else at_other(v) for k, v in value.items()}
    if isinstance(value, list):
        return [at_other(v) for v in value]
    return value


async def _recorded_at_home(start_service, client_for, service: str, plan: Plan):
    running = await start_service(service)
    unlimited = client_for(running)
    known: dict[str, str] = {}
    for step in plan.setup:
        step_path, step_body = request_for(running.app, step, PLANS[service][step], known)
        made = await unlimited.post(step_path, json=step_body)
        assert made.status_code == 201, (step, made.text)
        learn(known, running.app, step_body, made)
    return running, known


def _attack(running, service: str, path: str, plan: Plan, known: dict) -> dict:
    _, body = request_for(running.app, path, PLANS[service][path], known)
    return at_other(fill({**body, **plan.body}, known))


def _fields(problem: dict) -> list[str]:
    return [e["field"] for e in problem.get("errors", [])]


CASES = [pytest.param(service, path, id=f"{service} POST {path}") for service, path in ENTERPRISE_KEYED]


@pytest.mark.parametrize(("service", "path"), CASES)
async def test_another_region_cannot_re_declare_the_enterprise(start_service, client_for, service, path):
    _, plan = ENTERPRISE_KEYED[(service, path)]
    running, known = await _recorded_at_home(start_service, client_for, service, plan)
    body = _attack(running, service, path, plan, known)
    assert body["enterprise"]["region"] == OTHER
    before = await event_count(running)

    other = client_for(running, region=OTHER)
    refused = await other.post(path, json=body)
    assert refused.status_code == 403, (refused.status_code, refused.text)
    assert refused.json()["type"] == "/problems/forbidden" and _fields(refused.json()) == ["enterprise.region"]
    line = orjson.dumps({"kind": kind_of(path), "data": body})
    imported = await other.post("/v1/import", content=line, headers={"Content-Type": "application/x-ndjson"})
    outcome = imported.json()["lines"][0]
    assert outcome["status"] == "refused" and outcome["problem"]["status"] == 403, outcome

    moved = await client_for(running).post(path, json=body)
    assert moved.status_code == 409, (moved.status_code, moved.text)
    assert _fields(moved.json()) == ["enterprise.region"] and HOME in moved.json()["detail"]
    assert await event_count(running) == before


@pytest.mark.parametrize(("service", "path"), CASES)
async def test_inside_one_batch_the_earlier_lines_count_as_recorded(start_service, client_for, service, path):
    _, plan = ENTERPRISE_KEYED[(service, path)]
    running = await start_service(service)
    uscc = _attack(running, service, path, plan, {})["enterprise"]["uscc"]
    known = {"uscc": uscc, "member_id": uscc}  # the only path parameter a setup step takes here: the credit code
    lines = []
    for step in plan.setup:
        step_path, step_body = request_for(running.app, step, PLANS[service][step], known)
        parameters = {p[1:-1]: v for p, v in zip(step.split("/"), step_path.split("/")) if p.startswith("{")}
        lines.append({"kind": kind_of(step), "data": {**step_body, **parameters}})
    lines.append({"kind": kind_of(path), "data": _attack(running, service, path, plan, known)})
    answer = await client_for(running).post(
        "/v1/import", content=b"\n".join(orjson.dumps(line) for line in lines), headers={"Content-Type": "application/x-ndjson"})
    assert answer.status_code == 200, answer.text
    *earlier, last = answer.json()["lines"]
    assert all(o["status"] == "accepted" for o in earlier), earlier
    assert last["status"] == "refused" and last["problem"]["status"] == 409, last
    assert _fields(last["problem"]) == ["enterprise.region"]


def _aggregates_keyed_by_an_enterprise() -> set[str]:
    found = set()
    for service in COMMAND_SERVICES:
        package = importlib.import_module(service)
        for module in pkgutil.walk_packages(package.__path__, f"{service}."):
            if not module.name.endswith(".domain"):
                continue
            for value in vars(importlib.import_module(module.name)).values():
                if isinstance(value, AggregateType) and hasattr(value.initial(), "enterprise_of_record"):
                    found.add(value.name)
    return found


def test_every_enterprise_keyed_aggregate_has_a_case():
    covered = {aggregate for aggregate, _ in ENTERPRISE_KEYED.values()}
    assert _aggregates_keyed_by_an_enterprise() == covered
    for service, path in ENTERPRISE_KEYED:
        assert path in PLANS[service], (service, path)


def test_every_create_route_naming_an_enterprise_is_classified():
    for service in COMMAND_SERVICES:
        app = offline_app(service)
        naming = {p for p in write_routes(app) if "{" not in p and "enterprise" in documented_example(app, p)}
        keyed = {p for s, p in ENTERPRISE_KEYED if s == service}
        assert not keyed & OWN_RECORD.get(service, set()), service
        assert naming == keyed | OWN_RECORD.get(service, set()), (
            f"{service}: classify {sorted(naming ^ (keyed | OWN_RECORD.get(service, set())))} in ENTERPRISE_KEYED or OWN_RECORD")
