"""Read scoping on every GET route of every service, from the route table.

A region-limited token reads aggregates of every region but records of its own region only; the feed and the
audit need scopes of their own and a token without a region. Every GET route an app serves is collected here and
fails until it has a rule in read_rules.py, so a new read cannot escape. Each rule's case:
  - no token is 401; a token without the route's scope (a write scope only) is 403;
  - a record (`Record`): recorded in HOME, a token limited to OTHER is refused 403 naming both regions, and a
    token limited to HOME reads it;
  - a list of records (`Records`): a token limited to OTHER gets a page without the HOME record that says
    `limited_to_region: OTHER`; a token limited to HOME finds the record in it;
  - an aggregate (`Aggregate`): a token limited to OTHER gets the same answer as an unlimited token;
  - the feed and the audit (`Scoped`): `read` alone is refused, the scope with a region is refused, the scope
    without a region reads.
The records are the write side's own setup (tests/reliability/test_region_limits.py PLANS), with every region
set to HOME.
"""

from __future__ import annotations

import io
from datetime import datetime, timezone
from typing import Any

import httpx
import openpyxl
import pytest

from kernel.auth import AUDIT_SCOPE, FEED_SCOPE, READ_SCOPE, write_scope
from kernel.testing.servers import eventually

from tests.reliability.conftest import ALL_SERVICES, offline_app
from tests.reliability.read_rules import (
    RULES, YEAR, Aggregate, Exempt, Record, Records, Scoped, cases, read_routes, routes_of, rule_for,
)
from tests.reliability.test_region_limits import HOME, OTHER, PLANS, learn, request_for


def test_every_get_route_has_a_read_rule():
    missing = [(s, p) for s in ALL_SERVICES for p in routes_of(s) if p not in RULES.get(s, {})]
    assert not missing, f"GET routes without a read rule in RULES: {missing}"
    stale = [(s, p) for s, rules in RULES.items() for p in rules if p not in routes_of(s)]
    assert not stale, f"RULES name routes the apps no longer serve: {stale}"


def test_a_new_read_route_without_a_rule_fails_with_a_clear_message():
    from fastapi import APIRouter

    app = offline_app("training")
    router = APIRouter()

    @router.get("/v1/something-new/{thing_id}")
    async def something_new(thing_id: str) -> None:  # pragma: no cover - never called
        return None

    app.include_router(router)
    assert "/v1/something-new/{thing_id}" in read_routes(app)
    with pytest.raises(pytest.fail.Exception, match="GET /v1/something-new/{thing_id} of training has no read rule"):
        rule_for("training", "/v1/something-new/{thing_id}")


# --- the services, with a HOME record recorded through the write side -------------------------------------------------

class Setup:
    def __init__(self, start_service, client_for, service: str) -> None:
        self.start_service, self.client_for, self.service = start_service, client_for, service
        self.known: dict[str, Any] = {}

    async def start(self, rule) -> httpx.AsyncClient:
        """Starts the service (for the projection: enforcement feeding it) and records `rule.setup`; answers an
        unlimited client of the service read."""
        writer = self.service if self.service != "projection" else "enforcement"
        source = await self.start_service(writer)
        self.running = source
        if self.service == "projection":
            self.running = await self.start_service("projection", sources={"enforcement": source.url}, reconcile_interval_seconds=0.5)
        unlimited = self.client_for(source)
        for step in getattr(rule, "setup", ()):
            path, body = request_for(source.app, step, PLANS[writer][step], self.known)
            made = await unlimited.post(path, json=body)
            assert made.status_code == 201, (step, made.text)
            learn(self.known, source.app, body, made)
            self.known.update(_enterprise(body))
        if self.service == "projection" and getattr(rule, "setup", ()):
            reader = self.client_for(self.running)
            # every region limit below is checked against what the projection has applied
            await eventually(lambda: _lists(reader, self.known["uscc"]), timeout=30, message="the projection applying the setup")
        return self.client_for(self.running)

    def client(self, **token_args) -> httpx.AsyncClient:
        return self.client_for(self.running, **token_args)

    def target(self, path: str) -> str:
        if path == "/v1/attainment/{target_id}":
            return "/v1/attainment/T04"
        return path.format(**self.known)


def _enterprise(body: dict) -> dict:
    """The credit code of the (first) enterprise a setup body names, for the projection's directory."""
    enterprises = body.get("enterprises") or ([body["enterprise"]] if isinstance(body.get("enterprise"), dict) else [])
    return {"uscc": enterprises[0]["uscc"]} if enterprises and "uscc" not in body else {}


async def _lists(client: httpx.AsyncClient, uscc: str) -> bool:
    answer = await client.get(f"/v1/enterprises/{uscc}")
    return answer.status_code == 200


def _params(path: str, rule) -> dict:
    params = dict(YEAR) if path == "/v1/attainment/{target_id}" else dict(getattr(rule, "params", {}))
    if "year" in params:  # one moment for every answer compared
        params["known_at"] = datetime.now(timezone.utc).isoformat()
    return params


async def _refusals(setup: Setup, path: str, target: str, scope: str, params: dict) -> None:
    """No token: 401. A token with every scope but the route's: 403, a problem."""
    anonymous = await setup.client().get(target, params=params, headers={"Authorization": ""})
    assert anonymous.status_code == 401, (path, anonymous.status_code, anonymous.text)
    others = [s for s in (READ_SCOPE, FEED_SCOPE, AUDIT_SCOPE, write_scope("enforcement"), write_scope(setup.service)) if s != scope]
    lacking = await setup.client(scopes=others).get(target, params=params)
    assert lacking.status_code == 403, (path, lacking.status_code, lacking.text)
    assert lacking.headers["content-type"] == "application/problem+json" and scope in lacking.json()["detail"]


@pytest.mark.parametrize(("service", "path"), cases(Record))
async def test_a_record_of_another_region_is_refused(start_service, client_for, service, path):
    rule = rule_for(service, path)
    setup = Setup(start_service, client_for, service)
    unlimited = await setup.start(rule)
    target, params = setup.target(path), _params(path, rule)
    await _refusals(setup, path, target, READ_SCOPE, params)
    whole = await unlimited.get(target, params=params)
    assert whole.status_code == 200, (target, whole.text)

    other = await setup.client(region=OTHER, scopes=[READ_SCOPE]).get(target, params=params)
    home = await setup.client(region=HOME, scopes=[READ_SCOPE]).get(target, params=params)
    assert home.status_code == 200, (target, home.text)
    if path == "/v1/attainment/{target_id}":  # the figure is answered, the records behind it are not
        assert other.status_code == 200, other.text
        figure = {k: v for k, v in whole.json().items()
                  if k not in ("records", "centers", "centers_at_risk", "months_lost", "limited_to_region")}
        assert {k: v for k, v in other.json().items() if k in figure} == figure
        assert whole.json()["records"] and whole.json()["centers"], whole.json()
        assert other.json()["records"] == [] and other.json()["centers"] == [], other.json()
        assert other.json()["limited_to_region"] == OTHER
        assert home.json()["records"] == whole.json()["records"] and home.json()["centers"] == whole.json()["centers"]
        return
    assert other.status_code == 403, (target, other.status_code, other.text)
    assert other.headers["content-type"] == "application/problem+json"
    problem = other.json()
    assert problem["type"] == "/problems/forbidden", problem
    assert OTHER in problem["detail"] and HOME in problem["detail"], problem
    assert (problem["region"], problem["record_region"]) == (OTHER, HOME), problem


@pytest.mark.parametrize(("service", "path"), cases(Records))
async def test_a_list_leaves_out_records_of_other_regions_and_says_so(start_service, client_for, service, path):
    rule = rule_for(service, path)
    setup = Setup(start_service, client_for, service)
    unlimited = await setup.start(rule)
    target = setup.target(path)
    await _refusals(setup, path, target, READ_SCOPE, {})
    wanted = setup.known[rule.id_field]

    def ids(answer: httpx.Response) -> list:
        assert answer.status_code == 200, answer.text
        return [item[rule.id_field] for item in answer.json()["items"]]

    whole = await unlimited.get(target)
    assert wanted in ids(whole) and whole.json()["limited_to_region"] is None
    other = await setup.client(region=OTHER, scopes=[READ_SCOPE]).get(target)
    assert ids(other) == [] and other.json()["limited_to_region"] == OTHER, other.json()
    asked = await setup.client(region=OTHER, scopes=[READ_SCOPE]).get(target, params={"region": HOME})
    if asked.status_code == 200:  # a list filtered by region: asking for HOME does not widen the limit
        assert ids(asked) == [], asked.json()
    home = await setup.client(region=HOME, scopes=[READ_SCOPE]).get(target)
    assert wanted in ids(home) and home.json()["limited_to_region"] == HOME


@pytest.mark.parametrize(("service", "path"), cases(Aggregate))
async def test_an_aggregate_is_answered_whatever_the_region(start_service, client_for, service, path):
    rule = rule_for(service, path)
    setup = Setup(start_service, client_for, service)
    unlimited = await setup.start(rule)
    params = _params(path, rule)
    await _refusals(setup, path, path, READ_SCOPE, params)
    whole = await unlimited.get(path, params=params)
    assert whole.status_code == 200, whole.text
    for region in (OTHER, HOME):
        limited = await setup.client(region=region, scopes=[READ_SCOPE]).get(path, params=params)
        assert limited.status_code == 200, (region, limited.text)
        assert _content(limited) == _content(whole) or path == "/v1/status", (region, path)


GENERATED = "生成时间"  # a download's meta row naming when it was made (projection.exports.query): not compared


def _content(answer: httpx.Response) -> Any:
    kind = answer.headers["content-type"]
    if "spreadsheetml" in kind:
        sheet = openpyxl.load_workbook(io.BytesIO(answer.content)).active
        return [list(row) for row in sheet.iter_rows(values_only=True) if not str(row[0]).startswith(GENERATED)]
    if "text/csv" in kind:
        return [line for line in answer.content.decode("utf-8-sig").splitlines() if not line.startswith(GENERATED)]
    return answer.json() if "json" in kind else answer.content


@pytest.mark.parametrize(("service", "path"), cases(Scoped))
async def test_the_feed_and_the_audit_need_their_scope_and_no_region(start_service, client_for, service, path):
    rule = rule_for(service, path)
    setup = Setup(start_service, client_for, service)
    await setup.start(rule)
    await _refusals(setup, path, path, rule.scope, {})
    limited = await setup.client(region=HOME, scopes=[READ_SCOPE, rule.scope]).get(path)
    assert limited.status_code == 403, limited.text
    assert HOME in limited.json()["detail"] and limited.json()["region"] == HOME
    allowed = await setup.client(scopes=[rule.scope]).get(path)
    assert allowed.status_code == 200, allowed.text


EXAMPLE_PARAMETERS = {"slug": "forbidden", "name": "swagger-ui.css", "asset:path": "index.js",
                      "uscc": "91420100MA4KPN7X2M", "subscription_id": "00000000-0000-0000-0000-000000000000"}


@pytest.mark.parametrize("service", ALL_SERVICES)
async def test_exempt_routes_need_a_token_only_where_they_say(start_service, client_for, service):
    exempt = {p: r for p in routes_of(service) if isinstance(r := rule_for(service, p), Exempt)}
    running = await start_service(service)
    anonymous = client_for(running)
    for path, rule in exempt.items():
        assert rule.reason, path
        target = path
        for name, value in EXAMPLE_PARAMETERS.items():
            target = target.replace("{" + name + "}", value)
        answer = await anonymous.get(target, headers={"Authorization": ""})
        if rule.token:
            assert answer.status_code == 401, (path, answer.status_code, answer.text)
        else:
            assert answer.status_code not in (401, 403), (path, answer.status_code, answer.text)


async def test_the_credit_list_is_read_by_every_division(start_service, client_for):
    """Measure 5's joint punishment: a division checks an entity another division listed."""
    running = await start_service("enforcement")
    path, body = request_for(running.app, "/v1/credit-list", PLANS["enforcement"]["/v1/credit-list"], {})
    listed = await client_for(running).post(path, json=body)
    assert listed.status_code == 201, listed.text
    elsewhere = client_for(running, region=OTHER, scopes=[READ_SCOPE])
    status = await elsewhere.get(f"/v1/credit-list/{body['uscc']}")
    assert status.status_code == 200 and status.json()["listed"] is True, status.text
    snapshot = await elsewhere.get("/v1/credit-list")
    assert [e["uscc"] for e in snapshot.json()["items"]] == [body["uscc"]]


async def test_a_limited_page_moves_past_the_records_it_leaves_out(start_service, client_for):
    """A page may hold fewer than `limit` (another region's records left out); following `next_after` still
    reaches every record of the token's region, and the last page says so with null."""
    running = await start_service("enforcement")
    writer = client_for(running)
    for number, region in enumerate((HOME, OTHER, OTHER, HOME), start=1):
        body = {"center_id": f"rs-{number}", "name": f"维权援助中心{number}", "region": region, "registered_on": "2019-01-01"}
        assert (await writer.post("/v1/assistance-centers", json=body)).status_code == 201
    home = client_for(running, region=HOME, scopes=[READ_SCOPE])
    pages, after = [], ""
    while after is not None:
        page = (await home.get("/v1/assistance-centers", params={"after": after, "limit": 2})).json()
        pages.append([c["center_id"] for c in page["items"]])
        after = page["next_after"]
    assert pages == [["rs-1"], ["rs-4"], []], pages  # a full scan's last page is empty, as without a limit
