"""/v1/webhooks over HTTP: who may call it, what it refuses (naming the field), what it shows, and that a
rebuild of the read models keeps the subscriptions."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from kernel.auth import ALL_SCOPES
from kernel.domain.dates import today
from kernel.testing.fixtures import SIGNING_KEY
from projection.cli import app as cli

WEBHOOK_SCOPES = ("read", "projection:write")
PUBLIC_URL = "https://93.184.215.14/hooks/ipo"  # a public address: accepted without a name to resolve
PROBLEM = "application/problem+json"
# a yearly count with nothing recorded: below its pro-rata line, or missed on the year's last day
NOTHING_COUNTED = "missed" if today() == date(today().year, 12, 31) else "at_risk"


@pytest.fixture
async def projection(start_service, projection_settings):
    """The projection as deployed: URLs to non-public addresses are refused."""
    return await start_service("projection", **projection_settings, webhook_refuse_private_urls=True)


@pytest.fixture
def operator(projection, client_for):
    return client_for(projection, scopes=WEBHOOK_SCOPES)


def field_of(response) -> list[str]:
    assert response.status_code == 422, (response.status_code, response.text)
    assert response.headers["content-type"] == PROBLEM
    return [e["field"] for e in response.json()["errors"]]


BAD_BODIES = [
    ({}, "url"),
    ({"url": "ftp://hooks.example.org/ipo"}, "url"),
    ({"url": "hooks.example.org/ipo"}, "url"),
    ({"url": "https://"}, "url"),
    ({"url": 42}, "url"),
    ({"url": "https://example.org/" + "a" * 2100}, "url"),
    ({"url": "http://127.0.0.1:9/hook"}, "url"),
    ({"url": "http://10.1.2.3/hook"}, "url"),
    ({"url": "http://[::1]:8080/hook"}, "url"),
    ({"url": "http://169.254.169.254/latest/meta-data"}, "url"),
    ({"url": "http://[64:ff9b::7f00:1]/hook"}, "url"),  # NAT64 of 127.0.0.1
    ({"url": "http://[64:ff9b:1::a00:1]/hook"}, "url"),  # local-use NAT64
    ({"url": "http://[2002:7f00:1::]/hook"}, "url"),  # 6to4 of 127.0.0.1
    ({"url": "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook"}, "url"),  # Teredo, client 127.0.0.1
    ({"url": "http://[::ffff:127.0.0.1]/hook"}, "url"),
    ({"url": "http://[::127.0.0.1]/hook"}, "url"),
    ({"url": "http://localhost:8080/hook"}, "url"),
    ({"url": PUBLIC_URL, "filter": {"targets": ["T99"]}}, "filter.targets.0"),
    ({"url": PUBLIC_URL, "filter": {"targets": []}}, "filter.targets"),
    ({"url": PUBLIC_URL, "filter": {"targets": "T04"}}, "filter.targets"),
    ({"url": PUBLIC_URL, "filter": {"regions": ["420100", "999999"]}}, "filter.regions.1"),
    ({"url": PUBLIC_URL, "filter": {"targets": ["T20"], "regions": ["420100"]}}, "filter.regions"),
    ({"url": PUBLIC_URL, "filter": {"colour": "red"}}, "filter.colour"),
    ({"url": PUBLIC_URL, "description": "a\x00b"}, "description"),
    ({"url": PUBLIC_URL, "description": "x" * 201}, "description"),
    ({"url": PUBLIC_URL, "secret": "whsec_mine"}, "secret"),
]


async def test_a_bad_subscription_is_refused_naming_the_field(operator):
    for body, field in BAD_BODIES:
        response = await operator.post("/v1/webhooks", json=body)
        assert field in field_of(response), (body, response.text)
    assert (await operator.get("/v1/webhooks")).json()["items"] == []


async def test_a_refused_private_url_names_the_setting_that_would_allow_it(operator):
    for url in ("http://10.1.2.3/hook", "http://[64:ff9b::7f00:1]/hook", "http://localhost:8080/hook"):
        response = await operator.post("/v1/webhooks", json={"url": url})
        assert field_of(response) == ["url"], response.text
        detail = response.json()["detail"]
        assert "PROJECTION_WEBHOOK_ALLOWED_NETWORKS" in detail and "公网" in detail and "public" in detail
        assert detail.index("公网") < detail.index("public")  # Chinese first, English beside
    public_form = await operator.post("/v1/webhooks", json={"url": "http://[64:ff9b::5db8:d70e]/hook"})  # NAT64 of a public host
    assert public_form.status_code == 201, public_form.text


async def test_a_body_that_is_not_json_is_a_problem_not_a_failure(operator):
    response = await operator.post("/v1/webhooks", content=b'{"url": ', headers={"content-type": "application/json"})
    assert response.status_code in (400, 422) and response.headers["content-type"] == PROBLEM


async def test_webhooks_need_the_projection_write_scope(projection, client_for, operator):
    created = (await operator.post("/v1/webhooks", json={"url": PUBLIC_URL})).json()
    calls = [
        ("POST", "/v1/webhooks", {"url": PUBLIC_URL}),
        ("GET", "/v1/webhooks", None),
        ("GET", f"/v1/webhooks/{created['id']}", None),
        ("GET", f"/v1/webhooks/{created['id']}/deliveries", None),
        ("DELETE", f"/v1/webhooks/{created['id']}", None),
    ]
    anonymous = client_for(projection)
    anonymous.headers.pop("Authorization")
    reader = client_for(projection, scopes=["read"])
    writer_elsewhere = client_for(projection, scopes=[s for s in ALL_SCOPES if s != "projection:write"])  # every command service's write scope
    for client, status in ((anonymous, 401), (reader, 403), (writer_elsewhere, 403)):
        for method, path, body in calls:
            response = await client.request(method, path, json=body)
            assert response.status_code == status, (method, path, response.text)
            assert response.headers["content-type"] == PROBLEM
    assert [s["id"] for s in (await operator.get("/v1/webhooks")).json()["items"]] == [created["id"]]


async def test_subscriptions_are_listed_read_and_deleted_without_their_secret(operator):
    first = await operator.post("/v1/webhooks", json={
        "url": PUBLIC_URL, "filter": {"targets": ["T04", "T04", "T09b"], "regions": ["420100"]}, "description": " 武汉 "})
    assert first.status_code == 201, first.text
    created = first.json()
    assert first.headers["location"] == f"/v1/webhooks/{created['id']}"
    assert created["filter"] == {"targets": ["T04", "T09b"], "regions": ["420100"]}
    assert created["description"] == "武汉" and created["created_by"] == "tester"
    second = (await operator.post("/v1/webhooks", json={"url": "http://93.184.215.14:8080/other"})).json()
    assert second["secret"] != created["secret"]

    listed = (await operator.get("/v1/webhooks")).json()["items"]
    assert [s["id"] for s in listed] == [created["id"], second["id"]]
    assert all("secret" not in s for s in listed)
    one = await operator.get(f"/v1/webhooks/{created['id']}")
    assert one.status_code == 200 and "secret" not in one.json()
    assert {k: v for k, v in one.json().items()} == {k: v for k, v in created.items() if k != "secret"}
    assert (await operator.get(f"/v1/webhooks/{created['id']}/deliveries")).json() == {"items": []}
    bad_state = await operator.get(f"/v1/webhooks/{created['id']}/deliveries", params={"state": "lost"})
    assert "state" in field_of(bad_state)

    assert (await operator.delete(f"/v1/webhooks/{created['id']}")).status_code == 204
    for method, path in (("GET", ""), ("DELETE", ""), ("GET", "/deliveries")):
        response = await operator.request(method, f"/v1/webhooks/{created['id']}{path}")
        assert response.status_code == 404 and response.headers["content-type"] == PROBLEM, (method, path)
    assert [s["id"] for s in (await operator.get("/v1/webhooks")).json()["items"]] == [second["id"]]
    assert "subscription_id" in field_of(await operator.get("/v1/webhooks/not-an-id"))
    assert (await operator.get(f"/v1/webhooks/{uuid.uuid4()}")).status_code == 404


async def test_a_subscription_records_the_baseline_of_what_it_watches(projection, operator):
    await operator.post("/v1/webhooks", json={"url": PUBLIC_URL, "filter": {"targets": ["T04", "T20"], "regions": ["420000", "420100"]}})
    async with projection.app.state.engine.connect() as conn:
        rows = (await conn.execute(text("SELECT target, region, status FROM webhooks.statuses ORDER BY target, region"))).all()
    # T20 has no status in a division: only three pairs are watched; nothing recorded yet, so nothing is due
    assert [tuple(r) for r in rows] == [("T04", "420000", "not_due"), ("T04", "420100", "not_due"), ("T20", "420000", NOTHING_COUNTED)]


async def test_a_rebuild_of_the_read_models_keeps_the_subscriptions(projection, operator, enforcement, auth):
    created = (await operator.post("/v1/webhooks", json={"url": PUBLIC_URL, "filter": {"targets": ["T19"]}})).json()
    token = auth()["Authorization"].removeprefix("Bearer ")
    args = ["rebuild", "--database-url", projection.app.state.settings.database_url,
            "--source", f"enforcement={enforcement.url}", "--token", token]
    result = await asyncio.to_thread(CliRunner().invoke, cli, args, env={"AUTH_SIGNING_KEY": SIGNING_KEY})
    assert result.exit_code == 0, result.output + repr(result.exception)
    assert "swapped in" in result.output

    assert [s["id"] for s in (await operator.get("/v1/webhooks")).json()["items"]] == [created["id"]]
    async with projection.app.state.engine.connect() as conn:
        baseline = (await conn.execute(text("SELECT status FROM webhooks.statuses WHERE target = 'T19'"))).scalar_one()
    assert baseline == NOTHING_COUNTED
