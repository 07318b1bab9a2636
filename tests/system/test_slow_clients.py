"""A client that sends its request slowly cannot hold a connection of the service for as long as it likes.

uvicorn bounds only the idle time after a response (`HTTP_KEEP_ALIVE_SECONDS`): a connection that sent half a
request head stayed open indefinitely, and so did one trickling a body. The service (kernel.httpserver) answers
408 and closes a connection whose head is not complete `HTTP_HEADER_TIMEOUT_SECONDS` after its first byte, or
whose body is not complete `HTTP_BODY_TIMEOUT_SECONDS` after its head (nothing stored), and closes one that never
sends anything after the keep-alive time. Requests that arrive in time, slowly or in pieces, are answered, and
an idle keep-alive connection is still reused well past the header timeout.
"""

from __future__ import annotations

import json
import socket
import time

import pytest

from tests.system.test_keep_alive import REQUEST, answer

pytestmark = pytest.mark.system
BOUNDS = {"HTTP_HEADER_TIMEOUT_SECONDS": "1", "HTTP_BODY_TIMEOUT_SECONDS": "2", "HTTP_KEEP_ALIVE_SECONDS": "5"}
CENTER = {"center_id": "slow-1", "name": "武汉中心", "region": "420100", "registered_on": "2019-01-01"}


def until_closed(connection: socket.socket, limit: float) -> tuple[bytes, float]:
    """Everything the service sends until it closes the connection, and how long that took."""
    started, received = time.monotonic(), b""
    connection.settimeout(limit)
    try:
        while chunk := connection.recv(65536):
            received += chunk
    except socket.timeout:
        pytest.fail(f"the connection was still open after {limit} s; received {received!r}")
    except ConnectionResetError:
        pass
    return received, time.monotonic() - started


def connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=10)


def post_head(token: str, length: int) -> bytes:
    return (f"POST /v1/assistance-centers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n").encode()


@pytest.fixture
def service(system):
    return system.service("enforcement", shared=BOUNDS)


@pytest.fixture
def token(auth) -> str:
    return auth()["Authorization"].removeprefix("Bearer ")


def test_half_a_request_head_is_answered_408_and_closed(service):
    with connect(service.port) as connection:
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # no blank line: the head goes on
        received, waited = until_closed(connection, limit=10)
    assert received.startswith(b"HTTP/1.1 408 "), received
    assert b"connection: close" in received.lower()
    problem = json.loads(received.partition(b"\r\n\r\n")[2])
    assert problem["type"] == "/problems/request-timeout" and problem["errors"][0]["field"] == "head", problem
    assert 0.9 <= waited < 5, f"closed after {waited:.1f} s; the bound is 1 s"


def test_a_head_trickled_one_piece_at_a_time_is_cut_off_at_the_bound(service):
    """Every piece resets no timer: the bound counts from the head's first byte."""
    with connect(service.port) as connection:
        started = time.monotonic()
        try:
            for n in range(40):
                connection.sendall(b"GET /healthz HTTP/1.1\r\n" if n == 0 else f"X-Slow-{n}: 1\r\n".encode())
                time.sleep(0.2)
        except (BrokenPipeError, ConnectionResetError):
            pass
        received, _ = until_closed(connection, limit=10)
    assert received.startswith(b"HTTP/1.1 408 "), received
    assert time.monotonic() - started < 5


def test_a_connection_that_never_sends_is_closed_after_the_keep_alive_time(service):
    with connect(service.port) as connection:
        received, waited = until_closed(connection, limit=20)
    assert received == b""
    assert 4.5 <= waited < 10, f"closed after {waited:.1f} s; HTTP_KEEP_ALIVE_SECONDS is 5"


def test_a_trickled_body_is_cut_off_and_nothing_is_stored(service, token, http):
    body = json.dumps(CENTER).encode()
    with connect(service.port) as connection:
        connection.sendall(post_head(token, len(body)) + body[:10])
        received, waited = until_closed(connection, limit=10)
    assert received.startswith(b"HTTP/1.1 408 "), received
    assert json.loads(received.partition(b"\r\n\r\n")[2])["errors"][0]["field"] == "body"
    assert 1.9 <= waited < 6, f"closed after {waited:.1f} s; the bound is 2 s"
    assert http.get(f"{service.url}/v1/assistance-centers/slow-1").status_code == 404
    assert http.get(f"{service.url}/healthz").status_code == 200
    answered = [line for line in http.get(f"{service.url}/metrics").text.splitlines()
                if line.startswith('http_requests_total{method="POST"')]
    assert answered and all('status="499"' in line for line in answered), answered  # the client left: not a 4xx or 5xx


def test_requests_in_time_are_answered_and_idle_connections_are_kept(service, token, http):
    body = json.dumps(CENTER).encode()
    with connect(service.port) as connection:
        head = post_head(token, len(body))
        for piece in (head[:20], head[20:], body[:10], body[10:]):  # in pieces, each well within its bound
            connection.sendall(piece)
            time.sleep(0.3)
        assert answer(connection).startswith(b"HTTP/1.1 201 ")
        time.sleep(3)  # idle past the header and body bounds, within the keep-alive time
        connection.sendall(REQUEST)
        assert answer(connection).startswith(b"HTTP/1.1 200 ")
        time.sleep(3)
        connection.sendall(REQUEST)
        assert answer(connection).startswith(b"HTTP/1.1 200 ")
    assert http.get(f"{service.url}/v1/assistance-centers/slow-1").status_code == 200


def test_an_import_abandoned_mid_body_is_not_counted_as_a_failure(service, token, http):
    """The application sees the client gone (nothing stored), which is not a 500 of the service."""
    head = (f"POST /v1/import?kind=assistance-center HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
            "Content-Type: text/csv\r\nContent-Length: 100000\r\n\r\ncenter_id,name,region,registered_on\r\n").encode()
    with connect(service.port) as connection:
        connection.sendall(head)
        received, _ = until_closed(connection, limit=10)
    assert received.startswith(b"HTTP/1.1 408 "), received
    metrics = http.get(f"{service.url}/metrics").text
    failures = [line for line in metrics.splitlines() if line.startswith("http_requests_total{") and 'status="5' in line]
    assert not failures, failures
    assert http.get(f"{service.url}/v1/assistance-centers").json()["items"] == []
