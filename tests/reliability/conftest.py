"""Services shared by every test of a module, served from a background event loop.

The reliability tests send many requests and some (schemathesis with Hypothesis) are synchronous, so the
services run in a thread of their own: a plain `httpx.Client` or `requests` can call them without blocking the
loop that serves them. Each module gets fresh databases and topics; tests that need a record store their own,
with ids of their own, and compare event counts before and after.
"""

from __future__ import annotations

import asyncio
import importlib
import threading
import time
import uuid
from concurrent.futures import Future
from typing import Any, Coroutine

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from kernel.auth import ALL_SCOPES, TokenIssuer
from kernel.testing.fixtures import AUDIENCE, ISSUER, SIGNING_KEY
from kernel.testing.servers import InProcessService

COMMAND_SERVICES = ("enforcement", "financing", "training", "outreach")
ALL_SERVICES = (*COMMAND_SERVICES, "projection")
TOKEN_ISSUER = TokenIssuer(SIGNING_KEY, ISSUER, AUDIENCE)


def bearer(scopes=ALL_SCOPES, region: str | None = None, subject: str = "reliability") -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN_ISSUER.mint(subject, scopes, region=region, ttl_seconds=4 * 3600)}"}


def settings_class(name: str) -> type:
    module = importlib.import_module(f"{name}.settings")
    return next(
        v for k, v in vars(module).items()
        if k.endswith("Settings") and isinstance(v, type) and v.__module__ == module.__name__
    )


def offline_app(name: str):
    """The service's app, built but not started: enough for its route table and OpenAPI document."""
    settings = settings_class(name)(database_url="postgresql+asyncpg://unused@127.0.0.1:1/unused", auth_signing_key=SIGNING_KEY)
    return importlib.import_module(f"{name}.app").create_app(settings)


class LiveServices:
    """Starts services on demand, once each, in one background event loop."""

    def __init__(self, postgres_server, kafka_broker) -> None:
        self.postgres = postgres_server
        self.kafka = kafka_broker
        self.run_id = uuid.uuid4().hex[:10]
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="reliability-services", daemon=True)
        self.thread.start()
        self.started: dict[str, InProcessService] = {}
        self.databases: list[str] = []

    def run(self, coro: Coroutine[Any, Any, Any], timeout: float = 120) -> Any:
        future: Future = asyncio.run_coroutine_threadsafe(coro, self.loop)
        return future.result(timeout)

    def settings(self, name: str, **overrides) -> Any:
        database = f"r_{self.run_id}_{name}"
        self.databases.append(database)
        values = {
            "database_url": self.postgres.url(database),
            "create_database": True,
            "kafka_bootstrap_servers": self.kafka.bootstrap,
            "kafka_topic_prefix": f"r{self.run_id}.",
            "auth_signing_key": SIGNING_KEY,
            "environment": "test",
            "log_format": "console",
            "log_level": "CRITICAL",
            "db_pool_size": 10,
            **overrides,
        }
        return settings_class(name)(**values)

    def service(self, name: str) -> InProcessService:
        if name not in self.started:
            overrides = {}
            if name == "projection":
                sources = {s: self.service(s).url for s in COMMAND_SERVICES}
                overrides = {"sources": sources, "reconcile_interval_seconds": 1.0, "consumer_group": f"projection-{self.run_id}"}
            app = importlib.import_module(f"{name}.app").create_app(self.settings(name, **overrides))
            self.started[name] = self.run(InProcessService.start(app))
            self._wait_until_ready(name)
        return self.started[name]

    def _wait_until_ready(self, name: str, timeout: float = 60) -> None:
        """Tests begin once /readyz says every dependency (database, broker, relay or consumer) is reachable."""
        deadline = time.monotonic() + timeout
        answer = None
        while time.monotonic() < deadline:
            answer = httpx.get(f"{self.started[name].url}/readyz", timeout=10)
            if answer.status_code == 200:
                return
            time.sleep(0.2)
        raise TimeoutError(f"{name} did not become ready within {timeout}s: {answer.text if answer else ''}")

    def url(self, name: str) -> str:
        return self.service(name).url

    def client(self, name: str, **token_args) -> httpx.Client:
        return httpx.Client(base_url=self.url(name), headers=bearer(**token_args), timeout=60)

    def event_count(self, name: str) -> int:
        """How many events the service's store holds (sequenced or not), counted in its database."""
        engine = self.service(name).app.state.engine

        async def count() -> int:
            async with engine.connect() as conn:
                return (await conn.execute(text("SELECT count(*) FROM events"))).scalar_one()

        return self.run(count())

    def close(self) -> None:
        for service in reversed(list(self.started.values())):
            try:
                self.run(service.stop(), timeout=60)
            except Exception:  # noqa: BLE001 - stop the others and drop the databases regardless
                pass
        if self.databases:
            self.run(self._drop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=30)
        self.loop.close()

    async def _drop(self) -> None:
        engine = create_async_engine(self.postgres.url("postgres"), isolation_level="AUTOCOMMIT")
        async with engine.connect() as conn:
            for database in self.databases:
                await conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        await engine.dispose()


@pytest.fixture(scope="module")
def live(postgres_server, kafka_broker) -> LiveServices:
    services = LiveServices(postgres_server, kafka_broker)
    yield services
    services.close()
