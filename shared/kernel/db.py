"""Engines, database creation for development, and Alembic migrations applied at start under a lock."""

from __future__ import annotations

import asyncio
from pathlib import Path

import orjson
from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

KERNEL_DIR = Path(__file__).parent
EVENTSTORE_MIGRATIONS = KERNEL_DIR / "eventstore" / "migrations" / "versions"
PROJECTION_MIGRATIONS = KERNEL_DIR / "projection" / "migrations" / "versions"
POOL_TIMEOUT_SECONDS = 10  # a request that waits longer for a connection answers 503 (busy) instead
_MIGRATION_LOCK = 7_301_19  # advisory lock id: one replica migrates, the others wait


def _json_dumps(value) -> str:
    return orjson.dumps(value).decode()


def make_engine(url: str, *, pool_size: int = 10, max_overflow: int = 20,
                idle_in_transaction_seconds: int | None = None) -> AsyncEngine:
    server_settings = {}
    if idle_in_transaction_seconds is not None:
        # enforced by the server, so it holds for a process that can no longer act on its own
        server_settings["idle_in_transaction_session_timeout"] = f"{idle_in_transaction_seconds}s"
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_timeout=POOL_TIMEOUT_SECONDS,
        connect_args={"server_settings": server_settings},
        # no ping per checkout (a round trip on every request): a connection found dead fails its request with a
        # 503 and SQLAlchemy then drops every older pooled connection, so the next request gets a fresh one
        pool_pre_ping=False,
        pool_recycle=1800,
        json_serializer=_json_dumps,
        json_deserializer=orjson.loads,
    )


async def wait_for_database(url: str, timeout: float = 30.0) -> None:
    """Wait until the server answers (it may still be starting beside us)."""
    server_url = make_url(url).set(database="postgres")
    engine = create_async_engine(server_url, pool_pre_ping=False)
    deadline = asyncio.get_running_loop().time() + timeout
    try:
        while True:
            try:
                async with engine.connect() as conn:
                    await conn.execute(text("SELECT 1"))
                return
            except Exception:
                if asyncio.get_running_loop().time() > deadline:
                    raise
                await asyncio.sleep(0.2)
    finally:
        await engine.dispose()


async def ensure_database(url: str) -> None:
    """Create the database named in `url` when it is missing (development and tests)."""
    parsed = make_url(url)
    engine = create_async_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            exists = (
                await conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": parsed.database})
            ).scalar()
            if not exists:
                await conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    except DBAPIError as exc:
        # a concurrent creator won (two replicas starting on a new server): 42P04, or 23505 on the catalog's index
        if getattr(exc.orig, "sqlstate", None) not in ("42P04", "23505") and "already exists" not in str(exc):
            raise
    finally:
        await engine.dispose()


def alembic_config(version_locations: list[Path]) -> Config:
    config = Config()
    config.set_main_option("script_location", str(KERNEL_DIR / "migrations"))
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", ":".join(str(p) for p in version_locations))
    return config


async def migrate(engine: AsyncEngine, version_locations: list[Path]) -> None:
    """Upgrade to every head, holding an advisory lock so that replicas never migrate at once."""
    config = alembic_config(version_locations)

    def upgrade(sync_conn) -> None:
        config.attributes["connection"] = sync_conn
        command.upgrade(config, "heads")

    async with engine.begin() as conn:
        await conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
        await conn.run_sync(upgrade)
