import httpx
import pytest


@pytest.fixture
async def financing(start_service):
    return await start_service("financing")


@pytest.fixture
async def financing_client(financing, auth) -> httpx.AsyncClient:
    async with httpx.AsyncClient(base_url=financing.url, headers=auth(), timeout=30) as client:
        yield client
