"""Closed-loop HTTP load with `wrk`, the native load generator: N connections, the script in bench/wrk/.

The bench's own Python client would take a core of the two it measures on; wrk (C, LuaJIT) takes a small
fraction of one, so the service and its baseline are measured, not the client. The script gives every POST
an Idempotency-Key of its own and the bearer token, cycles through files of paths and bodies, and prints one
JSON line with the answers by status; the CPU wrk itself used comes from the kernel's accounting of the
bench's children.
"""

from __future__ import annotations

import asyncio
import os
import resource
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from bench.config import BENCH_DIR

SCRIPT = BENCH_DIR / "wrk" / "requests.lua"
MARK = "BENCH-RESULT "


class WrkMissing(RuntimeError):
    pass


def ensure_wrk() -> str:
    """The path of `wrk`; installed from Debian's packages when missing and this process may (root)."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, env=env)
        found = shutil.which("wrk")
        if found:
            return found
    raise WrkMissing(
        "未找到 wrk（负载生成器）：请安装 Debian 软件包 wrk（sudo apt-get install wrk）；"
        "wrk, the load generator, was not found: install the Debian package (sudo apt-get install wrk)"
    )


@dataclass
class WrkResult:
    requests: int = 0
    seconds: float = 0.0
    p50_ms: float | None = None
    p90_ms: float | None = None
    p99_ms: float | None = None
    max_ms: float | None = None
    errors: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    cpu_seconds: float = 0.0  # wrk's own (user + system)

    @property
    def ok(self) -> int:
        return sum(n for status, n in self.statuses.items() if status.startswith(("2", "3")))

    @property
    def failed(self) -> int:
        """Answers that were not 2xx/3xx, plus connections that broke or timed out."""
        transport = sum(v for k, v in self.errors.items() if k != "status")
        return self.requests - self.ok + transport

    @property
    def rate(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def summary(self) -> dict:
        return {"ok": self.ok, "errors": self.failed, "seconds": round(self.seconds, 2), "per_second": round(self.rate, 1),
                "p50_ms": self.p50_ms, "p90_ms": self.p90_ms, "p99_ms": self.p99_ms, "max_ms": self.max_ms,
                "statuses": self.statuses, "wrk_cpu_seconds": round(self.cpu_seconds, 2)}

    def shown(self) -> str:
        return f"p50/p99 {_ms(self.p50_ms)}/{_ms(self.p99_ms)} ms"


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


async def run(url: str, *, connections: int, seconds: float, targets: list[str], method: str = "GET",
              bodies: list[bytes] | None = None, token: str | None = None, idempotency: bool = False,
              headers: dict[str, str] | None = None, threads: int | None = None, timeout_s: float = 30) -> WrkResult:
    """One wrk run against `url` (scheme, host and port) for `seconds`; `targets` are the paths it cycles."""
    binary = ensure_wrk()
    threads = max(1, min(connections, threads or 2))
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as folder:
        paths = Path(folder) / "targets"
        paths.write_text("\n".join(targets) + "\n")
        env = {**os.environ, "BENCH_METHOD": method, "BENCH_TARGETS": str(paths),
               "BENCH_IDEMPOTENCY": "1" if idempotency else "0", "BENCH_TOKEN": token or "",
               "BENCH_HEADERS": "\n".join(f"{k}: {v}" for k, v in (headers or {}).items())}
        if bodies:
            body_file = Path(folder) / "bodies"
            body_file.write_bytes(b"\n".join(bodies) + b"\n")
            env["BENCH_BODIES"] = str(body_file)
        command = [binary, "-t", str(threads), "-c", str(connections), "-d", f"{max(1, round(seconds))}s",
                   "--timeout", f"{timeout_s:g}s", "-s", str(SCRIPT), "--latency", url]
        before = _children_cpu()
        process = await asyncio.create_subprocess_exec(*command, env=env, stdout=asyncio.subprocess.PIPE,
                                                       stderr=asyncio.subprocess.PIPE)
        out, err = await process.communicate()
        used = _children_cpu() - before
    text = out.decode(errors="replace")
    line = next((ln for ln in text.splitlines() if ln.startswith(MARK)), None)
    if process.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({process.returncode}): {err.decode(errors='replace')[-500:]} {text[-500:]}")
    found = orjson.loads(line[len(MARK):])
    return WrkResult(requests=found["requests"], seconds=found["seconds"], p50_ms=round(found["p50_ms"], 2),
                     p90_ms=round(found["p90_ms"], 2), p99_ms=round(found["p99_ms"], 2), max_ms=round(found["max_ms"], 2),
                     errors=found["errors"], statuses=found["statuses"], cpu_seconds=used)


async def closed_loop(url: str, *, warmup_seconds: float, seconds: float, **options) -> WrkResult:
    """A warm-up run (not counted), then the measured one."""
    if warmup_seconds > 0:
        await run(url, seconds=warmup_seconds, **options)
    return await run(url, seconds=seconds, **options)
