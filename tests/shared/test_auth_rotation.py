"""Signing-key rotation: tokens signed with a previous key are still accepted, and nothing is signed with one."""

from __future__ import annotations

import secrets
import time

import jwt
import pytest

from kernel.auth import ALGORITHM, TokenIssuer
from kernel.problems import Problem

ISSUER, AUDIENCE = "hubei-ipo", "hubei-ipo-measures"
OLD, NEW, OTHER = (secrets.token_urlsafe(48) for _ in range(3))


def issuer(key: str, *previous: str) -> TokenIssuer:
    return TokenIssuer(key, ISSUER, AUDIENCE, previous_keys=tuple(previous))


def refusal(verifier: TokenIssuer, token: str) -> Problem:
    with pytest.raises(Problem) as raised:
        verifier.verify(token)
    assert raised.value.status == 401
    return raised.value


def test_during_a_rotation_tokens_of_the_new_and_of_the_previous_key_are_accepted():
    rotating = issuer(NEW, OLD)
    from_old = issuer(OLD).mint("clerk", ["read"], region="420100")
    from_new = issuer(NEW).mint("auditor", ["read", "enforcement:write"])
    principal = rotating.verify(from_old)
    assert (principal.subject, principal.scopes, principal.region) == ("clerk", frozenset({"read"}), "420100")
    assert rotating.verify(from_new).scopes == frozenset({"read", "enforcement:write"})


def test_a_rotating_issuer_signs_with_the_new_key_only():
    token = issuer(NEW, OLD).mint("clerk", ["read"])
    assert jwt.decode(token, NEW, algorithms=[ALGORITHM], audience=AUDIENCE)["sub"] == "clerk"
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, OLD, algorithms=[ALGORITHM], audience=AUDIENCE)


def test_without_the_previous_key_its_tokens_are_refused():
    from_old = issuer(OLD).mint("clerk", ["read"])
    assert "Signature verification failed" in refusal(issuer(NEW), from_old).detail


def test_a_token_of_a_key_never_configured_is_refused():
    assert "Signature verification failed" in refusal(issuer(NEW, OLD), issuer(OTHER).mint("intruder", ["read"])).detail


def test_a_previous_key_does_not_make_an_expired_or_foreign_token_valid():
    rotating = issuer(NEW, OLD)
    expired = issuer(OLD).mint("clerk", ["read"], ttl_seconds=60, now=time.time() - 3600)
    assert "expired" in refusal(rotating, expired).detail
    elsewhere = TokenIssuer(OLD, "another-office", AUDIENCE).mint("clerk", ["read"])
    assert "issuer" in refusal(rotating, elsewhere).detail.lower()


async def test_a_running_service_accepts_a_token_of_the_previous_key_during_rotation(start_service, issuer):
    import httpx

    from kernel.auth import ALL_SCOPES, TokenIssuer

    old_key = "previous-key-" + "x7Qp2LmZ9rT4vB8n" * 3
    service = await start_service("enforcement", auth_previous_signing_keys=old_key)
    old = TokenIssuer(old_key, issuer.issuer, issuer.audience).mint("bureau-system", ALL_SCOPES)
    stranger = TokenIssuer("some-other-key-" + "Zk3Wq8Ns" * 5, issuer.issuer, issuer.audience).mint("bureau-system", ALL_SCOPES)
    async with httpx.AsyncClient(base_url=service.url) as http:
        accepted = await http.get("/v1/import/kinds", headers={"Authorization": f"Bearer {old}"})
        refused = await http.get("/v1/import/kinds", headers={"Authorization": f"Bearer {stranger}"})
    assert accepted.status_code == 200
    assert refused.status_code == 401
