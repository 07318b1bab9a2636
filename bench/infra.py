"""The servers of one run: PostgreSQL (normal durability), the broker, and each service as its own process.

Everything listens on loopback and lives in a temporary folder; `stop` ends every process this run started,
in reverse order, whatever happened before.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.config import REPO_ROOT
from kernel.auth import ALL_SCOPES, TokenIssuer
from kernel.infra import broker, postgres
from kernel.infra.postgres import free_port

ISSUER = "hubei-ipo"
AUDIENCE = "hubei-ipo-measures"


@dataclass
class Process:
    """A service as an OS process; ready when GET /healthz answers 200."""

    name: str
    command: list[str]
    port: int
    env: dict[str, str]
    log_path: Path
    popen: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.popen is not None
        return self.popen.pid

    def start(self, timeout: float = 90.0) -> "Process":
        log = open(self.log_path, "ab")
        self.popen = subprocess.Popen(self.command, env={**os.environ, **self.env}, stdout=log, stderr=subprocess.STDOUT,
                                      cwd=REPO_ROOT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.popen.returncode}; see {self.log_path}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise TimeoutError(f"{self.name} did not start within {timeout}s; see {self.log_path}")

    def stop(self) -> None:
        if self.popen is None or self.popen.poll() is not None:
            return
        self.popen.terminate()
        try:
            self.popen.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait(timeout=10)


@dataclass
class Environment:
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="ipo-bench-")))
    signing_key: str = field(default_factory=lambda: secrets.token_urlsafe(48))
    pg_port: int = field(default_factory=free_port)
    broker_port: int = field(default_factory=free_port)
    topic_prefix: str = field(default_factory=lambda: f"bench{secrets.token_hex(3)}.")
    profile_dir: Path | None = None
    postgres: subprocess.Popen | None = None
    broker: subprocess.Popen | None = None
    processes: list[Process] = field(default_factory=list)

    # -- servers -------------------------------------------------------------------------------------------
    def start_servers(self) -> None:
        """PostgreSQL with its normal settings (fsync and synchronous commit on), and the in-memory broker."""
        self.postgres = postgres.start(self.folder / "pg" / "data", self.pg_port, fast=False,
                                       log_file=self.folder / "postgres.log")
        self.broker = broker.start(self.broker_port)

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.broker_port}"

    def database_url(self, database: str) -> str:
        """SQLAlchemy's URL, as the services take it."""
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.pg_port}/{database}"

    def dsn(self, database: str) -> str:
        """asyncpg's own DSN, for the raw baselines."""
        return f"postgresql://postgres@127.0.0.1:{self.pg_port}/{database}"

    def token(self) -> str:
        return TokenIssuer(self.signing_key, ISSUER, AUDIENCE).mint("bench", ALL_SCOPES, ttl_seconds=4 * 3600)

    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token()}"}

    # -- processes -----------------------------------------------------------------------------------------
    def _shared_env(self) -> dict[str, str]:
        return {
            "AUTH_SIGNING_KEY": self.signing_key,
            "AUTH_ISSUER": ISSUER,
            "AUTH_AUDIENCE": AUDIENCE,
            "KAFKA_BOOTSTRAP_SERVERS": self.bootstrap,
            "KAFKA_TOPIC_PREFIX": self.topic_prefix,
            "ENVIRONMENT": "development",
            "LOG_FORMAT": "json",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])),
        }

    def _command(self, module: str, name: str) -> list[str]:
        if self.profile_dir is not None:  # the whole process under pyinstrument; the report is written at exit
            return [sys.executable, "-m", "pyinstrument", "-r", "text", "--show-all", "-o",
                    str(self.profile_dir / f"process-{name}.txt"), "-m", module]
        return [sys.executable, "-m", module]

    def service(self, module: str, name: str, database: str, **settings: str) -> Process:
        prefix = module.upper()
        port = free_port()
        env = {
            **self._shared_env(),
            f"{prefix}_PORT": str(port),
            f"{prefix}_DATABASE_URL": self.database_url(database),
            f"{prefix}_CREATE_DATABASE": "true",
            **{f"{prefix}_{k.upper()}": v for k, v in settings.items()},
        }
        process = Process(name, self._command(module, name), port, env, self.folder / f"{name}.log")
        self.processes.append(process)
        return process.start()

    def projection(self, name: str, database: str, sources: dict[str, str], **settings: str) -> Process:
        return self.service("projection", name, database, sources=json.dumps(sources), **settings)

    def baseline(self) -> Process:
        port = free_port()
        env = {**self._shared_env(), "BENCH_BASELINE_PORT": str(port)}
        process = Process("baseline", self._command("bench.baseline_app", "baseline"), port, env,
                          self.folder / "baseline.log")
        self.processes.append(process)
        return process.start()

    # -- the end -------------------------------------------------------------------------------------------
    def stop(self, keep: bool = False, keep_logs: bool = False) -> None:
        for process in reversed(self.processes):
            try:
                process.stop()
            except Exception as exc:  # keep stopping the others
                print(f"could not stop {process.name}: {exc}", file=sys.stderr)
        if self.broker is not None and self.broker.poll() is None:
            self.broker.terminate()
            try:
                self.broker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.broker.kill()
                self.broker.wait(timeout=10)
        if self.postgres is not None and self.postgres.poll() is None:
            self.postgres.send_signal(signal.SIGINT)  # fast shutdown
            try:
                self.postgres.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.postgres.kill()
                self.postgres.wait(timeout=10)
        if keep:
            return
        shutil.rmtree(self.folder / "pg", ignore_errors=True)  # the data may be large; logs stay until cleaned
        if not keep_logs:
            shutil.rmtree(self.folder, ignore_errors=True)
