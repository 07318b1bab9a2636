"""Whole-system fixtures: every service as its own process, on the session's PostgreSQL and its own broker."""

from __future__ import annotations

import json

import httpx
import pytest

from kernel.infra.postgres import free_port
from kernel.testing.fixtures import SIGNING_KEY
from kernel.testing.servers import KafkaBroker, ServiceProcess, service_env


class System:
    def __init__(self, postgres_server, broker: KafkaBroker, test_id: str, log_dir) -> None:
        self.postgres = postgres_server
        self.broker = broker
        self.test_id = test_id
        self.log_dir = log_dir
        self.processes: list[ServiceProcess] = []

    def env(self) -> dict[str, str]:
        return {
            "AUTH_SIGNING_KEY": SIGNING_KEY,
            "KAFKA_BOOTSTRAP_SERVERS": self.broker.bootstrap,
            "KAFKA_TOPIC_PREFIX": f"s{self.test_id}.",
            "LOG_FORMAT": "json",
            "LOG_LEVEL": "WARNING",
            "ENVIRONMENT": "test",
        }

    def service(self, name: str, database: str | None = None, shared: dict[str, str] | None = None,
                **settings: str) -> ServiceProcess:
        """`settings` are the service's own (prefixed with its name); `shared` are variables all processes read."""
        port = free_port()
        database_url = settings.pop("database_url", None) or self.postgres.url(database or f"s_{self.test_id}_{name}")
        env = {**self.env(), **(shared or {}), **service_env(name, port, database_url, **settings)}
        process = ServiceProcess(name, port, env, self.log_dir / f"{name}-{port}.log")
        self.processes.append(process)
        return process.start()

    def projection(self, sources: dict[str, str], database: str | None = None, **settings: str) -> ServiceProcess:
        settings = {"consumer_group": f"projection-{self.test_id}", **settings}  # a group per test: see base_settings
        return self.service("projection", database, sources=json.dumps(sources), reconcile_interval_seconds="1", **settings)

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()


@pytest.fixture
def system(postgres_server, test_id, tmp_path):
    broker = KafkaBroker().start()
    system = System(postgres_server, broker, test_id, tmp_path)
    yield system
    system.stop()
    broker.stop()


@pytest.fixture
def http(auth):
    with httpx.Client(headers=auth(), timeout=30) as client:
        yield client
