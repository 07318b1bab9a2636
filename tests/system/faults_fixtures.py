"""Fixtures of the fault tests beyond tests/system/conftest.py; a test module imports the ones it uses."""

from __future__ import annotations

import pytest

from tests.system.conftest import System
from tests.system.helpers_proxy import BrokerBehindProxy, DelayingProxy


@pytest.fixture
def proxied_system(postgres_server, test_id, tmp_path):
    """(system, broker, proxy): the services reach their broker only through a delaying proxy (no delay yet)."""
    broker = BrokerBehindProxy().start()
    proxy = DelayingProxy(broker.port, delay=0.0, port=broker.advertised_port).start()
    system = System(postgres_server, broker, test_id, tmp_path)  # its processes use broker.bootstrap: the proxy
    try:
        yield system, broker, proxy
    finally:
        system.stop()
        proxy.stop()
        broker.stop()
