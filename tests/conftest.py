"""Fixtures for the services under test: each test gets its own databases and topics on real servers.

`start_service("financing")` starts any service package in process (uvicorn on a free port) with this test's
database and topics; a service's own tests add a two-line fixture in their folder's conftest.py.
"""

from __future__ import annotations

import importlib

import httpx
import pytest

from kernel.testing.servers import InProcessService

pytest_plugins = ["kernel.testing.fixtures"]


@pytest.fixture
async def start_service(base_settings):
    started: list[InProcessService] = []

    async def start(name: str, **overrides) -> InProcessService:
        settings_module = importlib.import_module(f"{name}.settings")
        settings_class = next(
            v for k, v in vars(settings_module).items()
            if k.endswith("Settings") and isinstance(v, type) and v.__module__ == settings_module.__name__
        )
        create_app = importlib.import_module(f"{name}.app").create_app
        service = await InProcessService.start(create_app(settings_class(**base_settings(name, **overrides))))
        started.append(service)
        return service

    yield start
    for service in reversed(started):
        await service.stop()


@pytest.fixture
async def client_for(auth):
    """client_for(service, **token_args) -> an httpx client with a bearer token (every scope by default)."""
    clients: list[httpx.AsyncClient] = []

    def make(service: InProcessService, **token_args) -> httpx.AsyncClient:
        client = httpx.AsyncClient(base_url=service.url, headers=auth(**token_args), timeout=30)
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


@pytest.fixture
async def enforcement(start_service) -> InProcessService:
    return await start_service("enforcement")


@pytest.fixture
async def enforcement_client(enforcement, auth) -> httpx.AsyncClient:
    async with httpx.AsyncClient(base_url=enforcement.url, headers=auth(), timeout=30) as client:
        yield client


@pytest.fixture
def projection_settings(enforcement):
    """Overrides for a projection fed by this test's enforcement service."""
    return {"sources": {"enforcement": enforcement.url}, "reconcile_interval_seconds": 1.0}


@pytest.fixture
async def projection(start_service, projection_settings) -> InProcessService:
    return await start_service("projection", **projection_settings)


@pytest.fixture
async def projection_client(projection, auth) -> httpx.AsyncClient:
    async with httpx.AsyncClient(base_url=projection.url, headers=auth(), timeout=30) as client:
        yield client
