"""Bearer JWTs: signature, expiry, issuer and audience checked; scopes per service; an optional region limit."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Annotated, Iterable

import jwt
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from kernel.i18n import Bilingual, region_label
from kernel.problems import Problem

ALGORITHM = "HS256"
READ_SCOPE = "read"
# record-level integration reads of a command service: its raw event feed and its audit log (actors, keys)
FEED_SCOPE = "feed:read"
AUDIT_SCOPE = "audit:read"
# the reporting workflow: a region's bureau submits its period (may be region-limited), the province approves
REPORTING_SUBMIT_SCOPE = "reporting:submit"
REPORTING_APPROVE_SCOPE = "reporting:approve"
# an operator who sees and manages what belongs to other subjects (e.g. every webhook subscription)
ADMIN_SCOPE = "admin"
COMMAND_SERVICES = ("enforcement", "financing", "training", "outreach")
# the projection's writes are its webhook subscriptions; a development token carries every scope
ALL_SCOPES = (READ_SCOPE, FEED_SCOPE, AUDIT_SCOPE, ADMIN_SCOPE, REPORTING_SUBMIT_SCOPE, REPORTING_APPROVE_SCOPE, *(f"{s}:write" for s in (*COMMAND_SERVICES, "projection")))


def write_scope(service: str) -> str:
    return f"{service}:write"


@dataclass(frozen=True)
class Principal:
    subject: str
    scopes: frozenset[str]
    region: str | None  # a token limited to one region writes, and reads records of, that region only

    def require_scope(self, scope: str) -> None:
        if scope not in self.scopes:
            raise Problem(403, "forbidden", f"令牌缺少范围 {scope!r}；the token lacks the scope {scope!r}")

    def require_region(self, region: str, field: str = "region") -> None:
        if self.region is not None and region != self.region:
            raise Problem(
                403,
                "forbidden",
                Bilingual(f"令牌限于地区 {region_label(self.region).zh}，{field} 为 {region_label(region).zh}",
                          f"the token is limited to region {region_label(self.region).en}; {field} is {region_label(region).en}"),
                errors=[{"field": field, "message": Bilingual(f"不在令牌的地区 {region_label(self.region).zh} 内",
                                                              f"outside the token's region {region_label(self.region).en}")}],
            )

    # Reads: aggregates (attainment, indicators, timelines) are read by every token with `read`; record-level
    # data (a record, a list of records, the directory, the records behind a figure) only for the token's region.
    def may_read(self, region: str | None) -> bool:
        """Whether the token may read a record of `region` (a record of no region only with an unlimited token)."""
        return self.region is None or region == self.region

    def require_read_region(self, region: str | None, what: str = "record") -> None:
        if not self.may_read(region):
            raise Problem(
                403,
                "forbidden",
                f"令牌限于地区 {region_label(self.region).zh}，不能读取地区 {region_label(region).zh} 的{_READ_WHAT_ZH.get(what, '记录')}；"
                f"the token is limited to region {region_label(self.region).en}: it may not read a {what} of region "
                f"{region_label(region).en}",
                region=self.region,
                record_region=region,
            )

    def require_unlimited(self, what: str) -> None:
        """Some reads hold every region's records (the feed, the audit): refused to a region-limited token."""
        if self.region is not None:
            raise Problem(
                403,
                "forbidden",
                f"令牌限于地区 {region_label(self.region).zh}，{_READ_WHAT_ZH.get(what, what)}包含各地区的记录，需不限地区的令牌；"
                f"the token is limited to region {region_label(self.region).en}: the {what} holds every region's records and needs a "
                "token without a region",
                region=self.region,
            )


_READ_WHAT_ZH = {"record": "记录", "enterprise": "企业", "event feed": "事件流", "audit log": "审计日志"}


@dataclass(frozen=True)
class TokenIssuer:
    """Mints with `key`; verifies with `key` or, while a key rotation is under way, any of `previous_keys`."""

    key: str
    issuer: str
    audience: str
    previous_keys: tuple[str, ...] = ()  # never used to sign

    def mint(
        self,
        subject: str,
        scopes: Iterable[str],
        *,
        region: str | None = None,
        ttl_seconds: int = 8 * 3600,
        now: float | None = None,
    ) -> str:
        issued = int(now if now is not None else time.time())
        claims = {
            "sub": subject,
            "scope": " ".join(sorted(set(scopes))),
            "iss": self.issuer,
            "aud": self.audience,
            "iat": issued,
            "exp": issued + ttl_seconds,
            "jti": uuid.uuid4().hex,
        }
        if region is not None:
            claims["region"] = region
        return jwt.encode(claims, self.key, algorithm=ALGORITHM)

    def verify(self, token: str) -> Principal:
        claims = self._claims(token)
        scopes = claims.get("scope", "")
        region = claims.get("region")
        if not isinstance(scopes, str) or (region is not None and not isinstance(region, str)):
            raise _unauthorized("the token's scope or region claim is malformed")
        return Principal(subject=str(claims["sub"]), scopes=frozenset(scopes.split()), region=region)

    def _claims(self, token: str) -> dict:
        """The token's claims, checked with the first key whose signature matches (the current key first)."""
        for key in (self.key, *self.previous_keys):
            try:
                return jwt.decode(
                    token,
                    key,
                    algorithms=[ALGORITHM],
                    audience=self.audience,
                    issuer=self.issuer,
                    options={"require": ["exp", "iss", "aud", "sub"]},
                )
            except jwt.InvalidSignatureError:
                continue  # signed with another key: try the next one
            except jwt.ExpiredSignatureError:
                raise _unauthorized("the token has expired") from None
            except jwt.PyJWTError as exc:
                raise _unauthorized(f"the token is not valid: {exc}") from None
        raise _unauthorized("the token is not valid: Signature verification failed")


def _unauthorized(detail: str) -> Problem:
    return Problem(401, "unauthorized", detail, headers={"WWW-Authenticate": 'Bearer realm="hubei-ipo"'})


_bearer = HTTPBearer(auto_error=False, description="A JWT minted by `make token` or the office's issuer.")


async def authenticate(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Principal:
    # async although it never awaits: a plain function would be run in a worker thread on every request, and
    # the hand-over costs more than the signature check
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _unauthorized("send Authorization: Bearer <token>")
    # the identity platform's keys (kernel.identity.JwksVerifier), or the development key outside production
    principal = await request.app.state.token_verifier.verify(credentials.credentials)
    request.app.state.rate_limiter.take(principal.subject)
    request.state.principal = principal
    return principal


def requires(scope: str):
    """A dependency that authenticates and demands one scope."""

    async def dependency(principal: Annotated[Principal, Depends(authenticate)]) -> Principal:
        principal.require_scope(scope)
        return principal

    dependency.__name__ = f"requires_{scope.replace(':', '_')}"
    return dependency


Reader = Annotated[Principal, Depends(requires(READ_SCOPE))]


def requires_unlimited(scope: str, what: str):
    """A dependency for reads of every region's records (the feed, the audit): the scope and no region limit."""

    # a default, not an annotation: annotations are strings here and could not name the local dependency
    async def dependency(principal: Principal = Depends(requires(scope))) -> Principal:  # noqa: B008
        principal.require_unlimited(what)
        return principal

    dependency.__name__ = f"requires_unlimited_{scope.replace(':', '_')}"
    return dependency


FeedReader = Annotated[Principal, Depends(requires_unlimited(FEED_SCOPE, "event feed"))]
AuditReader = Annotated[Principal, Depends(requires_unlimited(AUDIT_SCOPE, "audit log"))]
