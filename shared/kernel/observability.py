"""Metrics, structured logs, request ids, and the health and readiness endpoints every process has."""

from __future__ import annotations

import inspect
import logging
import sys
import time
import uuid
from urllib.parse import quote
from typing import Awaitable, Callable

import structlog
from fastapi import APIRouter
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest

from kernel.jsonbody import checked_json_body
from kernel.problems import Problem, problem_response

HTTP_REQUESTS = Counter("http_requests_total", "HTTP requests answered", ["method", "route", "status"])
HTTP_LATENCY = Histogram(
    "http_request_duration_seconds", "HTTP request latency", ["method", "route"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
EVENTS_APPENDED = Counter("events_appended_total", "Events appended to this service's store", ["type"])
RELAY_PUBLISHED = Counter("relay_published_total", "Events the relay published to the broker")
RELAY_LAG = Gauge("relay_lag_events", "Events recorded but not yet published to the broker")
RELAY_LAG_SECONDS = Gauge("relay_lag_seconds", "Age of the oldest event recorded but not yet published to the broker")
RELAY_POSITION = Gauge("relay_position", "Last position the relay published")
PROJECTION_APPLIED = Counter("projection_applied_total", "Events applied to the read models", ["source", "path"])
PROJECTION_DUPLICATES = Counter("projection_duplicates_total", "Events received again and ignored", ["source"])
PROJECTION_LAG_EVENTS = Gauge("projection_lag_events", "Events a source has recorded that are not applied yet", ["source"])
PROJECTION_LAG_SECONDS = Gauge("projection_lag_seconds", "Age of the oldest event not applied yet", ["source"])

log = structlog.get_logger()

Check = Callable[[], Awaitable[None]]


def configure_logging(fmt: str, level: str) -> None:
    processors: list = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
    ]
    renderer = structlog.processors.JSONRenderer() if fmt == "json" else structlog.dev.ConsoleRenderer(colors=False)
    structlog.configure(
        processors=[*processors, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stdout),
        cache_logger_on_first_use=True,
    )


class _BodyTooLarge(StarletteHTTPException):
    """Raised while the body is read; an HTTPException, so the framework's body parser lets it through."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the body may be at most {limit} bytes")


class RequestContextMiddleware:
    """Request and correlation ids, the body size limit, metrics per route, and a problem for any crash."""

    def __init__(self, app, max_body_bytes: int, path_limits: dict[str, int] | None = None) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.path_limits = path_limits or {}  # routes that take larger bodies (bulk import)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        request_id = uuid.uuid4().hex
        correlation_id = headers.get(b"x-correlation-id", b"").decode("latin-1")[:100] or request_id
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        state["correlation_id"] = correlation_id
        structlog.contextvars.bind_contextvars(request_id=request_id, correlation_id=correlation_id)
        started = time.perf_counter()
        status = {"code": 500, "sent": False}
        limit = self.path_limits.get(scope.get("path", ""), self.max_body_bytes)

        async def send_with_ids(message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                status["sent"] = True
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    (b"x-request-id", request_id.encode()),
                    (b"x-correlation-id", correlation_id.encode("latin-1")),
                ]
            await send(message)

        received = 0

        async def receive_limited():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _BodyTooLarge(limit)
            return message

        declared = headers.get(b"content-length")
        try:
            if declared is not None and (not declared.isdigit() or int(declared) > limit):
                raise _BodyTooLarge(limit)
            downstream = receive_limited
            if _is_json(headers.get(b"content-type", b"")) and scope["method"] in ("POST", "PUT", "PATCH"):
                body = await _read_all(receive_limited)
                problem = await checked_json_body(body)
                if problem is not None:
                    await self._problem(scope, send_with_ids, problem)
                    return
                downstream = _replay(body)
            await self.app(scope, downstream, send_with_ids)
        except ClientDisconnect:  # the client left (or was cut off) before its body arrived: nothing done, nobody to answer
            status["code"] = 499
        except _BodyTooLarge:
            if not status["sent"]:
                await self._problem(scope, send_with_ids, Problem(413, "payload-too-large", f"the body may be at most {limit} bytes"))
        except Exception:
            log.exception("request failed", path=scope.get("path"))
            if not status["sent"]:
                await self._problem(
                    scope, send_with_ids,
                    Problem(500, "internal-error", f"the request failed and nothing was stored; correlation id {correlation_id}"),
                )
        finally:
            structlog.contextvars.clear_contextvars()
            route = scope.get("route")
            path = getattr(route, "path", None) or "unmatched"
            HTTP_REQUESTS.labels(scope["method"], path, str(status["code"])).inc()
            HTTP_LATENCY.labels(scope["method"], path).observe(time.perf_counter() - started)

    @staticmethod
    async def _problem(scope, send, problem: Problem) -> None:
        response = problem_response(problem)
        response.headers["content-location"] = quote(scope.get("path", ""), safe="/")  # a header holds latin-1 only
        await response(scope, _no_receive, send)


def _is_json(content_type: bytes) -> bool:
    media = content_type.split(b";")[0].strip().lower()
    return media == b"application/json" or media.endswith(b"+json")


async def _read_all(receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnect()  # a half body is not the request
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            break
    return b"".join(chunks)


def _replay(body: bytes):
    sent = False

    async def receive():
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _no_receive():
    return {"type": "http.disconnect"}


async def _run_checks(checks: dict[str, Check]) -> dict[str, str]:
    results: dict[str, str] = {}
    for name, check in checks.items():
        try:
            await check()
            results[name] = "ok"
        except Exception as exc:  # a probe reports, it does not raise
            results[name] = f"failing: {type(exc).__name__}: {exc}"[:300]
    return results


def health_router(checks: dict[str, Check], details: Callable[[], dict | Awaitable[dict]] | None = None,
                  liveness: dict[str, Check] | None = None) -> APIRouter:
    """`checks` decide readiness; `details` are reported beside them without deciding it (e.g. lag, the broker);
    `liveness` decide /healthz: what only a restart mends (a background task of the process that has ended)."""
    router = APIRouter(tags=["operations"])

    @router.get("/healthz", summary="The process is alive")
    async def healthz() -> Response:
        if not liveness:
            return JSONResponse({"status": "ok"})
        results = await _run_checks(liveness)
        alive = all(v == "ok" for v in results.values())
        return JSONResponse({"status": "ok" if alive else "failing", "checks": results}, status_code=200 if alive else 503)

    @router.get("/readyz", summary="The process and what it depends on are reachable")
    async def readyz() -> Response:
        results = await _run_checks(checks)
        ready = all(v == "ok" for v in results.values())
        reported = details() if details else {}
        if inspect.isawaitable(reported):
            reported = await reported
        body = {"status": "ready" if ready else "not_ready", "checks": results, **reported}
        return JSONResponse(body, status_code=200 if ready else 503)

    @router.get(
        "/metrics", summary="Prometheus metrics", response_class=PlainTextResponse,
        responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
    )
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router
