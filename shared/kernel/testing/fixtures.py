"""Pytest fixtures every service's tests use. Enable with `pytest_plugins = ["kernel.testing.fixtures"]`."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Callable

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from kernel.auth import ALL_SCOPES, TokenIssuer
from kernel.testing.servers import KafkaBroker, PostgresServer, free_port

SIGNING_KEY = "test-signing-key-that-is-long-enough-0123456789"
ISSUER = "hubei-ipo"
AUDIENCE = "hubei-ipo-measures"


@pytest.fixture(scope="session")
def postgres_server() -> PostgresServer:
    # its own folder, not pytest's temporary area: pytest prunes old runs' folders, and another test run on the
    # same machine would delete the data directory from under a running server
    root = Path(tempfile.mkdtemp(prefix="ipo-test-postgres-"))
    server = PostgresServer(root / "data", free_port()).start()
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="package")
def kafka_broker() -> KafkaBroker:
    # one in-memory broker per test folder: it never forgets a topic or a consumer group, and a single one for
    # the whole suite slows down (group joins time out) once it holds thousands of them
    broker = KafkaBroker().start()
    yield broker
    broker.stop()


@pytest.fixture
def test_id() -> str:
    return uuid.uuid4().hex[:10]


@pytest.fixture
def new_database(postgres_server: PostgresServer, test_id: str) -> Callable[[str], str]:
    """Makes a fresh, empty database for this test and returns its URL; dropped afterwards."""
    created: list[str] = []

    def make(name: str) -> str:
        database = f"t_{test_id}_{name}"
        created.append(database)
        return postgres_server.url(database)

    yield make
    if created:
        import asyncio

        async def drop() -> None:
            engine = create_async_engine(postgres_server.url("postgres"), isolation_level="AUTOCOMMIT")
            async with engine.connect() as conn:
                for database in created:
                    await conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            await engine.dispose()

        asyncio.run(drop())


@pytest.fixture
def issuer() -> TokenIssuer:
    return TokenIssuer(SIGNING_KEY, ISSUER, AUDIENCE)


@pytest.fixture
def auth(issuer: TokenIssuer) -> Callable[..., dict[str, str]]:
    """auth(scopes=..., region=..., subject=...) -> headers with a bearer token."""

    def headers(scopes=ALL_SCOPES, region: str | None = None, subject: str = "tester", ttl_seconds: int = 3600) -> dict[str, str]:
        return {"Authorization": f"Bearer {issuer.mint(subject, scopes, region=region, ttl_seconds=ttl_seconds)}"}

    return headers


@pytest.fixture
def base_settings(new_database, kafka_broker: KafkaBroker, test_id: str) -> Callable[..., dict]:
    """The settings every service under test shares: its own database, this test's topics, the test key."""

    def settings(service: str, **overrides) -> dict:
        return {
            "database_url": new_database(service),
            "create_database": True,
            "kafka_bootstrap_servers": kafka_broker.bootstrap,
            "kafka_topic_prefix": f"t{test_id}.",
            "auth_signing_key": SIGNING_KEY,
            "environment": "test",
            "log_format": "console",
            "log_level": "WARNING",
            "db_pool_size": 20,
            # a consumer group of its own: a projection SIGKILLed by an earlier test stays a member of its group
            # in the in-memory broker, and a later projection joining that group would wait for it
            # and a short session: joining a group waits half of it, and each test's projection joins one
            **({"consumer_group": f"projection-{test_id}", "consumer_session_timeout_ms": 3000} if service == "projection" else {}),
            **overrides,
        }

    return settings
