"""A service with WEB_CONCURRENCY=2: two worker processes on one port, each with the bounds on slow clients.

Connections spread across both workers (SO_REUSEPORT); a half-sent request head gets its 408 from whichever
worker holds it; writes are stored and published by one relay among the workers (the lag returns to 0); a
SIGKILL of the supervisor takes its workers with it, so nothing is left serving the port.
"""

from __future__ import annotations

import socket
import time

import psutil
import pytest

from tests.system.test_slow_clients import BOUNDS, connect, until_closed

pytestmark = pytest.mark.system


def workers(service) -> list[psutil.Process]:
    return psutil.Process(service.pid).children()


def listening(service) -> int:
    return sum(1 for worker in workers(service) for c in worker.net_connections(kind="tcp")
               if c.status == psutil.CONN_LISTEN and c.laddr.port == service.port)


@pytest.fixture
def service(system):
    service = system.service("enforcement", shared=BOUNDS, web_concurrency="2")
    deadline = time.monotonic() + 30  # healthy once one worker answers; the other may still be starting
    while listening(service) < 2:
        assert time.monotonic() < deadline, "the second worker never listened"
        time.sleep(0.1)
    return service


def holders(service, ports: set[int]) -> set[int]:
    """The workers holding an accepted connection from one of these client ports."""
    found = set()
    for worker in workers(service):
        for connection in worker.net_connections(kind="tcp"):
            if connection.raddr and connection.raddr.port in ports and connection.laddr.port == service.port:
                found.add(worker.pid)
    return found


def test_two_workers_share_the_port_and_each_keeps_the_head_timeout(service):
    assert len(workers(service)) == 2
    connections = [connect(service.port) for _ in range(16)]
    try:
        for connection in connections:
            connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # the head never ends
        time.sleep(0.3)
        assert len(holders(service, {c.getsockname()[1] for c in connections})) == 2, "one worker took every connection"
        for connection in connections:
            received, waited = until_closed(connection, limit=10)
            assert received.startswith(b"HTTP/1.1 408 "), received
            assert waited < 5
    finally:
        for connection in connections:
            connection.close()


def test_writes_are_published_by_one_relay_among_the_workers(service, http):
    for n in range(12):
        body = {"center_id": f"w-{n}", "name": "武汉中心", "region": "420100", "registered_on": "2019-01-01"}
        assert http.post(f"{service.url}/v1/assistance-centers", json=body).status_code == 201
    deadline = time.monotonic() + 20
    while True:
        ready = http.get(f"{service.url}/readyz").json()
        if ready["relay"]["unpublished_events"] == 0 and ready["relay"]["published_position"] >= 12:
            break
        assert time.monotonic() < deadline, ready
        time.sleep(0.2)


def test_a_killed_supervisor_leaves_no_worker_serving(service):
    children = workers(service)
    assert len(children) == 2
    service.kill()
    gone, alive = psutil.wait_procs(children, timeout=10)
    assert not alive, f"workers outlived their supervisor: {alive}"
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", service.port), timeout=2).close()
