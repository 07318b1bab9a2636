"""Settings shared by every process; each service subclasses `ServiceSettings` with its own env prefix.

Infrastructure every process shares (broker, signing key) is read from unprefixed variables; what belongs to
one service (its port, its database) is read under the service's prefix, e.g. `ENFORCEMENT_PORT`.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

WEAK_KEYS = {"", "secret", "changeme", "change-me", "development", "dev"}
PLACEHOLDER_MARKERS = ("replace", "changeme", "change-me", "example", "placeholder")
MIN_PRODUCTION_KEY_LENGTH = 32


def shared_env(name: str, **kwargs):
    """A field read from one unprefixed variable that all processes share."""
    return Field(validation_alias=AliasChoices(name), **kwargs)


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    service_name: str = "service"
    host: str = "127.0.0.1"
    port: int = 8000
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
    create_database: bool = Field(
        default=False, description="Create the service's database at start when it is missing (development)."
    )
    db_pool_size: int = Field(default=10, ge=1, description="Connections kept open to the service's database.")
    db_max_overflow: int = Field(
        default=0, ge=0,
        description="Connections opened beyond the pool under load and closed again when returned. Each costs "
                    "PostgreSQL a new backend, so the default is none: a busy request waits for a pooled connection.",
    )
    db_idle_in_transaction_seconds: int = shared_env(
        "DB_IDLE_IN_TRANSACTION_SECONDS", default=60, ge=1,
        description="PostgreSQL ends a session of this process that sits this long inside a transaction: a replica "
                    "that froze or lost its network while holding a lock (the relay's checkpoint, a stream being "
                    "written) releases it, and another replica carries on.",
    )

    environment: Literal["development", "test", "production"] = shared_env("ENVIRONMENT", default="development")
    kafka_bootstrap_servers: str = shared_env("KAFKA_BOOTSTRAP_SERVERS", default="127.0.0.1:9092")
    kafka_topic_prefix: str = shared_env("KAFKA_TOPIC_PREFIX", default="", description="Prepended to every topic name (one cluster, several environments).")
    kafka_topic_partitions: int = shared_env("KAFKA_TOPIC_PARTITIONS", default=3)
    kafka_topic_replication_factor: int = shared_env(
        "KAFKA_TOPIC_REPLICATION_FACTOR", default=1, ge=1,
        description="Replicas of each partition when a service creates its missing topic (1 suits one development broker).",
    )
    auth_signing_key: str = shared_env("AUTH_SIGNING_KEY", default="")
    auth_signing_key_file: Path | None = shared_env("AUTH_SIGNING_KEY_FILE", default=None)
    auth_previous_signing_keys: str = shared_env(
        "AUTH_PREVIOUS_SIGNING_KEYS", default="",
        description="During a key rotation: the keys replaced, comma-separated. Tokens they signed are still accepted; "
                    "nothing is signed with them.",
    )
    auth_issuer: str = shared_env("AUTH_ISSUER", default="hubei-ipo")
    auth_audience: str = shared_env("AUTH_AUDIENCE", default="hubei-ipo-measures")
    # the office's identity platform (kernel.identity): its published keys verify tokens; required in production
    auth_jwks_url: str = shared_env(
        "AUTH_JWKS_URL", default="",
        description="The identity platform's key set (JWKS). When set, tokens are verified with its keys only.",
    )
    auth_oidc_discovery: bool = shared_env(
        "AUTH_OIDC_DISCOVERY", default=False,
        description="Find the key set by OIDC discovery: AUTH_ISSUER/.well-known/openid-configuration -> jwks_uri.",
    )
    auth_region_claim: str = shared_env("AUTH_REGION_CLAIM", default="region", min_length=1,
                                        description="The claim that limits a token to one region.")
    auth_clock_leeway_seconds: float = shared_env("AUTH_CLOCK_LEEWAY_SECONDS", default=30, ge=0, le=120)
    auth_jwks_refresh_seconds: float = shared_env(
        "AUTH_JWKS_REFRESH_SECONDS", default=300, gt=0,
        description="The key set is fetched again this often in the background (a key removed stops verifying).",
    )
    auth_jwks_min_refresh_seconds: float = shared_env(
        "AUTH_JWKS_MIN_REFRESH_SECONDS", default=30, ge=0,
        description="A token naming an unknown kid fetches the key set at most once per this many seconds.",
    )
    timezone: str = shared_env("OFFICE_TIMEZONE", default="Asia/Shanghai")
    log_format: Literal["console", "json"] = shared_env("LOG_FORMAT", default="json")
    log_level: str = shared_env("LOG_LEVEL", default="INFO")
    max_body_bytes: int = shared_env("MAX_BODY_BYTES", default=1_000_000)
    import_max_lines: int = shared_env("IMPORT_MAX_LINES", default=5_000, description="Lines one bulk import request may hold.")
    import_max_body_bytes: int = shared_env("IMPORT_MAX_BODY_BYTES", default=16_000_000, description="Bytes one bulk import request may hold.")
    rate_limit_per_second: float = shared_env("RATE_LIMIT_PER_SECOND", default=1000.0, description="Per token and process; 0 turns it off.")
    rate_limit_burst: float = shared_env("RATE_LIMIT_BURST", default=5000.0)
    web_concurrency: int = shared_env(
        "WEB_CONCURRENCY", default=1, ge=1,
        description="Worker processes serving one port (SO_REUSEPORT), each with its own pool, relay candidate and "
                    "consumer-group member; one by default (scale by replicas, or set one per CPU given to it).",
    )
    http_keep_alive_seconds: int = shared_env(
        "HTTP_KEEP_ALIVE_SECONDS", default=75, ge=1,
        description="How long an idle client connection is kept open. Longer than the idle timeout of the client or "
                    "load balancer in front, so that the service never closes a connection the other side is reusing.",
    )
    http_header_timeout_seconds: float = shared_env(
        "HTTP_HEADER_TIMEOUT_SECONDS", default=10.0, gt=0,
        description="How long a client may take to send a request's head (request line and headers) from its first "
                    "byte; a slower one gets 408 and its connection closed, so half-sent requests cannot hold connections.",
    )
    http_body_timeout_seconds: float = shared_env(
        "HTTP_BODY_TIMEOUT_SECONDS", default=120.0, gt=0,
        description="How long a client may take to send a request's body once its head is in (a 16 MB import at "
                    "about 1 Mbit/s); a slower one gets 408, nothing is stored and its connection is closed.",
    )

    @model_validator(mode="after")
    def _resolve_signing_key(self) -> "ServiceSettings":
        if not self.auth_signing_key and self.auth_signing_key_file is not None:
            path = Path(self.auth_signing_key_file)
            if path.exists():
                self.auth_signing_key = path.read_text().strip()
        if self.auth_oidc_discovery and not _is_url(self.auth_issuer, "https", "http"):
            raise ValueError("AUTH_OIDC_DISCOVERY 需要 AUTH_ISSUER 为身份平台的网址；AUTH_OIDC_DISCOVERY needs AUTH_ISSUER to be the identity platform's URL (https://...)")
        if self.environment == "production":
            if not self.identity_provider_configured:
                raise ValueError(
                    "生产环境须用身份平台公布的公钥验证令牌；ENVIRONMENT=production verifies tokens with the identity platform's keys: set AUTH_JWKS_URL, or "
                    "AUTH_OIDC_DISCOVERY=true with AUTH_ISSUER its https URL (AUTH_SIGNING_KEY and HS256 tokens are "
                    "for development and tests only; see deploy/README.md)"
                )
            for name, url in (("AUTH_JWKS_URL", self.auth_jwks_url), ("AUTH_ISSUER", self.auth_issuer if self.auth_oidc_discovery else "")):
                if url and not _is_url(url, "https"):
                    raise ValueError(f"生产环境中 {name} 须为 https 网址；{name} must be an https URL in production")
            if self.auth_signing_key and _weak(self.auth_signing_key):
                raise ValueError(
                    "AUTH_SIGNING_KEY must be set to a random secret of at least "
                    f"{MIN_PRODUCTION_KEY_LENGTH} characters in production"
                )
            if any(_weak(key) for key in self.previous_signing_keys):
                raise ValueError(
                    "each of AUTH_PREVIOUS_SIGNING_KEYS must be a random secret of at least "
                    f"{MIN_PRODUCTION_KEY_LENGTH} characters in production (a weak one would let anyone sign tokens)"
                )
        elif not self.auth_signing_key and not self.identity_provider_configured:
            raise ValueError("no signing key: set AUTH_SIGNING_KEY or AUTH_SIGNING_KEY_FILE (make run creates one)")
        return self

    @property
    def identity_provider_configured(self) -> bool:
        """Tokens are verified with the identity platform's published keys (never the HS256 development key)."""
        return bool(self.auth_jwks_url) or self.auth_oidc_discovery

    @property
    def previous_signing_keys(self) -> tuple[str, ...]:
        """The keys that still verify tokens during a rotation (never used to sign)."""
        keys = (key.strip() for key in self.auth_previous_signing_keys.split(","))
        return tuple(dict.fromkeys(key for key in keys if key and key != self.auth_signing_key))


def _is_url(value: str, *schemes: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in schemes and bool(parts.hostname)


def _weak(key: str) -> bool:
    placeholder = any(marker in key.lower() for marker in PLACEHOLDER_MARKERS)
    return key.lower() in WEAK_KEYS or placeholder or len(key) < MIN_PRODUCTION_KEY_LENGTH or len(set(key)) < 10


def ensure_dev_signing_key(path: Path) -> str:
    """Create the development signing key on first use; it lives in an ignored data folder, never in git."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()
