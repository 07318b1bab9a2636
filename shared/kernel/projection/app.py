"""Builds a projection service: read models fed by Kafka (fast) and reconciled from the feeds (complete)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable, Sequence

from fastapi import FastAPI
from pydantic import Field, model_validator

from kernel.app import ServiceSpec, build_app
from kernel.auth import FEED_SCOPE, TokenIssuer
from kernel.client_credentials import ClientCredentialsToken
from kernel.db import PROJECTION_MIGRATIONS
from kernel.projection.consumer import KafkaConsumerWorker
from kernel.projection.projector import Projector, ReadModel
from kernel.projection.reconciler import FeedReconciler
from kernel.settings import ServiceSettings


class ProjectionSettingsBase(ServiceSettings):
    sources: dict[str, str] = Field(
        default={"enforcement": "http://127.0.0.1:8101"},
        description="Each command service whose events are projected, and the base URL of its HTTP feed.",
    )
    consumer_group: str = "projection"
    consumer_session_timeout_ms: int = Field(
        default=10_000, ge=1_000, le=300_000,
        description="The consumer's Kafka session timeout: a replica that stops heartbeating leaves its group after "
        "this long, and joining a group waits about half of it. Within the broker's allowed range (Kafka: 6 s to 30 s by default).",
    )
    reconcile_interval_seconds: float = 3.0
    apply_stall_seconds: float = Field(
        default=30.0, gt=0, description="A batch applying longer than this (a lock, a database that does not answer) makes /readyz fail."
    )
    consistency_wait_seconds: float = Field(
        default=2.0, gt=0, le=60, description="How long a read with `consistency_token` waits for the projection to apply it before a 503."
    )
    consistency_poll_seconds: float = Field(
        default=0.2, gt=0, description="How often such a read looks again without a wake-up (for events another replica applies)."
    )
    feed_token: str = Field(default="", description="A token for the feeds (scope `feed:read`, no region); minted from the signing key when empty.")
    # with the identity platform (kernel.identity) no service can mint: the feed token comes from the platform
    feed_client_id: str = Field(default="", description="The projection's client at the identity platform; its feed token is fetched by the client-credentials grant.")
    feed_client_secret: str = Field(default="", description="That client's secret (or FEED_CLIENT_SECRET_FILE).")
    feed_client_secret_file: Path | None = None
    feed_token_url: str = Field(default="", description="The platform's token endpoint; found by OIDC discovery when empty.")

    @model_validator(mode="after")
    def _feed_token_from_the_platform(self) -> "ProjectionSettingsBase":
        if not self.feed_client_secret and self.feed_client_secret_file is not None and Path(self.feed_client_secret_file).exists():
            self.feed_client_secret = Path(self.feed_client_secret_file).read_text().strip()
        if self.feed_client_id and not self.feed_client_secret:
            raise ValueError("FEED_CLIENT_ID 需要 FEED_CLIENT_SECRET；FEED_CLIENT_ID needs FEED_CLIENT_SECRET (or _FILE)")
        if self.feed_client_id and not self.feed_token_url and not self.auth_oidc_discovery:
            raise ValueError("FEED_CLIENT_ID 需要 FEED_TOKEN_URL 或 AUTH_OIDC_DISCOVERY；FEED_CLIENT_ID needs FEED_TOKEN_URL or AUTH_OIDC_DISCOVERY=true")
        if self.identity_provider_configured and not (self.feed_token or self.feed_client_id):
            raise ValueError(
                "命令服务只认身份平台的令牌，投影读取事件流须有平台的客户端；the command services accept the identity platform's "
                "tokens only: set FEED_CLIENT_ID and FEED_CLIENT_SECRET (a client with scope feed:read) or FEED_TOKEN"
            )
        return self


def feed_token_source(settings: ProjectionSettingsBase) -> Callable[[], str]:
    if settings.feed_token:
        return lambda: settings.feed_token
    if settings.feed_client_id:
        return ClientCredentialsToken(
            token_url=settings.feed_token_url or None, client_id=settings.feed_client_id,
            client_secret=settings.feed_client_secret, scope=FEED_SCOPE,
            discovery_issuer=settings.auth_issuer if settings.auth_oidc_discovery else None,
        )
    issuer = TokenIssuer(settings.auth_signing_key, settings.auth_issuer, settings.auth_audience)
    cache: dict[str, tuple[float, str]] = {}

    def token() -> str:
        import time

        now = time.time()
        if "t" not in cache or cache["t"][0] < now + 60:
            cache["t"] = (now + 3600, issuer.mint(f"{settings.service_name}-reconciler", [FEED_SCOPE], ttl_seconds=3600))
        return cache["t"][1]

    return token


def lag_report(app: FastAPI) -> dict:
    """How far behind each source the read models are: events, and seconds since the oldest missing one."""
    from kernel.observability import PROJECTION_LAG_SECONDS

    lag = {}
    for source, status in app.state.reconciler.status.items():
        head, position = status.get("head"), status.get("position", 0)
        lag[source] = {
            "position": position,
            "head": head,
            "lag_events": max(head - position, 0) if head is not None else None,
            "lag_seconds": PROJECTION_LAG_SECONDS.labels(source)._value.get(),
            "error": status.get("error"),
        }
    return {"lag": lag}


def build_projection_app(
    spec: ServiceSpec, settings: ProjectionSettingsBase, read_models: Callable[[], Sequence[ReadModel]]
) -> FastAPI:
    def workers(app: FastAPI, s: ServiceSettings):
        projector = Projector(app.state.engine, read_models())
        consumer = KafkaConsumerWorker(
            projector, list(settings.sources), settings.kafka_bootstrap_servers, settings.consumer_group,
            topic_prefix=settings.kafka_topic_prefix, partitions=settings.kafka_topic_partitions,
            replication_factor=settings.kafka_topic_replication_factor, session_timeout_ms=settings.consumer_session_timeout_ms,
        )
        feed_token = feed_token_source(settings)
        reconciler = FeedReconciler(
            projector, settings.sources, feed_token, interval=settings.reconcile_interval_seconds,
            fast_path_working=lambda: consumer.receiving,
        )
        app.state.projector, app.state.consumer, app.state.reconciler = projector, consumer, reconciler
        return [*([feed_token] if isinstance(feed_token, ClientCredentialsToken) else []), reconciler, consumer]

    async def consumer_check() -> None:
        consumer = app.state.consumer
        if not consumer.alive:
            raise RuntimeError("the Kafka consumer task has stopped")
        if consumer.error:
            raise RuntimeError(f"the Kafka consumer is not connected: {consumer.error}")

    async def reconciler_check() -> None:
        if not app.state.reconciler.alive:
            raise RuntimeError("the feed reconciler task has stopped")

    spec.version_locations = [PROJECTION_MIGRATIONS, *spec.version_locations]
    spec.workers = workers
    async def apply_check() -> None:
        since = app.state.projector.applying_since
        if since is not None and time.monotonic() - since > settings.apply_stall_seconds:
            raise RuntimeError(f"a batch has been applying for {time.monotonic() - since:.0f} s (a lock, or a database that does not answer)")

    spec.checks = lambda app: {"broker": consumer_check, "reconciler": reconciler_check, "apply": apply_check}
    spec.readiness_details = lag_report
    app = build_app(spec, settings)
    return app
