"""The servers of one run: PostgreSQL (normal durability), the broker, and each service as its own process.

Everything listens on loopback and lives in a temporary folder; `stop` ends every process this run started,
in reverse order, whatever happened before.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import sys
import tempfile
import time
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from bench.config import REPO_ROOT
from kernel.auth import ALL_SCOPES, TokenIssuer
from kernel.infra.postgres import free_port
from kernel.testing.processes import ManagedProcess, python_module, stop_all
from kernel.testing.servers import KafkaBroker, PostgresServer, service_env

ISSUER = "hubei-ipo"
AUDIENCE = "hubei-ipo-measures"


Process = ManagedProcess  # a service (or the baseline) as an OS process; ready when GET /healthz answers 200


def all_listening(process: Process, workers: int, timeout: float = 60.0) -> Process:
    """Healthy means one worker answers; a load started then would keep every connection on it. Wait until
    each worker listens on the port (a single process listens itself)."""
    if workers <= 1:
        return process
    deadline = time.monotonic() + timeout
    while True:
        listening = 0
        with suppress(psutil.Error):
            for child in psutil.Process(process.pid).children():
                listening += any(c.status == psutil.CONN_LISTEN and c.laddr.port == process.port
                                 for c in child.net_connections(kind="tcp"))
        if listening >= workers:
            return process
        if time.monotonic() > deadline:
            raise TimeoutError(f"{process.name}: {listening} of {workers} workers listen after {timeout:.0f} s")
        time.sleep(0.1)


@dataclass
class Environment:
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="ipo-bench-")))
    signing_key: str = field(default_factory=lambda: secrets.token_urlsafe(48))
    pg_port: int = field(default_factory=free_port)
    broker_port: int = field(default_factory=free_port)
    topic_prefix: str = field(default_factory=lambda: f"bench{secrets.token_hex(3)}.")
    profile_dir: Path | None = None
    workers: int = 0  # WEB_CONCURRENCY of every service process; 0: one per CPU of this machine
    postgres: PostgresServer | None = None
    broker: KafkaBroker | None = None
    processes: list[Process] = field(default_factory=list)

    # -- servers -------------------------------------------------------------------------------------------
    def start_servers(self) -> None:
        """PostgreSQL with its normal settings (fsync and synchronous commit on), and the in-memory broker."""
        self.postgres = PostgresServer(self.folder / "pg" / "data", self.pg_port, self.folder / "postgres.log",
                                       fast=False).start()
        self.broker = KafkaBroker(self.broker_port).start()

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

    @property
    def worker_count(self) -> int:
        return self.workers or len(os.sched_getaffinity(0))

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
            "WEB_CONCURRENCY": str(self.worker_count),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])),
        }

    def _command(self, module: str, name: str) -> list[str]:
        if self.profile_dir is not None:  # the whole process under pyinstrument; the report is written at exit
            return [sys.executable, "-m", "pyinstrument", "-r", "text", "--show-all", "-o",
                    str(self.profile_dir / f"process-{name}.txt"), "-m", module]
        return python_module(module)

    def service(self, module: str, name: str, database: str, **settings: str) -> Process:
        port = free_port()
        settings = {"web_concurrency": str(self.worker_count), **settings}
        env = {**self._shared_env(), **service_env(module, port, self.database_url(database), **settings)}
        process = Process(name, self._command(module, name), port, env, self.folder / f"{name}.log", cwd=REPO_ROOT)
        self.processes.append(process)
        return all_listening(process.start(), self.worker_count)

    def projection(self, name: str, database: str, sources: dict[str, str], **settings: str) -> Process:
        return self.service("projection", name, database, sources=json.dumps(sources), **settings)

    def baseline(self) -> Process:
        port = free_port()
        env = {**self._shared_env(), "BENCH_BASELINE_PORT": str(port)}
        process = Process("baseline", self._command("bench.baseline_app", "baseline"), port, env,
                          self.folder / "baseline.log", cwd=REPO_ROOT)
        self.processes.append(process)
        return all_listening(process.start(), self.worker_count)

    def cpu_roots(self, **processes: Process) -> dict[str, tuple[int, bool]]:
        """What `bench.cpu.CpuMeter` samples: the named service processes (with their workers), PostgreSQL
        (with its backends), the broker and the bench process itself."""
        roots = {name: (process.pid, True) for name, process in processes.items()}
        if self.postgres is not None:
            roots["postgres"] = (self.postgres.pid, True)
        if self.broker is not None:
            roots["broker"] = (self.broker.pid, True)
        roots["bench"] = (os.getpid(), False)
        return roots

    # -- the end -------------------------------------------------------------------------------------------
    def stop(self, keep: bool = False, keep_logs: bool = False) -> None:
        stop_all([*reversed(self.processes), self.broker, self.postgres])
        if keep:
            return
        shutil.rmtree(self.folder / "pg", ignore_errors=True)  # the data may be large; logs stay until cleaned
        if not keep_logs:
            shutil.rmtree(self.folder, ignore_errors=True)
