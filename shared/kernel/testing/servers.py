"""Real servers for tests: PostgreSQL and the broker as child processes, and services in or out of process."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import httpx
import uvicorn

from kernel.infra import broker, postgres
from kernel.infra.postgres import free_port


@dataclass
class PostgresServer:
    data_dir: Path
    port: int
    process: subprocess.Popen | None = None

    def start(self) -> "PostgresServer":
        self.process = postgres.start(self.data_dir, self.port, fast=True, log_file=self.data_dir.parent / "postgres.log")
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # fast shutdown
            self.process.wait(timeout=30)

    def url(self, database: str) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{database}"


@dataclass
class KafkaBroker:
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> "KafkaBroker":
        self.process = broker.start(self.port)
        return self

    def kill(self) -> None:
        """SIGKILL: the broker is in memory, so every topic and offset is gone."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


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
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on", access_log=False)
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


@dataclass
class ServiceProcess:
    """A service as its own OS process (`python -m <module>`), for tests that kill and restart it."""

    module: str
    port: int
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> "ServiceProcess":
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", self.module], env={**os.environ, **self.env}, stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.module} exited with {self.process.returncode}; see {self.log_path}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise TimeoutError(f"{self.module} did not start within {timeout}s; see {self.log_path}")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


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
