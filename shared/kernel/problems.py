"""RFC 9457 problem details: every error any service answers is `application/problem+json`."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_MEDIA_TYPE = "application/problem+json"

# slug -> (title, explanation); served at /problems/{slug} so every `type` resolves to its meaning.
PROBLEM_TYPES: dict[str, tuple[str, str]] = {
    "validation-error": ("The request is not valid", "One or more fields are missing, malformed or break a rule; `errors` names each field."),
    "domain-rule": ("A rule of the measure forbids this", "The request is well formed but the recorded facts do not allow it; `errors` names the field."),
    "not-found": ("No such record", "The path names a record that was never recorded."),
    "conflict": ("The record changed or already exists", "Another write got there first, or the record is already in the state asked for. Reload and retry."),
    "idempotency-key-reused": ("Idempotency-Key reused with another request", "A key identifies one request; send a new key for a different body."),
    "unauthorized": ("A valid bearer token is needed", "Send `Authorization: Bearer <token>`; the token must be signed, current, and for this system."),
    "forbidden": ("The token does not allow this", "The token lacks the scope, or is limited to another region."),
    "malformed-body": ("The body could not be read", "The body must be UTF-8 encoded JSON."),
    "payload-too-large": ("The request body is too large", "Send smaller requests."),
    "unsupported-media-type": ("The body must be JSON", "Send `Content-Type: application/json` with a UTF-8 JSON body."),
    "request-timeout": ("请求未按时发送完整；The request was not sent in time", "请求头或请求体发送过慢，连接已关闭，未记录任何内容；the request head or body came too slowly: the connection was closed and nothing was stored."),
    "rate-limited": ("Too many requests for this token", "Wait for the number of seconds in Retry-After, then retry."),
    "internal-error": ("Something failed on our side", "Nothing was stored. The incident is logged under the correlation id."),
    "service-unavailable": ("A dependency is unavailable", "Retry later with the same Idempotency-Key."),
}


class Problem(Exception):
    """An error that becomes a problem+json response."""

    def __init__(
        self,
        status: int,
        slug: str,
        detail: str,
        *,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.slug = slug
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}
        self.extra = extra

    def body(self, instance: str | None = None) -> dict[str, Any]:
        title = PROBLEM_TYPES.get(self.slug, (self.slug, ""))[0]
        body: dict[str, Any] = {"type": f"/problems/{self.slug}", "title": title, "status": self.status, "detail": self.detail}
        if instance:
            body["instance"] = instance
        if self.errors:
            body["errors"] = self.errors
        body.update(self.extra)
        return body


def field_error(field: str, message: str) -> dict[str, str]:
    return {"field": field, "message": message}


class DomainRuleViolated(Problem):
    """The command is well formed, but the facts recorded so far forbid it (422, naming the field)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(422, "domain-rule", f"{field}: {message}", errors=[field_error(field, message)])


class NotFound(Problem):
    def __init__(self, what: str, identifier: str) -> None:
        super().__init__(404, "not-found", f"{what} {identifier!r} is not recorded")


class Conflict(Problem):
    def __init__(self, detail: str, field: str | None = None) -> None:
        super().__init__(409, "conflict", detail, errors=[field_error(field, detail)] if field else None)


def problem_response(problem: Problem, request: Request | None = None) -> Response:
    instance = str(request.url.path) if request is not None else None
    return Response(
        content=orjson.dumps(problem.body(instance)),
        status_code=problem.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=problem.headers,
    )


def _location(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    # pydantic adds the tag of a discriminated union or a function name; keep only the data path
    return ".".join(parts) or ".".join(str(p) for p in loc)


def validation_problem(exc: RequestValidationError) -> Problem:
    errors = []
    for err in exc.errors():
        loc = tuple(err.get("loc", ()))
        field = _location(loc)
        where = loc[0] if loc else "body"
        message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        kind = err.get("type")
        if kind == "extra_forbidden":
            message = "unknown field"
        elif kind == "json_invalid":
            field, message = "body", f"is not valid JSON ({err.get('ctx', {}).get('error', 'malformed')})"
        errors.append({"field": field, "in": where, "message": message})
    summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
    return Problem(422, "validation-error", summary or "the request is not valid", errors=errors)


def database_unavailable() -> Problem:
    """The database cannot be reached right now; the pool drops its stale connections, so a retry may succeed."""
    return Problem(503, "service-unavailable", "the database is not reachable right now; nothing was stored, retry shortly",
                   headers={"Retry-After": "1"})


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> Response:
        return problem_response(exc, request)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        return problem_response(validation_problem(exc), request)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 400:
            problem = Problem(400, "malformed-body", f"{exc.detail}: the body must be UTF-8 encoded JSON",
                              errors=[field_error("body", "not UTF-8 encoded JSON")])
            return problem_response(problem, request)
        slug = {401: "unauthorized", 403: "forbidden", 404: "not-found", 409: "conflict", 413: "payload-too-large", 415: "unsupported-media-type"}.get(exc.status_code, "http-error")
        problem = Problem(exc.status_code, slug, str(exc.detail), headers=dict(exc.headers or {}))
        return problem_response(problem, request)

    @app.exception_handler(DBAPIError)
    async def _database(request: Request, exc: DBAPIError) -> Response:
        # SQLSTATE class 22 is a data exception: a value the database cannot hold (a NUL byte, a number out of
        # range). That is the request's fault, and nothing was stored: the transaction rolled back.
        if str(getattr(exc.orig, "sqlstate", "") or "").startswith("22"):
            problem = Problem(422, "validation-error", "a value in the request cannot be stored (e.g. a NUL character or a number out of range)",
                              errors=[field_error("request", "holds a value the database cannot store")])
            return problem_response(problem, request)
        if exc.connection_invalidated or str(getattr(exc.orig, "sqlstate", "") or "").startswith(("08", "57P")):
            return problem_response(database_unavailable(), request)
        raise exc

    @app.exception_handler(PoolTimeout)
    async def _busy(request: Request, exc: PoolTimeout) -> Response:
        # every pooled connection stayed in use for the pool's whole timeout: nothing was done
        problem = Problem(503, "service-unavailable", "the service is busy; nothing was stored, retry shortly",
                          headers={"Retry-After": "1"})
        return problem_response(problem, request)

    @app.exception_handler(ConnectionError)
    async def _unreachable(request: Request, exc: ConnectionError) -> Response:
        # the database refused or dropped the connection (restarting, failing over): nothing was stored
        return problem_response(database_unavailable(), request)

    @app.get("/problems/{slug}", include_in_schema=False)
    async def _problem_type(slug: str) -> dict[str, str]:
        if slug not in PROBLEM_TYPES:
            raise Problem(404, "not-found", f"no problem type {slug!r}")
        title, explanation = PROBLEM_TYPES[slug]
        return {"type": f"/problems/{slug}", "title": title, "explanation": explanation}
