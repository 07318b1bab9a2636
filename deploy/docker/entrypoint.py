"""Container entry point: `serve` (default), `migrate` (apply the schema and exit) or `healthcheck`.

The service is named by the SERVICE variable (set in the image). Every setting keeps its usual variable
(`<SERVICE>_PORT`, `<SERVICE>_DATABASE_URL`, KAFKA_BOOTSTRAP_SERVERS, ...); the only default added here is
`<SERVICE>_HOST=0.0.0.0`, because a container must listen on its own interface, not on loopback.
"""

from __future__ import annotations

import os
import sys
import urllib.request

DEFAULT_PORTS = {"projection": 8100, "enforcement": 8101, "financing": 8102, "training": 8103, "outreach": 8104}


def service() -> str:
    name = os.environ.get("SERVICE", "")
    if name not in DEFAULT_PORTS:
        sys.exit(f"SERVICE must be one of {', '.join(sorted(DEFAULT_PORTS))}; got {name!r}")
    return name


def prefix(name: str) -> str:
    return name.upper() + "_"


def serve(name: str) -> None:
    os.environ.setdefault(prefix(name) + "HOST", "0.0.0.0")
    os.execv(sys.executable, [sys.executable, "-m", name])


def migrate(name: str) -> None:
    """The kernel's `ipo migrate <service>`: the service's own start-up up to its migrations, without serving.

    It holds the same PostgreSQL advisory lock as a starting replica, so a Job can upgrade the schema before
    the new replicas roll out; it exits non-zero, saying why, when the database cannot be reached.
    """
    os.execv(sys.executable, [sys.executable, "-m", "kernel.cli", "migrate", name])


def healthcheck(name: str) -> None:
    port = os.environ.get(prefix(name) + "PORT") or str(DEFAULT_PORTS[name])
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            sys.exit(0 if response.status == 200 else 1)
    except Exception as exc:  # any failure is "unhealthy" to the container runtime
        print(f"healthcheck failed: {exc}", file=sys.stderr)
        sys.exit(1)


def main(argv: list[str]) -> None:
    command = argv[1] if len(argv) > 1 else "serve"
    name = service()
    if command == "serve":
        serve(name)
    elif command == "migrate":
        migrate(name)
    elif command == "healthcheck":
        healthcheck(name)
    else:
        sys.exit(f"unknown command {command!r}: use serve, migrate or healthcheck")


if __name__ == "__main__":
    main(sys.argv)
