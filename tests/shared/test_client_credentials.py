"""The projection's feed token from the identity platform (client-credentials grant), against a real local platform."""

from __future__ import annotations

import asyncio
import time
import uuid

import httpx
import pytest
from pydantic import ValidationError

from kernel.client_credentials import ClientCredentialsToken
from kernel.identity import JwksVerifier
from projection.settings import ProjectionSettings
from tests.shared.identity_platform import AUDIENCE, IdentityPlatform


@pytest.fixture
def platform():
    platform = IdentityPlatform(clients={"ipo-projection": "s3cret-of-the-projection"}).start()
    yield platform
    platform.stop()


async def test_the_token_is_fetched_verifies_and_is_renewed_before_it_expires(platform):
    platform.client_token_seconds = 3
    source = ClientCredentialsToken(token_url=platform.issuer + "/token", client_id="ipo-projection",
                                    client_secret="s3cret-of-the-projection", scope="feed:read")
    verifier = JwksVerifier(issuer=platform.issuer, audience=AUDIENCE, jwks_url=platform.jwks_url)
    await source.start()
    await verifier.start()
    try:
        first = source()
        principal = await verifier.verify(first)
        assert (principal.subject, principal.scopes) == ("ipo-projection", frozenset({"feed:read"}))
        await asyncio.sleep(2.5)  # two thirds of 3 s
        assert source.renewals == 2 and source() != first
        assert platform.fetches["/token"] == 2
    finally:
        await source.stop()
        await verifier.stop()


async def test_a_refused_client_gets_no_token_and_retries(platform):
    source = ClientCredentialsToken(token_url=platform.issuer + "/token", client_id="ipo-projection",
                                    client_secret="wrong", scope="feed:read")
    await source.start()
    try:
        assert source() == "" and "401" in source.last_error
        platform.clients["ipo-projection"] = "wrong"
        started = time.monotonic()
        while source() == "" and time.monotonic() - started < 5:
            await asyncio.sleep(0.1)
        assert source() and source.last_error is None, "retried after a pause and got one"
    finally:
        await source.stop()


async def test_the_token_endpoint_is_found_by_discovery(platform):
    source = ClientCredentialsToken(token_url=None, discovery_issuer=platform.issuer, client_id="ipo-projection",
                                    client_secret="s3cret-of-the-projection", scope="feed:read")
    await source.start()
    try:
        assert source() and source.token_url == platform.issuer + "/token"
    finally:
        await source.stop()


def test_a_projection_on_the_platform_needs_a_client_for_the_feeds():
    platform = {"auth_jwks_url": "https://idp.example/keys", "auth_signing_key": ""}
    with pytest.raises(ValidationError, match="FEED_CLIENT_ID"):
        ProjectionSettings(**platform)
    with pytest.raises(ValidationError, match="FEED_CLIENT_SECRET"):
        ProjectionSettings(**platform, feed_client_id="ipo-projection", feed_token_url="https://idp.example/token")
    with pytest.raises(ValidationError, match="FEED_TOKEN_URL"):
        ProjectionSettings(**platform, feed_client_id="ipo-projection", feed_client_secret="s")
    assert ProjectionSettings(**platform, feed_client_id="ipo-projection", feed_client_secret="s",
                              feed_token_url="https://idp.example/token").feed_client_id == "ipo-projection"


async def test_the_projection_reads_the_feed_with_the_platforms_token(platform, start_service):
    on_platform = {"auth_jwks_url": platform.jwks_url, "auth_issuer": platform.issuer}
    enforcement = await start_service("enforcement", **on_platform)
    projection = await start_service(
        "projection", **on_platform, sources={"enforcement": enforcement.url}, reconcile_interval_seconds=0.5,
        feed_client_id="ipo-projection", feed_client_secret="s3cret-of-the-projection",
        feed_token_url=platform.issuer + "/token",
    )
    center = {"center_id": f"c-{uuid.uuid4().hex[:8]}", "name": "黄石市知识产权维权援助中心", "region": "420200",
              "registered_on": "2019-01-01"}
    bearer = {"Authorization": f"Bearer {platform.token(scope='enforcement:write')}"}
    async with httpx.AsyncClient(base_url=enforcement.url, timeout=30) as http:
        assert (await http.post("/v1/assistance-centers", json=center, headers=bearer)).status_code == 201
    status = projection.app.state.reconciler.status["enforcement"]
    started = time.monotonic()
    while (status["error"] is not None or not status["head"]) and time.monotonic() - started < 15:
        await asyncio.sleep(0.2)
    assert status["error"] is None and status["head"] >= 1, status
    assert platform.fetches["/token"] >= 1
