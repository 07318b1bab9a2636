import httpx
import pytest


@pytest.fixture
async def outreach(start_service):
    return await start_service("outreach")


@pytest.fixture
async def outreach_client(outreach, auth) -> httpx.AsyncClient:
    async with httpx.AsyncClient(base_url=outreach.url, headers=auth(), timeout=30) as client:
        yield client
