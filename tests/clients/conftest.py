"""The stand-in import endpoint the `ipo import` tests send files to (see import_endpoint.py)."""

from __future__ import annotations

import pytest

from kernel.testing.servers import InProcessService
from tests.clients.import_endpoint import ImportEndpoint


@pytest.fixture
async def endpoint():
    served = ImportEndpoint()
    service = await InProcessService.start(served.app())
    served.url = service.url
    yield served
    await service.stop()
