"""Shared helpers for the deployment tests: the deploy/ folder, its YAML, and the settings each service reads."""

from __future__ import annotations

import importlib
import os
import signal
from pathlib import Path

import httpx
import pytest
import yaml
from pydantic import AliasChoices
from pydantic_settings import BaseSettings

from kernel.testing.servers import KafkaBroker
from tests.deploy.cluster import Cluster

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SERVICES = {"projection": 8100, "enforcement": 8101, "financing": 8102, "training": 8103, "outreach": 8104}
COMMAND_SERVICES = ["enforcement", "financing", "training", "outreach"]


def settings_class(service: str) -> type[BaseSettings]:
    module = importlib.import_module(f"{service}.settings")
    return next(
        value for name, value in vars(module).items()
        if name.endswith("Settings") and isinstance(value, type) and value.__module__ == module.__name__
    )


def env_names(cls: type[BaseSettings]) -> set[str]:
    """Every environment variable the settings class reads: prefix + field name, or its shared alias."""
    prefix = cls.model_config.get("env_prefix", "")
    names: set[str] = set()
    for field_name, info in cls.model_fields.items():
        alias = info.validation_alias
        if isinstance(alias, AliasChoices):
            names.update(str(choice).upper() for choice in alias.choices)
        elif isinstance(alias, str):
            names.add(alias.upper())
        else:
            names.add(f"{prefix}{field_name}".upper())
    return names


def load_all(path: Path) -> list[dict]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc is not None]


@pytest.fixture(scope="session")
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


@pytest.fixture(scope="session")
def k8s_docs() -> list[tuple[str, dict]]:
    return [(path.name, doc) for path in sorted((DEPLOY / "k8s").glob("*.yaml")) for doc in load_all(path)]


@pytest.fixture
def cluster(postgres_server, test_id, tmp_path):
    """Replicas sharing the session's PostgreSQL and a broker of this test's own."""
    broker = KafkaBroker().start()
    cluster = Cluster(postgres_server, broker, test_id, tmp_path)
    yield cluster
    for process in [broker, *cluster.processes]:  # a test may leave one frozen (SIGSTOP)
        if process.running:
            os.kill(process.pid, signal.SIGCONT)
    cluster.stop()
    broker.stop()


@pytest.fixture
def http(auth):
    with httpx.Client(headers=auth(), timeout=30) as client:
        yield client
