"""Who may take each step, generated from the route table: every /v1/periods route and /v1/restatements, with no
token, a reader, a region-limited submitter (its own region and another), an approver, and a region-limited approver."""

from __future__ import annotations

import httpx
import pytest
from fastapi.routing import iter_route_contexts

from kernel.auth import AUDIT_SCOPE, FEED_SCOPE, READ_SCOPE, REPORTING_APPROVE_SCOPE, REPORTING_SUBMIT_SCOPE

HOME, OTHER = "420100", "420500"


def _routes() -> list[tuple[str, str]]:
    from projection.periods.endpoints import router

    return [(method, route.path) for route in iter_route_contexts(router.routes) for method in sorted(route.methods)]


ROUTES = _routes()
WRITES = [path for method, path in ROUTES if method == "POST"]
READS = [path for method, path in ROUTES if method == "GET"]


def test_the_route_table_holds_every_step_and_read():
    assert {p.rsplit("/", 1)[-1] for p in WRITES} == {"submission", "approval", "return", "reopening"}
    assert set(READS) == {"/v1/periods", "/v1/restatements", "/v1/periods/events", "/v1/periods/audit"}


def _call(client, path: str, region: str = HOME):
    body = {"reason": "测试；a test"} if path.endswith(("return", "reopening")) else None
    return client.post(path.format(region=region, period="2019-03"), json=body)


def _forbidden(answer, naming: str) -> None:
    assert answer.status_code == 403, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert naming in answer.text, answer.text


@pytest.mark.parametrize("path", WRITES)
async def test_each_step_refuses_a_token_without_its_scope_or_of_another_region(projection, client_for, path):
    async with httpx.AsyncClient(base_url=projection.url) as nobody:
        anonymous = await _call(nobody, path)
    assert anonymous.status_code == 401
    reader = client_for(projection, scopes=[READ_SCOPE])
    submitter = client_for(projection, scopes=[READ_SCOPE, REPORTING_SUBMIT_SCOPE], region=HOME)
    approver = client_for(projection, scopes=[READ_SCOPE, REPORTING_APPROVE_SCOPE])
    limited_approver = client_for(projection, scopes=[READ_SCOPE, REPORTING_APPROVE_SCOPE], region=HOME)
    submitting = path.endswith("submission")
    needed = REPORTING_SUBMIT_SCOPE if submitting else REPORTING_APPROVE_SCOPE
    _forbidden(await _call(reader, path), needed)
    if submitting:
        _forbidden(await _call(approver, path), REPORTING_SUBMIT_SCOPE)  # an approver does not vouch for a region
        refused = await _call(submitter, path, region=OTHER)
        _forbidden(refused, "region")
        assert refused.json()["errors"][0]["field"] == "region"
        assert (await _call(submitter, path)).status_code == 201  # its own region
    else:
        _forbidden(await _call(submitter, path), REPORTING_APPROVE_SCOPE)  # a submitter never approves
        _forbidden(await _call(limited_approver, path), HOME)
        assert (await _call(approver, path)).status_code == 409  # allowed; nothing submitted yet
    states = (await reader.get("/v1/periods", params={"year": 2019, "region": HOME})).json()["periods"]
    assert next(p for p in states if p["period"] == "2019-03")["state"] == ("submitted" if submitting else "open")


@pytest.mark.parametrize("path", [p for p in READS if p in ("/v1/periods", "/v1/restatements")])
async def test_each_read_needs_the_read_scope(projection, client_for, path):
    async with httpx.AsyncClient(base_url=projection.url) as nobody:
        anonymous = await nobody.get(path, params={"year": 2019})
    assert anonymous.status_code == 401
    _forbidden(await client_for(projection, scopes=[REPORTING_SUBMIT_SCOPE]).get(path, params={"year": 2019}), READ_SCOPE)
    for region in (None, HOME):
        answer = await client_for(projection, scopes=[READ_SCOPE], region=region).get(path, params={"year": 2019})
        assert answer.status_code == 200, answer.text


@pytest.mark.parametrize(("path", "scope"), [("/v1/periods/events", FEED_SCOPE), ("/v1/periods/audit", AUDIT_SCOPE)])
async def test_the_workflow_feed_and_audit_need_their_scope_and_no_region(projection, client_for, path, scope):
    submitter = client_for(projection, scopes=[REPORTING_SUBMIT_SCOPE], region=HOME, subject="wuhan-bureau")
    assert (await _call(submitter, "/v1/periods/{region}/{period}/submission")).status_code == 201
    _forbidden(await client_for(projection, scopes=[READ_SCOPE]).get(path), scope)
    _forbidden(await client_for(projection, scopes=[scope], region=HOME).get(path), HOME)
    answer = (await client_for(projection, scopes=[scope]).get(path)).json()
    [entry] = answer["events"] if "events" in answer else answer["entries"]
    assert entry["actor"] == "wuhan-bureau" and entry["subject"] == "reporting-period-420100/2019-03"
    assert entry["type"] == "projection.PeriodSubmitted.v1"
