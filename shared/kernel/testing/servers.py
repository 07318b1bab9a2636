"""Real servers for tests, benchmarks and fault runs: PostgreSQL and the broker as child processes, and services
in or out of process. The child processes are `kernel.testing.processes`' own: `running`, `pid`, `kill`, `stop`."""

from __future__ import annotations

import asyncio
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, ClassVar

import uvicorn

from kernel.httpserver import server_options
from kernel.infra import broker, postgres
from kernel.infra.postgres import free_port
from kernel.testing.processes import ChildProcess, ManagedProcess, python_module


@dataclass
class PostgresServer(ChildProcess):
    """PostgreSQL as a child process: `fast` (tests) turns durability off; a benchmark or fault run keeps it on."""

    data_dir: Path
    port: int
    log_file: Path | None = None  # None: postgres.log beside the data folder
    fast: bool = True

    stop_signal: ClassVar[int] = signal.SIGINT  # fast shutdown: disconnect the clients, checkpoint, exit
    stop_timeout: ClassVar[float] = 60.0

    def _start(self) -> None:
        log_file = self.log_file or self.data_dir.parent / "postgres.log"
        self.popen = postgres.start(self.data_dir, self.port, fast=self.fast, log_file=log_file)

    def url(self, database: str) -> str:
        """SQLAlchemy's URL of one database, as the services take it."""
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{database}"


@dataclass
class KafkaBroker(ChildProcess):
    """The in-memory broker: killed (SIGKILL), it forgets every topic, message and consumer-group offset."""

    port: int = field(default_factory=free_port)

    stop_timeout: ClassVar[float] = 10.0

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def _start(self) -> None:
        self.popen = broker.start(self.port)


@dataclass
class InProcessService:
    """A service app served by uvicorn inside the test's event loop, on a real port."""

    app: Any
    port: int
    server: uvicorn.Server
    task: asyncio.Task

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @classmethod
    async def start(cls, app: Any) -> "InProcessService":
        port = free_port()
        # As `kernel.runtime.serve` does: idle connections outlive the clients' own keep-alive (httpx: 5 s), and
        # slow request heads and bodies are cut off (kernel.httpserver).
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on",
                                access_log=False, **server_options(getattr(app.state, "settings", None)))
        server = uvicorn.Server(config)
        server.install_signal_handlers = lambda: None  # type: ignore[method-assign]  # uvicorn < 0.29
        task = asyncio.create_task(server.serve())
        while not server.started:
            if task.done():
                task.result()  # raises the start-up failure
                raise RuntimeError("the service stopped while starting")
            await asyncio.sleep(0.02)
        return cls(app, port, server, task)

    async def stop(self) -> None:
        self.server.should_exit = True
        await asyncio.wait_for(self.task, timeout=30)


class ServiceProcess(ManagedProcess):
    """A service as its own OS process (`python -m <module>`), for tests that kill and restart it."""

    def __init__(self, module: str, port: int, env: dict[str, str], log_path: Path) -> None:
        super().__init__(module, python_module(module), port, env, log_path)

    @property
    def module(self) -> str:
        return self.name

    def start(self, timeout: float = 60.0) -> "ServiceProcess":
        super().start(timeout)
        return self


def service_env(module: str, port: int, database_url: str, **settings: str) -> dict[str, str]:
    """A service's own settings as the environment it reads them from: `<MODULE>_PORT`, `<MODULE>_DATABASE_URL`
    (the database is created at start if missing) and `<MODULE>_<SETTING>` for each further one.
    One process unless `web_concurrency` asks for more workers: a test's replica is one process, whose metrics
    and kill it can reason about."""
    prefix = module.upper()
    return {
        "WEB_CONCURRENCY": str(settings.pop("web_concurrency", 1)),
        f"{prefix}_PORT": str(port),
        f"{prefix}_DATABASE_URL": database_url,
        f"{prefix}_CREATE_DATABASE": "true",
        **{f"{prefix}_{name.upper()}": value for name, value in settings.items()},
    }


async def eventually(check: Callable[[], Any], *, timeout: float = 20.0, interval: float = 0.05, message: str = "") -> Any:
    """Poll an (async or plain) check until it returns a truthy value; fail with the last value after `timeout`."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = check()
        if asyncio.iscoroutine(last):
            last = await last
        if last:
            return last
        await asyncio.sleep(interval)
    raise AssertionError(f"{message or 'condition'} not reached within {timeout}s; last value: {last!r}")
