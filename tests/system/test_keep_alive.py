"""A service keeps an idle client connection open longer than clients keep theirs.

httpx (and most HTTP clients) reuse an idle connection for 5 s. Were the service to close idle connections
after the same 5 s (uvicorn's default), a request sent on a pooled connection just as the service closes it
fails with a read error: under load, writers saw exactly that. `HTTP_KEEP_ALIVE_SECONDS` (75 s by default)
sets the service's side.
"""

from __future__ import annotations

import socket
import time

import pytest

pytestmark = pytest.mark.system
REQUEST = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


def answer(connection: socket.socket) -> bytes:
    """One whole response (headers and a Content-Length body), or b"" when the service has closed."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:"))
    while len(body) < length:
        body += connection.recv(65536)
    return head


def idle_then_reuse(port: int, idle: float) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(REQUEST)
        assert answer(connection).startswith(b"HTTP/1.1 200")
        time.sleep(idle)
        try:
            connection.sendall(REQUEST)
            return answer(connection)
        except (BrokenPipeError, ConnectionResetError):
            return b""


def test_an_idle_connection_outlives_a_clients_keep_alive(system):
    enforcement = system.service("enforcement")
    assert idle_then_reuse(enforcement.port, idle=6).startswith(b"HTTP/1.1 200"), \
        "the service closed a connection idle for 6 s, which a client may still reuse"


def test_the_keep_alive_is_the_configured_one(system):
    enforcement = system.service("enforcement", shared={"HTTP_KEEP_ALIVE_SECONDS": "1"})
    assert idle_then_reuse(enforcement.port, idle=3) == b"", "a connection idle past the setting is closed"
