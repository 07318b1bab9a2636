"""Targets, example bodies and request helpers for the hostile-input tests."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from tests.reliability.conftest import COMMAND_SERVICES, offline_app


@dataclass(frozen=True)
class Target:
    """One create route per service, with a free-text field read back and a date field; one numeric field."""

    service: str
    path: str
    text: str  # a free-text field of `path`, returned as stored by GET on the Location
    date: str  # a business date of `path`
    number_path: str  # a route with an integer field, `{id}` filled from number_setup's Location
    number: str
    number_setup: str | None = None
    overrides: dict[str, Any] = field(default_factory=dict)


TARGETS = {
    "enforcement": Target("enforcement", "/v1/joint-meetings", "summary", "held_on",
                          "/v1/infringement-cases/{id}/closure", "fine_amount_cny", number_setup="/v1/infringement-cases"),
    "financing": Target("financing", "/v1/matchmaking-events", "summary", "occurred_on",
                        "/v1/pledge-projects", "amount_cny"),
    "training": Target("training", "/v1/trademark-guidance-sessions", "topic", "held_on",
                       "/v1/trainings/{id}/completion", "person_times", number_setup="/v1/trainings",
                       overrides={"/v1/trainings/{id}/completion": {"completed_on": "2019-05-15"}}),
    "outreach": Target("outreach", "/v1/briefings", "title", "occurred_on", "/v1/briefings", "attendance"),
}
assert set(TARGETS) == set(COMMAND_SERVICES), "every command service needs a target here"

_examples: dict[str, dict[str, dict]] = {}


def example(service: str, path: str) -> dict:
    """The first OpenAPI example of a POST route's body: a valid request, as the service documents it."""
    if service not in _examples:
        spec = offline_app(service).openapi()
        bodies = {}
        for route, item in spec["paths"].items():
            schema = item.get("post", {}).get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            if "$ref" in schema:  # a command's body (the bulk import takes an array or NDJSON instead)
                ref = schema["$ref"].rsplit("/", 1)[-1]
                bodies[route] = spec["components"]["schemas"][ref]["examples"][0]
        _examples[service] = bodies
    for documented, body in _examples[service].items():
        if _same_route(documented, path):
            overrides = TARGETS[service].overrides.get(path, {})
            return json.loads(json.dumps({**body, **overrides}))
    raise KeyError(f"{service} documents no POST {path}")


def _same_route(documented: str, path: str) -> bool:
    a, b = documented.split("/"), path.split("/")
    return len(a) == len(b) and all(x == y or (x.startswith("{") and y.startswith("{")) for x, y in zip(a, b))


def problem_fields(response: httpx.Response) -> list[str]:
    assert response.headers["content-type"] == "application/problem+json", (response.status_code, response.text[:500])
    body = response.json()
    assert body["status"] == response.status_code and body["type"].startswith("/problems/") and body["detail"]
    return [e["field"] for e in body.get("errors", [])]


@pytest.fixture(scope="module")
def clients(live):
    made: dict[str, httpx.Client] = {}

    def get(service: str) -> httpx.Client:
        if service not in made:
            made[service] = live.client(service)
        return made[service]

    yield get
    for client in made.values():
        client.close()


def refused(live, client: httpx.Client, service: str, send, *, statuses=range(400, 500)) -> httpx.Response:
    """Sends a request that must be refused: a 4xx problem, and not one event more in the store."""
    before = live.event_count(service)
    response = send(client)
    assert response.status_code in statuses, (response.status_code, response.text[:500])
    problem_fields(response)
    assert live.event_count(service) == before
    return response


def created(client: httpx.Client, path: str, body: dict) -> httpx.Response:
    response = client.post(path, json=body)
    assert response.status_code == 201, response.text
    return response


def number_route(client: httpx.Client, target: Target) -> str:
    if target.number_setup is None:
        return target.number_path
    location = created(client, target.number_setup, example(target.service, target.number_setup)).headers["location"]
    return target.number_path.replace("{id}", location.rstrip("/").rsplit("/", 1)[-1])


def with_raw_text(service: str, target: Target, raw: bytes) -> bytes:
    """The target's example as ASCII JSON, with these exact bytes inside the text field's quotes."""
    body = json.dumps({**example(service, target.path), target.text: "<here>"}).encode("ascii")
    return body.replace(b"<here>", raw)


SERVICES = pytest.mark.parametrize("service", COMMAND_SERVICES)

# Known defects in shared/kernel (the JSON body is parsed by FastAPI's default `json.loads`); each must still fail.
