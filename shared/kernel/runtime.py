"""Running a service process: `python -m <service>` serves its app with uvicorn on its configured port.

With `WEB_CONCURRENCY` above one, the process is a small supervisor of that many worker processes, forked
from it, each a whole uvicorn server with the app (its own pool, relay candidate, consumer-group member and
caches) on its own socket bound to the same port with SO_REUSEPORT, so the kernel spreads connections across
them. Forking keeps the protocol class with its bounds on slow clients (kernel.httpserver) in every worker.
A worker dies with its supervisor (PR_SET_PDEATHSIG: a SIGKILL of the supervisor leaves nothing serving), a
worker that ends is started again, and SIGTERM or SIGINT stops the workers gracefully, then the supervisor.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import socket
import sys
import time
from typing import Any

import uvicorn

from kernel.httpserver import server_options
from kernel.settings import ServiceSettings

log = logging.getLogger("kernel.runtime")
GRACE_SECONDS = 10
RESTART_PAUSE_SECONDS = 1.0


def _options(settings: ServiceSettings) -> dict[str, Any]:
    return {
        "factory": True,
        "host": settings.host,
        "port": settings.port,
        "log_level": "warning",
        "access_log": False,
        "timeout_graceful_shutdown": GRACE_SECONDS,
        "loop": "uvloop",
        **server_options(settings),  # keep-alive, and bounds on slow request heads and bodies (kernel.httpserver)
    }


def serve(app_factory: str, settings: ServiceSettings) -> None:
    if settings.web_concurrency <= 1:
        uvicorn.run(app_factory, **_options(settings))
        return
    Supervisor(uvicorn.Config(app_factory, **_options(settings)), settings.web_concurrency).run()


def _listener(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def _port_is_free(host: str, port: int) -> None:
    """Fail at once, as a single process would, when something else listens on the port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))


def _die_with(parent: int) -> None:
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:  # not Linux: the supervisor's SIGTERM still reaches the worker
        pass
    if os.getppid() != parent:  # the supervisor died before the line above
        os._exit(1)


class Supervisor:
    def __init__(self, config: uvicorn.Config, workers: int) -> None:
        self.config = config
        self.workers = workers
        self.children: set[int] = set()
        self.stopping = False

    def run(self) -> None:
        _port_is_free(self.config.host, self.config.port)
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        for _ in range(self.workers):
            self._spawn()
        while self.children:
            try:
                pid, status = os.wait()
            except ChildProcessError:
                break
            except InterruptedError:
                continue
            self.children.discard(pid)
            if not self.stopping:
                log.warning("worker %s ended (status %s); starting another", pid, status)
                time.sleep(RESTART_PAUSE_SECONDS)
                if not self.stopping:
                    self._spawn()
        sys.exit(0)

    def _spawn(self) -> None:
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the worker
            code = 1
            try:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                _die_with(parent)
                uvicorn.Server(self.config).run(sockets=[_listener(self.config.host, self.config.port)])
                code = 0
            finally:
                os._exit(code)
        self.children.add(pid)

    def _stop(self, signum: int, _frame: Any) -> None:
        if self.stopping:
            return
        self.stopping = True
        for pid in list(self.children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                self.children.discard(pid)
        signal.signal(signal.SIGALRM, self._kill)
        signal.alarm(GRACE_SECONDS + 5)

    def _kill(self, _signum: int, _frame: Any) -> None:
        for pid in list(self.children):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
