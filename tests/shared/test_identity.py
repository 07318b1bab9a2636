"""Tokens of the office's identity platform, verified against its published keys (a real JWKS server on loopback)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import secrets
import time
import uuid

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from pydantic import ValidationError

from kernel.auth import TokenIssuer
from kernel.identity import JwksVerifier
from kernel.problems import Problem
from kernel.settings import ServiceSettings
from kernel.testing.fixtures import SIGNING_KEY
from tests.shared.identity_platform import AUDIENCE, IdentityPlatform, SigningKey


@pytest.fixture
def platform():
    platform = IdentityPlatform().start()
    yield platform
    platform.stop()


@pytest.fixture
async def verifier_for():
    started: list[JwksVerifier] = []

    async def make(platform: IdentityPlatform, **options) -> JwksVerifier:
        options = {"jwks_url": platform.jwks_url, "min_refresh_seconds": 0, "refresh_seconds": 300, **options}
        verifier = JwksVerifier(issuer=platform.issuer, audience=AUDIENCE, **options)
        await verifier.start()
        started.append(verifier)
        return verifier

    yield make
    for verifier in started:
        await verifier.stop()


async def refusal(verifier: JwksVerifier, token: str, status: int = 401) -> Problem:
    with pytest.raises(Problem) as raised:
        await verifier.verify(token)
    assert raised.value.status == status, raised.value.detail
    return raised.value


def forged_hs256(secret: bytes, claims: dict, kid: str) -> str:
    """A token signed HS256 with `secret`: what an attacker makes with a key the platform publishes."""

    def b64(data: bytes) -> bytes:
        return base64.urlsafe_b64encode(data).rstrip(b"=")

    head = b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": kid}).encode()) + b"." + b64(json.dumps(claims).encode())
    return (head + b"." + b64(hmac.new(secret, head, hashlib.sha256).digest())).decode()


@pytest.mark.parametrize("algorithm", ["RS256", "ES256", "EdDSA"])
async def test_tokens_of_each_accepted_key_type_are_verified(algorithm, verifier_for):
    platform = IdentityPlatform(keys=[SigningKey.new(algorithm)]).start()
    try:
        verifier = await verifier_for(platform)
        principal = await verifier.verify(platform.token(scope="read enforcement:write", region="420100"))
        assert (principal.subject, principal.scopes, principal.region) == (
            "bureau-system", frozenset({"read", "enforcement:write"}), "420100")
    finally:
        platform.stop()


async def test_scp_as_a_list_and_a_region_claim_of_another_name(platform, verifier_for):
    verifier = await verifier_for(platform, region_claim="division")
    token = platform.token(scope=None, scp=["read", "feed:read"], division="420200")
    principal = await verifier.verify(token)
    assert (principal.scopes, principal.region) == (frozenset({"read", "feed:read"}), "420200")
    assert "scp claim" in (await refusal(verifier, platform.token(scope=None, scp={"read": 1}))).detail


async def test_a_cached_key_verifies_without_asking_the_platform(platform, verifier_for):
    verifier = await verifier_for(platform)
    before = platform.jwks_fetches
    for _ in range(50):
        await verifier.verify(platform.token())
    assert platform.jwks_fetches == before == 1


async def test_a_rotation_a_new_kid_at_the_platform_is_fetched_and_accepted(platform, verifier_for):
    verifier = await verifier_for(platform)
    new = SigningKey.new("ES256")
    platform.keys.append(new)
    assert (await verifier.verify(platform.token(new, subject="after-rotation"))).subject == "after-rotation"
    assert platform.jwks_fetches == 2
    assert (await verifier.verify(platform.token(platform.keys[0]))).subject == "bureau-system", "the old key still verifies"


async def test_an_unknown_kid_after_the_refresh_is_refused(platform, verifier_for):
    verifier = await verifier_for(platform)
    stranger = SigningKey.new("RS256", kid="not-published")
    problem = await refusal(verifier, platform.token(stranger))
    assert "not-published" in problem.detail and problem.headers["WWW-Authenticate"].startswith("Bearer")
    assert platform.jwks_fetches == 2, "the verifier asked the platform once for the unknown kid"


async def test_unknown_kids_fetch_the_key_set_at_most_once_per_interval(platform, verifier_for):
    verifier = await verifier_for(platform, min_refresh_seconds=0.5)
    await asyncio.sleep(0.6)
    strangers = [platform.token(SigningKey(f"guess-{n}", "RS256", platform.keys[0].private)) for n in range(30)]
    await asyncio.gather(*(refusal(verifier, token) for token in strangers[:15]))  # at the same time
    for token in strangers[15:]:  # one after another
        await refusal(verifier, token)
    assert platform.jwks_fetches == 2, f"{platform.jwks_fetches - 1} fetches for 30 unknown kids"
    await asyncio.sleep(0.6)
    await refusal(verifier, strangers[0])
    assert platform.jwks_fetches == 3, "once the interval has passed an unknown kid fetches again"


async def test_concurrent_unknown_kids_share_one_fetch(platform, verifier_for):
    verifier = await verifier_for(platform)  # no interval at all: only the fetch under way is shared
    new = SigningKey.new("EdDSA")
    platform.keys.append(new)
    principals = await asyncio.gather(*(verifier.verify(platform.token(new)) for _ in range(20)))
    assert {p.subject for p in principals} == {"bureau-system"}
    assert platform.jwks_fetches == 2


async def test_hs256_forged_with_the_published_rsa_key_is_refused(platform, verifier_for):
    verifier = await verifier_for(platform)
    key = platform.keys[0]
    claims = {"sub": "intruder", "iss": platform.issuer, "aud": AUDIENCE, "exp": int(time.time()) + 600, "scope": "admin"}
    pem = key.private.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    for secret in (pem, json.dumps(key.public_jwk()).encode(), key.public_jwk()["n"].encode()):
        problem = await refusal(verifier, forged_hs256(secret, claims, key.kid))
        assert "RS256" in problem.detail
    unsigned = base64.urlsafe_b64encode(json.dumps({"alg": "none", "kid": key.kid}).encode()).rstrip(b"=").decode()
    await refusal(verifier, unsigned + "." + forged_hs256(b"x", claims, key.kid).split(".")[1] + ".")


async def test_wrong_audience_or_issuer_is_refused(platform, verifier_for):
    verifier = await verifier_for(platform)
    assert "audience" in (await refusal(verifier, platform.token(aud="another-system"))).detail.lower()
    assert "issuer" in (await refusal(verifier, platform.token(iss="https://elsewhere.example"))).detail.lower()
    assert "aud" in (await refusal(verifier, platform.token(aud=None))).detail


async def test_expired_or_endless_tokens_are_refused_within_a_small_leeway(platform, verifier_for):
    verifier = await verifier_for(platform, leeway_seconds=30)
    assert "expired" in (await refusal(verifier, platform.token(ttl_seconds=-120))).detail
    assert (await verifier.verify(platform.token(ttl_seconds=-10))).subject == "bureau-system", "10 s of clock skew"
    assert "exp" in (await refusal(verifier, platform.token(exp=None))).detail


async def test_a_key_removed_from_the_set_stops_verifying_after_the_refresh(platform, verifier_for):
    old, new = platform.keys[0], SigningKey.new("RS256")
    platform.keys.append(new)
    verifier = await verifier_for(platform, refresh_seconds=0.3)
    token = platform.token(old)
    assert (await verifier.verify(token)).subject == "bureau-system"
    platform.keys.remove(old)
    await asyncio.sleep(0.8)  # the background refresh
    assert old.kid in (await refusal(verifier, token)).detail
    assert (await verifier.verify(platform.token(new))).subject == "bureau-system"


async def test_keys_of_other_types_and_mislabelled_keys_are_left_out(platform, verifier_for):
    rsa_as_hmac = {**SigningKey.new("RS256", kid="rsa-labelled-hs256").public_jwk(), "alg": "HS256"}
    shared_secret = {"kty": "oct", "kid": "shared", "k": base64.urlsafe_b64encode(b"s" * 32).decode().rstrip("=")}
    platform.extra_jwks_entries += [rsa_as_hmac, shared_secret, {"kty": "RSA", "kid": "broken", "n": 5, "e": []}]
    verifier = await verifier_for(platform)
    assert set(verifier.keys) == {platform.keys[0].kid}
    problem = await refusal(verifier, forged_hs256(b"s" * 32, {"sub": "x", "iss": platform.issuer, "aud": AUDIENCE,
                                                              "exp": int(time.time()) + 60}, "shared"))
    assert "shared" in problem.detail


async def test_a_platform_down_at_start_answers_503_until_its_keys_are_fetched(platform, verifier_for):
    platform.answering = False
    verifier = await verifier_for(platform, min_refresh_seconds=0.2)
    problem = await refusal(verifier, platform.token(), status=503)
    assert problem.headers["Retry-After"] == "1"
    platform.answering = True
    await asyncio.sleep(0.5)  # the background retry
    assert (await verifier.verify(platform.token())).subject == "bureau-system"


async def test_oidc_discovery_finds_the_key_set_and_checks_the_issuer(platform, verifier_for):
    verifier = await verifier_for(platform, jwks_url=None, discovery=True)
    assert (await verifier.verify(platform.token())).subject == "bureau-system"
    assert verifier.jwks_url == platform.jwks_url and verifier.discovered["token_endpoint"] == platform.issuer + "/token"
    platform.discovery_issuer = "https://impostor.example"
    impostor = await verifier_for(platform, jwks_url=None, discovery=True)
    assert "issuer" in impostor.last_error and not impostor.keys
    await refusal(impostor, platform.token(), status=503)


async def test_malformed_tokens_are_401(platform, verifier_for):
    verifier = await verifier_for(platform)
    for token in ("", "abc", "a.b.c", "e30.e30.", platform.token()[:-5]):
        await refusal(verifier, token)


# --- settings -------------------------------------------------------------------------------------------------

def test_production_without_the_identity_platform_does_not_start():
    with pytest.raises(ValidationError, match="AUTH_JWKS_URL") as raised:
        ServiceSettings(environment="production", auth_signing_key=secrets.token_urlsafe(48))
    assert "AUTH_SIGNING_KEY" in str(raised.value) and "development" in str(raised.value)
    with pytest.raises(ValidationError, match="https"):
        ServiceSettings(environment="production", auth_jwks_url="http://idp.example/keys")
    with pytest.raises(ValidationError, match="https"):
        ServiceSettings(environment="production", auth_oidc_discovery=True, auth_issuer="http://idp.example")
    with pytest.raises(ValidationError, match="AUTH_ISSUER"):
        ServiceSettings(environment="development", auth_oidc_discovery=True, auth_issuer="hubei-ipo")
    assert ServiceSettings(environment="production", auth_jwks_url="https://idp.example/keys").auth_signing_key == ""
    assert ServiceSettings(environment="production", auth_oidc_discovery=True, auth_issuer="https://idp.example/realms/ipo")


# --- through a running service --------------------------------------------------------------------------------

async def test_a_service_on_the_platform_accepts_its_rs256_tokens_only(platform, start_service):
    service = await start_service("enforcement", auth_jwks_url=platform.jwks_url, auth_issuer=platform.issuer)
    center = {"center_id": f"c-{uuid.uuid4().hex[:8]}", "name": "武汉市知识产权维权援助中心", "region": "420100",
              "registered_on": "2019-01-01"}
    bearer = {"Authorization": f"Bearer {platform.token(scope='read enforcement:write', region='420100')}"}
    async with httpx.AsyncClient(base_url=service.url, timeout=30) as http:
        written = await http.post("/v1/assistance-centers", json=center, headers=bearer)
        assert written.status_code == 201, written.text
        assert (await http.get(f"/v1/assistance-centers/{center['center_id']}", headers=bearer)).status_code == 200
        # the development key's HS256 token, for the same issuer and audience, is not the platform's
        development_token = TokenIssuer(SIGNING_KEY, platform.issuer, AUDIENCE).mint("developer", ["enforcement:write"])
        development = await http.post("/v1/assistance-centers", json={**center, "center_id": "c-dev"},
                                      headers={"Authorization": f"Bearer {development_token}"})
        assert development.status_code == 401, development.text
        assert development.headers["content-type"].startswith("application/problem+json")
        other_region = await http.post("/v1/assistance-centers", json={**center, "center_id": "c-hs", "region": "420200"},
                                       headers=bearer)
        assert other_region.status_code == 403
