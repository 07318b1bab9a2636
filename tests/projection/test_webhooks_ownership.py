"""Webhook subscriptions belong to the subject of the token that registered them: another subject neither sees
nor deletes them (404, as for a subscription that never existed); a token with the admin scope sees and deletes
every one."""

from __future__ import annotations

import uuid

import pytest

from kernel.auth import ADMIN_SCOPE

WEBHOOK_SCOPES = ("read", "projection:write")
PUBLIC_URL = "https://93.184.215.14/hooks/ipo"
PROBLEM = "application/problem+json"


@pytest.fixture
async def projection(start_service, projection_settings):
    return await start_service("projection", **projection_settings, webhook_refuse_private_urls=True)


@pytest.fixture
def wuhan(projection, client_for):
    return client_for(projection, scopes=WEBHOOK_SCOPES, subject="wuhan-ops")


@pytest.fixture
def huangshi(projection, client_for):
    return client_for(projection, scopes=WEBHOOK_SCOPES, subject="huangshi-ops")


@pytest.fixture
def admin(projection, client_for):
    return client_for(projection, scopes=(*WEBHOOK_SCOPES, ADMIN_SCOPE), subject="province-admin")


async def register(client, path: str) -> dict:
    response = await client.post("/v1/webhooks", json={"url": PUBLIC_URL + path})
    assert response.status_code == 201, response.text
    return response.json()


async def ids(client) -> list[str]:
    response = await client.get("/v1/webhooks")
    assert response.status_code == 200, response.text
    return [s["id"] for s in response.json()["items"]]


def answers_not_found(response) -> None:
    assert response.status_code == 404, (response.status_code, response.text)
    assert response.headers["content-type"] == PROBLEM and response.json()["type"] == "/problems/not-found"


async def test_a_subject_sees_and_deletes_only_its_own_subscriptions(wuhan, huangshi):
    own = await register(wuhan, "/wuhan")
    other = await register(huangshi, "/huangshi")
    assert (own["created_by"], other["created_by"]) == ("wuhan-ops", "huangshi-ops")

    assert await ids(wuhan) == [own["id"]]
    assert await ids(huangshi) == [other["id"]]
    assert (await wuhan.get(f"/v1/webhooks/{own['id']}")).status_code == 200
    assert (await wuhan.get(f"/v1/webhooks/{own['id']}/deliveries")).status_code == 200

    never = str(uuid.uuid4())
    for method, path in (("GET", ""), ("GET", "/deliveries"), ("DELETE", "")):
        theirs = await wuhan.request(method, f"/v1/webhooks/{other['id']}{path}")
        absent = await wuhan.request(method, f"/v1/webhooks/{never}{path}")
        answers_not_found(theirs)
        answers_not_found(absent)
        # the same answer as for an id never used: nothing tells the caller the subscription exists
        assert theirs.json()["detail"].replace(other["id"], "ID") == absent.json()["detail"].replace(never, "ID")
    assert await ids(huangshi) == [other["id"]]  # the refused delete deleted nothing

    assert (await huangshi.delete(f"/v1/webhooks/{other['id']}")).status_code == 204
    assert await ids(huangshi) == []
    assert await ids(wuhan) == [own["id"]]


async def test_the_admin_scope_sees_and_deletes_every_subscription(wuhan, huangshi, admin):
    first = await register(wuhan, "/wuhan")
    second = await register(huangshi, "/huangshi")
    mine = await register(admin, "/province")
    assert await ids(admin) == [first["id"], second["id"], mine["id"]]
    assert (await admin.get(f"/v1/webhooks/{second['id']}")).json()["created_by"] == "huangshi-ops"
    assert (await admin.get(f"/v1/webhooks/{first['id']}/deliveries")).json() == {"items": []}
    assert (await admin.delete(f"/v1/webhooks/{first['id']}")).status_code == 204
    assert await ids(wuhan) == []
    assert await ids(admin) == [second["id"], mine["id"]]
    assert await ids(huangshi) == [second["id"]]  # the admin's own subscription is not shown to others


async def test_the_admin_scope_alone_does_not_manage_webhooks(projection, client_for, wuhan):
    created = await register(wuhan, "/wuhan")
    admin_only = client_for(projection, scopes=("read", ADMIN_SCOPE), subject="province-admin")
    for method, path in (("GET", ""), ("GET", f"/{created['id']}"), ("DELETE", f"/{created['id']}")):
        response = await admin_only.request(method, f"/v1/webhooks{path}")
        assert response.status_code == 403, (method, path, response.text)
    assert await ids(wuhan) == [created["id"]]
