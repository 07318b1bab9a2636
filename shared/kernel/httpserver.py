"""The HTTP server's own bounds on slow clients, which uvicorn does not have.

uvicorn closes a connection that stays idle `timeout_keep_alive` after a response, and nothing else: a client
that opens a connection and sends half a request head, or a body one byte at a time, holds it (and a slot of
the service) for as long as it likes, and as many times over as it opens connections. This protocol is
uvicorn's httptools protocol with three timers:

- a connection that has sent nothing yet is idle like one between requests: closed after the keep-alive time;
- a request head (request line and headers) must be complete `HTTP_HEADER_TIMEOUT_SECONDS` after its first
  byte arrived; otherwise the service answers 408 and closes the connection;
- a request body must be complete `HTTP_BODY_TIMEOUT_SECONDS` after its head; otherwise the request is
  abandoned (the application sees the client gone, so nothing is stored), 408, and the connection closed.

An idle keep-alive connection is not affected: the head timer starts with the next request's first byte.
"""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from kernel.problems import PROBLEM_MEDIA_TYPE, Problem, field_error
from kernel.settings import ServiceSettings


def request_timeout(part: str, seconds: float) -> bytes:
    """The whole 408 answer, written straight to the connection (no application is running for it)."""
    what = {"head": ("请求头", "request head"), "body": ("请求体", "request body")}[part]
    detail = f"{what[0]}未在 {seconds:g} 秒内发送完整，连接已关闭；the {what[1]} was not complete within {seconds:g} s, the connection is closed"
    problem = Problem(408, "request-timeout", detail, errors=[field_error(part, f"未在 {seconds:g} 秒内收到；not received within {seconds:g} s")])
    body = orjson.dumps(problem.body())
    head = (
        "HTTP/1.1 408 Request Timeout\r\n"
        f"content-type: {PROBLEM_MEDIA_TYPE}\r\n"
        f"content-length: {len(body)}\r\n"
        "connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


class BoundedHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, bounding how long a client may take to send a request (see the module)."""

    header_timeout: float = 10.0
    body_timeout: float = 120.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_timer: asyncio.TimerHandle | None = None
        self._body_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        # uvicorn arms its keep-alive timer only after a response; a connection that never sends is idle too
        self.timeout_keep_alive_task = self.loop.call_later(self.timeout_keep_alive, self.timeout_keep_alive_handler)

    def connection_lost(self, exc: Exception | None) -> None:
        self._head_timer = _cancelled(self._head_timer)
        self._body_timer = _cancelled(self._body_timer)
        super().connection_lost(exc)

    # parser callbacks: the first byte of a head, the head complete, the message complete
    def on_message_begin(self) -> None:
        super().on_message_begin()
        _cancelled(self._head_timer)
        self._head_timer = self.loop.call_later(self.header_timeout, self._head_timed_out)

    def on_headers_complete(self) -> None:
        self._head_timer = _cancelled(self._head_timer)
        super().on_headers_complete()
        _cancelled(self._body_timer)
        self._body_timer = self.loop.call_later(self.body_timeout, self._body_timed_out)

    def on_message_complete(self) -> None:
        self._body_timer = _cancelled(self._body_timer)
        super().on_message_complete()

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.transport.is_closing():
            return
        if self.cycle is None or self.cycle.response_complete:
            self._answer_timeout_and_close("head", self.header_timeout)
        else:  # a pipelined head: the answer in progress is the connection's last
            self.cycle.keep_alive = False

    def _body_timed_out(self) -> None:
        self._body_timer = None
        cycle = self.cycle
        if self.transport.is_closing() or cycle is None:
            return
        if cycle.response_complete or not cycle.response_started:
            if not cycle.response_started:
                # the application waits for the rest of the body: it is told the client left, and answers nobody
                cycle.disconnected = True
                cycle.message_event.set()
            self._answer_timeout_and_close("body", self.body_timeout, answer=not cycle.response_started)
        else:  # the application is answering already: that answer is the connection's last
            cycle.keep_alive = False

    def _answer_timeout_and_close(self, part: str, seconds: float, answer: bool = True) -> None:
        self.logger.info("closing a connection whose request %s took longer than %g s", part, seconds)
        if answer:
            self.transport.write(request_timeout(part, seconds))
        self.transport.close()


def _cancelled(timer: asyncio.TimerHandle | None) -> None:
    if timer is not None:
        timer.cancel()
    return None


def bounded_protocol(header_timeout: float, body_timeout: float) -> type[BoundedHttpProtocol]:
    """The protocol class for one server, with its bounds (uvicorn builds one instance per connection)."""
    return type("BoundedHttpProtocol", (BoundedHttpProtocol,),
                {"header_timeout": header_timeout, "body_timeout": body_timeout})


def server_options(settings: ServiceSettings | None = None) -> dict[str, Any]:
    """The uvicorn options of every service process: connection bounds and the HTTP protocol that keeps them
    (without settings, for an app that has none: the settings' defaults)."""
    def bound(name: str) -> Any:
        return getattr(settings, name) if settings is not None else ServiceSettings.model_fields[name].default

    return {
        "timeout_keep_alive": bound("http_keep_alive_seconds"),
        "http": bounded_protocol(bound("http_header_timeout_seconds"), bound("http_body_timeout_seconds")),
    }
