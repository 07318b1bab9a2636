"""The system of one run: PostgreSQL, the broker, the four command services and the projection, on loopback.

Enforcement runs as two replicas on one database (as behind a load balancer), so that the replica leading the
relay can be killed while the other keeps serving; the other services run one process each. Everything lives
in a temporary folder of its own; `stop` ends every process the run started, in reverse order.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

from kernel.auth import ALL_SCOPES, TokenIssuer
from kernel.infra.postgres import free_port
from kernel.testing.processes import python_module, stop_all
from kernel.testing.servers import service_env

from faults.processes import BrokerProcess, PostgresProcess, ServiceProcess

COMMAND_SERVICES = ("enforcement", "financing", "training", "outreach")
ISSUER = "hubei-ipo"
AUDIENCE = "hubei-ipo-measures"
SUBJECT = "faults-load"
PROJECTION_DATABASE = "projection"


def replica_count(service: str) -> int:
    return 2 if service == "enforcement" else 1


@dataclass
class System:
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="ipo-faults-")))
    signing_key: str = field(default_factory=lambda: secrets.token_urlsafe(48))
    topic_prefix: str = field(default_factory=lambda: f"faults{secrets.token_hex(3)}.")
    reconcile_interval: float = 1.0
    postgres: PostgresProcess | None = None
    broker: BrokerProcess | None = None
    commands: dict[str, list[ServiceProcess]] = field(default_factory=dict)
    projection: ServiceProcess | None = None
    extra: list[ServiceProcess] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.postgres = PostgresProcess(self.folder / "pg" / "data", free_port(), self.folder / "postgres.log")
        self.broker = BrokerProcess(free_port())
        for service in COMMAND_SERVICES:
            self.commands[service] = [
                self._process(service, f"{service}-{'ab'[i]}" if replica_count(service) > 1 else service, service)
                for i in range(replica_count(service))
            ]
        self.projection = self._projection("projection", PROJECTION_DATABASE, "projection")

    # -- addresses -----------------------------------------------------------------------------------------
    def dsn(self, database: str) -> str:
        """asyncpg's DSN of one database, for the checks that read the stores and the ledger directly."""
        assert self.postgres is not None
        return f"postgresql://postgres@127.0.0.1:{self.postgres.port}/{database}"

    def database_url(self, database: str) -> str:
        assert self.postgres is not None
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.postgres.port}/{database}"

    def urls(self, service: str) -> list[str]:
        return [replica.url for replica in self.commands[service]]

    def token(self) -> str:
        return TokenIssuer(self.signing_key, ISSUER, AUDIENCE).mint(SUBJECT, ALL_SCOPES, ttl_seconds=6 * 3600)

    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token()}"}

    # -- processes -----------------------------------------------------------------------------------------
    def _shared_env(self) -> dict[str, str]:
        assert self.broker is not None
        return {
            "AUTH_SIGNING_KEY": self.signing_key,
            "AUTH_ISSUER": ISSUER,
            "AUTH_AUDIENCE": AUDIENCE,
            "KAFKA_BOOTSTRAP_SERVERS": self.broker.bootstrap,
            "KAFKA_TOPIC_PREFIX": self.topic_prefix,
            "ENVIRONMENT": "test",
            "LOG_FORMAT": "json",
            "LOG_LEVEL": "WARNING",
        }

    def _process(self, module: str, name: str, database: str, **settings: str) -> ServiceProcess:
        port = free_port()
        pool = {"db_pool_size": "5", "db_max_overflow": "15"}
        env = {**self._shared_env(), **service_env(module, port, self.database_url(database), **{**pool, **settings})}
        return ServiceProcess(name, python_module(module), port, env, self.folder / f"{name}.log")

    def _projection(self, name: str, database: str, consumer_group: str) -> ServiceProcess:
        sources = {service: self.commands[service][0].url for service in COMMAND_SERVICES}
        return self._process("projection", name, database, sources=json.dumps(sources), consumer_group=consumer_group,
                             reconcile_interval_seconds=str(self.reconcile_interval))

    @property
    def services(self) -> list[ServiceProcess]:
        return [replica for service in COMMAND_SERVICES for replica in self.commands[service]]

    async def create_databases(self, *names: str) -> None:
        """Created here, before the replicas start: two replicas creating one database at once race."""
        conn = await asyncpg.connect(self.dsn("postgres"))
        try:
            for name in names:
                if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
                    await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()

    async def start(self) -> None:
        assert self.postgres is not None and self.broker is not None and self.projection is not None
        await self.postgres.start()
        await self.create_databases(*COMMAND_SERVICES, PROJECTION_DATABASE)
        await self.broker.start()
        await self.start_processes(self.services)
        await self.projection.start()

    @staticmethod
    async def start_processes(processes: list[ServiceProcess]) -> None:
        """Launch several at once (the machine is small: start-up is mostly imports), then wait for each."""
        for process in processes:
            process.launch()
        await asyncio.gather(*(process.wait_healthy_async() for process in processes))

    async def recover(self, attempts: int = 3) -> list[str]:
        """Start again whatever is not running (after a restart that failed); returns what had to be started."""
        assert self.postgres is not None and self.broker is not None and self.projection is not None
        started: list[str] = []
        for _ in range(attempts):
            try:
                if not self.postgres.running:
                    started.append("postgresql")
                    await self.postgres.start()
                if not self.broker.running:
                    started.append("broker")
                    await self.broker.start()
                dead = [p for p in [*self.services, self.projection] if not p.running]
                started += [p.name for p in dead]
                await self.start_processes(dead)
                return started
            except Exception:
                await asyncio.sleep(2)
        return started

    async def fresh_projection(self, database: str) -> ServiceProcess:
        """A projection on an empty database with a consumer group of its own: built from nothing."""
        process = self._projection(f"projection-{database}", database, consumer_group=database)
        self.extra.append(process)
        await process.start()
        return process

    def stop(self, keep: bool = False) -> None:
        stop_all([*reversed(self.extra), self.projection, *reversed(self.services), self.broker, self.postgres])
        if not keep:
            shutil.rmtree(self.folder, ignore_errors=True)
