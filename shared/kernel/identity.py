"""Tokens of the office's identity platform, verified against the keys it publishes (JWKS, OIDC discovery).

The platform signs; the services only verify, so no service can mint a token. Each published key verifies one
algorithm, fixed by the key's type (RSA: RS256, EC P-256: ES256, OKP Ed25519: EdDSA), whatever a token's header
claims. The key set is cached and fetched again in the background every `refresh_seconds`, and on demand when a
token names a `kid` the cache does not hold (a rotation), at most once per `min_refresh_seconds`. A request whose
key is cached never waits for the network. Outside production, without any of this configured, the development
key of `make run` and the tests verifies HS256 tokens instead (`SharedKeyVerifier`).
"""

from __future__ import annotations

import asyncio
import math
import time
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

import httpx
import jwt
import structlog

from kernel.auth import Principal, TokenIssuer, _unauthorized
from kernel.problems import Problem

log = structlog.get_logger()

MAX_KEY_SET_BYTES = 1_000_000
DISCOVERY_PATH = "/.well-known/openid-configuration"


class TokenVerifier(Protocol):
    async def verify(self, token: str) -> Principal: ...
    async def start(self) -> None: ...
    async def stop(self) -> None: ...


def pinned_algorithm(jwk: dict[str, Any]) -> str | None:
    """The one algorithm a published key verifies, from its type and curve; None for a key type not accepted."""
    kty, crv = jwk.get("kty"), jwk.get("crv")
    if kty == "RSA":
        return "RS256"
    if kty == "EC" and crv == "P-256":
        return "ES256"
    if kty == "OKP" and crv == "Ed25519":
        return "EdDSA"
    return None  # "oct" (a shared secret) above all: a published key is never an HMAC secret


def parse_key_set(document: Any) -> dict[str | None, jwt.PyJWK]:
    """The usable signing keys of a JWKS document by `kid`; keys of other types, uses or algorithms are left out."""
    entries = document.get("keys") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise ValueError("the document is not a JWKS (no `keys` list)")
    keys: dict[str | None, jwt.PyJWK] = {}
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        algorithm = pinned_algorithm(entry)
        kid = entry.get("kid")
        reason = None
        if algorithm is None:
            reason = f"key type {entry.get('kty')!r} {entry.get('crv') or ''} is not accepted (RSA, EC P-256, Ed25519)"
        elif entry.get("alg", algorithm) != algorithm:
            reason = f"declares alg {entry.get('alg')!r}, but a {entry.get('kty')} key verifies {algorithm} only"
        elif entry.get("use", "sig") != "sig":
            reason = f"is for use {entry.get('use')!r}, not signatures"
        elif "d" in entry:
            reason = "is a private key (the platform must publish public keys only)"
        elif kid is not None and not isinstance(kid, str):
            reason = "has a kid that is not a string"
        if reason is None:
            try:
                keys[kid] = jwt.PyJWK(entry, algorithm)
            except Exception as exc:  # noqa: BLE001 - a key the library cannot read is left out, whatever the cause
                reason = f"cannot be read ({type(exc).__name__}: {exc})"
        if reason is not None:
            log.warning("identity provider key left out", kid=kid, reason=reason)
    return keys


def principal_from_claims(claims: dict[str, Any], region_claim: str) -> Principal:
    """Scopes from `scope` (space-separated) and/or `scp` (a list, or space-separated), as platforms differ."""
    scopes: set[str] = set()
    for name in ("scope", "scp"):
        value = claims.get(name)
        if value is None:
            continue
        if isinstance(value, str):
            scopes.update(value.split())
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            scopes.update(value)
        else:
            raise _unauthorized(f"令牌的 {name} 声明格式不对；the token's {name} claim is malformed")
    subject, region = claims.get("sub"), claims.get(region_claim)
    if not isinstance(subject, str) or not subject:
        raise _unauthorized("令牌的 sub 声明格式不对；the token's sub claim is malformed")
    if region is not None and not isinstance(region, str):
        raise _unauthorized(f"令牌的 {region_claim} 声明格式不对；the token's {region_claim} claim is malformed")
    return Principal(subject=subject, scopes=frozenset(scopes), region=region)


class JwksVerifier:
    """Verifies the identity platform's tokens with its published keys, refreshed as described above."""

    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        jwks_url: str | None = None,
        discovery: bool = False,
        region_claim: str = "region",
        leeway_seconds: float = 30,
        refresh_seconds: float = 300,
        min_refresh_seconds: float = 30,
        timeout_seconds: float = 5,
    ) -> None:
        if not jwks_url and not discovery:
            raise ValueError("a JWKS URL or OIDC discovery is needed")
        self.issuer, self.audience, self.region_claim = issuer, audience, region_claim
        self.leeway_seconds, self.timeout_seconds = leeway_seconds, timeout_seconds
        self.refresh_seconds, self.min_refresh_seconds = refresh_seconds, min_refresh_seconds
        self._configured_jwks_url, self._discovery = jwks_url or None, discovery
        self.jwks_url: str | None = jwks_url or None
        self.discovered: dict[str, Any] = {}  # the discovery document (token_endpoint, ...), once fetched
        self.keys: dict[str | None, jwt.PyJWK] = {}
        self.last_error: str | None = None
        self._last_attempt = -math.inf
        self._fetching: asyncio.Task | None = None
        self._background: asyncio.Task | None = None
        self._http: httpx.AsyncClient | None = None

    async def start(self) -> None:
        self._http = httpx.AsyncClient(timeout=self.timeout_seconds, follow_redirects=False)
        await self.refresh()
        if self.last_error:
            log.error("identity provider keys not available at start; tokens get 503 until they are", error=self.last_error)
        self._background = asyncio.create_task(self._refresh_periodically(), name="identity:jwks-refresh")

    async def stop(self) -> None:
        for task in (self._background, self._fetching):
            if task is not None:
                task.cancel()
        for task in (self._background, self._fetching):
            if task is not None:
                await asyncio.gather(task, return_exceptions=True)
        if self._http is not None:
            await self._http.aclose()

    async def verify(self, token: str) -> Principal:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise _unauthorized(f"令牌无效；the token is not valid: {exc}") from None
        kid = header.get("kid")
        if not isinstance(kid, (str, type(None))):
            raise _unauthorized("令牌的 kid 格式不对；the token's kid is malformed")
        key = self._key_for(kid)
        if key is None:
            await self._refresh_for_unknown_key()
            key = self._key_for(kid)
        if key is None:
            if not self.keys:
                raise Problem(503, "service-unavailable",
                              "暂时取不到身份平台的公钥，请稍后重试；the identity provider's keys cannot be fetched right now, retry shortly",
                              headers={"Retry-After": str(max(1, math.ceil(self.min_refresh_seconds)))})
            raise _unauthorized(f"令牌的签名密钥（kid {kid!r}）不在身份平台公布的密钥中；"
                                f"the token's key (kid {kid!r}) is not among the identity provider's keys")
        if header.get("alg") != key.algorithm_name:
            raise _unauthorized(f"令牌的算法 {header.get('alg')!r} 与密钥不符（只验 {key.algorithm_name}）；"
                                f"the token is signed with {header.get('alg')!r}, its key verifies {key.algorithm_name} only")
        try:
            claims = jwt.decode(
                token, key, algorithms=[key.algorithm_name], audience=self.audience, issuer=self.issuer,
                leeway=self.leeway_seconds,
                options={"require": ["exp", "iss", "aud", "sub"], "enforce_minimum_key_length": True},
            )
        except jwt.ExpiredSignatureError:
            raise _unauthorized("令牌已过期；the token has expired") from None
        except jwt.PyJWTError as exc:
            raise _unauthorized(f"令牌无效；the token is not valid: {exc}") from None
        return principal_from_claims(claims, self.region_claim)

    def _key_for(self, kid: str | None) -> jwt.PyJWK | None:
        if kid is None and len(self.keys) == 1:
            return next(iter(self.keys.values()))  # a platform publishing one key may leave kid out
        return self.keys.get(kid)

    async def _refresh_for_unknown_key(self) -> None:
        """Fetch the key set again, unless a fetch is under way (then wait for it) or one ran too recently."""
        if self._fetching is None and time.monotonic() - self._last_attempt < self.min_refresh_seconds:
            return
        await self.refresh()

    async def refresh(self) -> None:
        """One fetch of the key set shared by every caller waiting for it; a caller cancelled does not cancel it."""
        if self._fetching is None:
            self._fetching = asyncio.create_task(self._fetch(), name="identity:jwks-fetch")
            self._fetching.add_done_callback(lambda _: setattr(self, "_fetching", None))
        await asyncio.shield(self._fetching)

    async def _refresh_periodically(self) -> None:
        while True:
            await asyncio.sleep(self.refresh_seconds if self.keys else self.min_refresh_seconds)
            await self.refresh()

    async def _fetch(self) -> None:
        self._last_attempt = time.monotonic()
        try:
            if self.jwks_url is None:
                await self._discover()
            keys = parse_key_set(await self._get_json(self.jwks_url))
            if not keys:
                raise ValueError("the key set holds no usable signing key")
        except Exception as exc:  # noqa: BLE001 - any failure of the provider's answer (HTTP, JSON, keys)
            # keep the keys cached: a provider answering badly for a while must not lock everyone out
            self.last_error = f"{type(exc).__name__}: {exc}"
            log.warning("identity provider keys not fetched", url=self.jwks_url or self.issuer, error=self.last_error)
            if self._discovery and not self._configured_jwks_url:
                self.jwks_url = None  # discover again next time: the platform may have moved its keys
            return
        added, removed = keys.keys() - self.keys.keys(), self.keys.keys() - keys.keys()
        if added or removed:
            log.info("identity provider keys changed", added=sorted(map(str, added)), removed=sorted(map(str, removed)))
        self.keys, self.last_error = keys, None

    async def _discover(self) -> None:
        document = await self._get_json(self.issuer.rstrip("/") + DISCOVERY_PATH)
        if not isinstance(document, dict) or document.get("issuer") != self.issuer:
            raise ValueError(f"the discovery document does not name the issuer {self.issuer!r}")
        jwks_uri = document.get("jwks_uri")
        if not isinstance(jwks_uri, str) or urlsplit(jwks_uri).scheme not in {"https", urlsplit(self.issuer).scheme}:
            raise ValueError("the discovery document has no usable jwks_uri (https)")
        self.discovered, self.jwks_url = document, jwks_uri

    async def _get_json(self, url: str) -> Any:
        assert self._http is not None, "start() first"
        response = await self._http.get(url, headers={"Accept": "application/json"})
        response.raise_for_status()
        if len(response.content) > MAX_KEY_SET_BYTES:
            raise ValueError(f"the answer of {url} is larger than {MAX_KEY_SET_BYTES} bytes")
        return response.json()  # a ValueError when it is not JSON


@dataclass(frozen=True)
class SharedKeyVerifier:
    """Development and tests only: HS256 tokens of the shared development key (`make run`, `ipo token`)."""

    issuer: TokenIssuer

    async def verify(self, token: str) -> Principal:
        return self.issuer.verify(token)

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None


def token_verifier(settings) -> TokenVerifier:
    """The identity platform's keys when configured (always in production); else the development key."""
    if settings.identity_provider_configured:
        return JwksVerifier(
            issuer=settings.auth_issuer, audience=settings.auth_audience, jwks_url=settings.auth_jwks_url or None,
            discovery=settings.auth_oidc_discovery, region_claim=settings.auth_region_claim,
            leeway_seconds=settings.auth_clock_leeway_seconds, refresh_seconds=settings.auth_jwks_refresh_seconds,
            min_refresh_seconds=settings.auth_jwks_min_refresh_seconds,
        )
    return SharedKeyVerifier(
        TokenIssuer(settings.auth_signing_key, settings.auth_issuer, settings.auth_audience,
                    previous_keys=settings.previous_signing_keys)
    )
