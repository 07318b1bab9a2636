import httpx
import pytest

from kernel.testing.servers import InProcessService


@pytest.fixture
async def training(start_service) -> InProcessService:
    return await start_service("training")


@pytest.fixture
async def training_client(training, auth) -> httpx.AsyncClient:
    async with httpx.AsyncClient(base_url=training.url, headers=auth(), timeout=30) as client:
        yield client
