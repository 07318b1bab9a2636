"""`ipo migrate <service>` against a real PostgreSQL server.

It applies the service's whole migration set (the kernel's event-store or projection migrations and the
service's own) and exits 0; a second run changes nothing; two runs at the same moment wait for each other on
the migration lock and both succeed; an unknown service or an unreachable server is said plainly, non-zero.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

import enforcement
import projection
from kernel.db import EVENTSTORE_MIGRATIONS, PROJECTION_MIGRATIONS, _MIGRATION_LOCK, alembic_config, ensure_database
from kernel.infra.postgres import free_port
from kernel.testing.fixtures import SIGNING_KEY

pytestmark = pytest.mark.system


def own_migrations(package) -> Path:
    return Path(package.__file__).parent / "migrations" / "versions"


MIGRATION_SETS = {
    "enforcement": [EVENTSTORE_MIGRATIONS, PROJECTION_MIGRATIONS, own_migrations(enforcement)],
    # the read models' migrations, then the reporting periods' own event store and vintages
    "projection": [PROJECTION_MIGRATIONS, own_migrations(projection), EVENTSTORE_MIGRATIONS,
                   Path(projection.__file__).parent / "periods" / "migrations" / "versions"],
}
TABLES = {
    "enforcement": {"events", "streams", "relay_checkpoints", "alembic_version"},
    "projection": {"alembic_version"},
}


def heads(service: str) -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config(MIGRATION_SETS[service])).get_heads())


def migrate_command(service: str, wait: float = 30.0) -> list[str]:
    return [sys.executable, "-m", "kernel.cli", "migrate", service, "--wait", str(wait)]


def environment(service: str, database_url: str, *, create: bool) -> dict[str, str]:
    prefix = service.upper() + "_"
    return {**os.environ, "AUTH_SIGNING_KEY": SIGNING_KEY, "ENVIRONMENT": "test", "LOG_LEVEL": "WARNING",
            f"{prefix}DATABASE_URL": database_url, f"{prefix}CREATE_DATABASE": "true" if create else "false"}


def run_migrate(service: str, database_url: str, *, create: bool, wait: float = 30.0) -> subprocess.CompletedProcess:
    return subprocess.run(migrate_command(service, wait),
                          env=environment(service, database_url, create=create), capture_output=True, text=True, timeout=120)


async def schema(database_url: str) -> tuple[set[str], set[str]]:
    """The tables in the public schema, and the revisions alembic_version records."""
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as conn:
            tables = {r.tablename for r in await conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))}
            revisions = {r.version_num for r in await conn.execute(text("SELECT version_num FROM alembic_version"))}
            return tables, revisions
    finally:
        await engine.dispose()


@pytest.mark.parametrize("service", ["enforcement", "projection"])
def test_migrate_applies_every_migration_of_the_service_and_a_second_run_changes_nothing(service, new_database):
    url = new_database(f"cli_{service}")
    done = run_migrate(service, url, create=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{service}: 迁移已完成；migrations applied" in done.stdout
    tables, revisions = asyncio.run(schema(url))
    assert TABLES[service] <= tables, tables
    assert revisions == heads(service), "not every migration chain of the service reached its head"

    again = run_migrate(service, url, create=True)
    assert again.returncode == 0, again.stdout + again.stderr
    assert asyncio.run(schema(url)) == (tables, revisions)


async def waiting_for_the_migration_lock(conn) -> int:
    rows = await conn.execute(text(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = :key AND NOT granted "
        "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"), {"key": _MIGRATION_LOCK})
    return rows.scalar_one()


def test_two_migrate_runs_at_once_wait_for_each_other_and_both_succeed(new_database):
    """The test holds the migration lock until both runs are queued on it, so they truly run at the same time."""
    url = new_database("cli_concurrent")

    async def race() -> list[subprocess.Popen]:
        await ensure_database(url)
        engine = create_async_engine(url)
        try:
            async with engine.connect() as holder:
                await holder.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _MIGRATION_LOCK})
                runs = [subprocess.Popen(migrate_command("enforcement"), stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE, text=True, env=environment("enforcement", url, create=False))
                        for _ in range(2)]
                deadline = time.monotonic() + 60
                while await waiting_for_the_migration_lock(holder) < 2:
                    assert all(run.poll() is None for run in runs), "a run finished while the lock was held"
                    assert time.monotonic() < deadline, "the two runs never both waited for the migration lock"
                    await asyncio.sleep(0.1)
                await holder.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _MIGRATION_LOCK})
                await holder.commit()
            return runs
        finally:
            await engine.dispose()

    runs = asyncio.run(race())
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, out + err
        assert "enforcement: 迁移已完成；migrations applied" in out
    tables, revisions = asyncio.run(schema(url))
    assert TABLES["enforcement"] <= tables
    assert revisions == heads("enforcement")


def test_an_unknown_service_is_refused_by_name():
    done = run_migrate("payroll", "postgresql+asyncpg://postgres@127.0.0.1:1/none", create=False)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "此处未安装名为 'payroll' 的服务" in done.stderr and "no service named 'payroll'" in done.stderr
    assert "enforcement" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unreachable_database_is_said_plainly_and_exits_non_zero():
    url = f"postgresql+asyncpg://postgres:hidden-password@127.0.0.1:{free_port()}/enforcement"  # nothing listens there
    started = time.monotonic()
    done = run_migrate("enforcement", url, create=False, wait=1)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "秒内无法连接" in done.stderr and "cannot reach the database server" in done.stderr
    assert "Traceback" not in done.stderr
    assert "hidden-password" not in done.stderr, "the password is printed"
    assert "migrations applied" not in done.stdout
    assert time.monotonic() - started < 60


def test_invalid_settings_are_said_without_echoing_secrets():
    url = "postgresql+asyncpg://enforcement:hidden-password@127.0.0.1:1/enforcement"
    env = {**environment("enforcement", url, create=False), "ENVIRONMENT": "production", "AUTH_SIGNING_KEY": "changeme"}
    done = subprocess.run(migrate_command("enforcement", wait=1), env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "设置无效；invalid settings" in done.stderr and "AUTH_SIGNING_KEY" in done.stderr
    assert "hidden-password" not in done.stderr and "changeme" not in done.stderr
