"""Builds a service's FastAPI app: the same shape, middleware, errors, auth and operations endpoints for all."""

from __future__ import annotations

from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Awaitable, Callable, Protocol

import structlog
from fastapi import APIRouter, FastAPI
from sqlalchemy import text

from kernel.identity import token_verifier
from kernel.db import EVENTSTORE_MIGRATIONS, PROJECTION_MIGRATIONS, ensure_database, make_engine, migrate, wait_for_database
from kernel.asyncapi import asyncapi_router
from kernel.audit import audit_router
from kernel.docs import docs_router
from kernel.feed import feed_router
from kernel.imports.endpoints import router as import_router
from kernel.imports.kinds import IMPORT_PATH
from kernel.observability import RequestContextMiddleware, configure_logging, health_router
from kernel.openapi import document_problems
from kernel.openapi_language import ServiceDocs, document_language
from kernel.problems import install_problem_handlers
from kernel.projection.local import StoreFollower
from kernel.ratelimit import RateLimiter
from kernel.projection.projector import Projector
from kernel.relay import Relay
from kernel.settings import ServiceSettings

log = structlog.get_logger()


class Worker(Protocol):
    async def start(self) -> None: ...
    async def stop(self) -> None: ...


@dataclass
class ServiceSpec:
    """What makes one service different from another; everything else comes from the kernel."""

    name: str
    title: str
    description: str
    version: str
    routers: list[APIRouter]
    version_locations: list[Path]
    openapi_tags: list[dict[str, Any]] = field(default_factory=list)
    # the document's Chinese: tags by the policy's sections, each operation's summary and description, field words
    docs: ServiceDocs = field(default_factory=ServiceDocs)
    # a command service's own lookup tables, kept from its own store (see kernel.projection.local)
    read_models: Callable[[], list[Any]] = lambda: []
    # builds the background workers once the engine exists (the relay, a projection's consumers)
    workers: Callable[[FastAPI, ServiceSettings], list[Worker]] = lambda app, settings: []
    checks: Callable[[FastAPI], dict[str, Callable[[], Awaitable[None]]]] = lambda app: {}
    # facts reported by /readyz without deciding readiness (a projection's lag per source; the broker, the relay)
    readiness_details: Callable[[FastAPI], dict[str, Any] | Awaitable[dict[str, Any]]] | None = None
    # what /healthz checks: failures only a restart mends (a command service's relay task that has ended)
    liveness: Callable[[FastAPI], dict[str, Callable[[], Awaitable[None]]]] = lambda app: {}
    # paths that take bodies larger than MAX_BODY_BYTES, and their limits
    body_limits: Callable[[ServiceSettings], dict[str, int]] = lambda settings: {}


def build_app(spec: ServiceSpec, settings: ServiceSettings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        configure_logging(settings.log_format, settings.log_level)
        await wait_for_database(settings.database_url)
        if settings.create_database:
            await ensure_database(settings.database_url)
        engine = make_engine(settings.database_url, pool_size=settings.db_pool_size, max_overflow=settings.db_max_overflow,
                             idle_in_transaction_seconds=settings.db_idle_in_transaction_seconds)
        await migrate(engine, spec.version_locations)
        app.state.engine = engine
        # the token verifier first: the identity platform's keys are fetched before the first request
        workers = [app.state.token_verifier, *spec.workers(app, settings)]
        for worker in workers:
            await worker.start()
        log.info("service started", service=spec.name, port=settings.port)
        try:
            yield
        finally:
            for worker in reversed(workers):
                await worker.stop()
            await engine.dispose()
            log.info("service stopped", service=spec.name)

    app = FastAPI(
        title=spec.title,
        description=spec.description,
        version=spec.version,
        lifespan=lifespan,
        openapi_tags=spec.docs.openapi_tags(spec.openapi_tags),
        # FastAPI's own pages load Swagger UI and ReDoc from a CDN; /docs is served from bundled files instead
        docs_url=None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )
    app.state.settings = settings
    app.state.service = spec.name
    app.state.token_verifier = token_verifier(settings)
    app.state.rate_limiter = RateLimiter(settings.rate_limit_per_second, settings.rate_limit_burst)
    app.add_middleware(RequestContextMiddleware, max_body_bytes=settings.max_body_bytes, path_limits=spec.body_limits(settings))
    install_problem_handlers(app)
    document_problems(app)
    document_language(app, spec.docs)

    async def database() -> None:
        async with app.state.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    details = (lambda: spec.readiness_details(app)) if spec.readiness_details else None
    app.include_router(health_router({"database": database, **spec.checks(app)}, details, spec.liveness(app)))
    app.include_router(docs_router(spec.title))
    for router in spec.routers:
        app.include_router(router)
    return app


def build_command_app(spec: ServiceSpec, settings: ServiceSettings) -> FastAPI:
    """A command service: its routers, the event store, the relay to its topic, and the HTTP feed."""

    def workers(app: FastAPI, s: ServiceSettings) -> list[Worker]:
        relay = Relay(
            app.state.engine, spec.name, s.kafka_bootstrap_servers,
            topic_prefix=s.kafka_topic_prefix, partitions=s.kafka_topic_partitions,
            replication_factor=s.kafka_topic_replication_factor,
            # the relay waits for the broker inside its transaction: well within the time the server allows it
            send_timeout_seconds=min(10.0, s.db_idle_in_transaction_seconds / 3),
        )
        app.state.relay = relay
        own: list[Worker] = [relay]
        models = spec.read_models()
        if models:
            follower = StoreFollower(Projector(app.state.engine, models), spec.name)
            app.state.follower = follower
            relay.also_wake(follower.wake)
            own.append(follower)
        return [*own, *extra_workers(app, s)]

    async def relay_alive() -> None:
        if not app.state.relay.alive:
            raise RuntimeError("the relay task has stopped")

    extra_workers = spec.workers
    extra_checks = spec.checks
    spec = ServiceSpec(
        **{**spec.__dict__, "routers": [*spec.routers, import_router, feed_router(spec.name), audit_router(), asyncapi_router(spec.name)],
           "body_limits": lambda s: {IMPORT_PATH: s.import_max_body_bytes},
           "version_locations": [
               EVENTSTORE_MIGRATIONS, *([PROJECTION_MIGRATIONS] if spec.read_models() else []), *spec.version_locations
           ],
           "workers": workers,
           # writes need the database only (the store is the outbox): the broker and the relay's lag are reported
           # by /readyz without deciding it, and a relay task that ended fails /healthz, so the pod is restarted
           "checks": extra_checks,
           "readiness_details": lambda app: app.state.relay.report(),
           "liveness": lambda app: {"relay": relay_alive}}
    )
    app = build_app(spec, settings)
    return app
