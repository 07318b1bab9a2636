"""Single-command ingest over HTTP at N connections, beside a bare FastAPI app; memory sampled meanwhile."""

from __future__ import annotations

from bench import data
from bench.config import Sizes
from bench.infra import Environment, Process
from bench.load import client, closed_loop, poster
from bench.memory import RssSampler
from bench.report import Figure

CENTERS = 16
MEMORY_LIMIT_MB = 150

async def register_centers(env: Environment, enforcement: Process, centers: list[str], region: str) -> None:
    async with client(4, env.auth()) as http:
        for center in centers:
            response = await http.post(f"{enforcement.url}/v1/assistance-centers", json=data.center_body(center, region))
            if response.status_code not in (201, 409):
                raise RuntimeError(f"registering {center} failed: {response.status_code} {response.text[:200]}")

async def measure(env: Environment, sizes: Sizes, enforcement: Process, projection: Process,
                  baseline: Process) -> list[Figure]:
    centers = [f"load-{n}" for n in range(CENTERS)]
    await register_centers(env, enforcement, centers, data.SERVICE_REGION)
    bodies = data.service_bodies(centers, 1000)

    async with client(sizes.connections, env.auth()) as http:
        base = await closed_loop(
            poster(http, f"{baseline.url}/v1/onsite-services", bodies), workers=sizes.connections,
            seconds=sizes.ingest_seconds, warmup_seconds=sizes.warmup_seconds,
        )
    async with client(sizes.connections, env.auth()) as http:
        sampler = RssSampler({"enforcement": enforcement.pid, "projection": projection.pid, "baseline": baseline.pid})
        async with sampler:
            served = await closed_loop(
                poster(http, f"{enforcement.url}/v1/onsite-services", bodies, idempotency=True),
                workers=sizes.connections, seconds=sizes.ingest_seconds, warmup_seconds=sizes.warmup_seconds,
            )

    ratio = served.rate / base.rate if base.rate else None
    figures = [
        Figure(
            "ingest", f"single-command ingest, {sizes.connections} connections", served.rate, "req/s",
            "≥ 0.5 × baseline", base.rate, ratio, ratio is not None and ratio >= 0.5,
            {"service": served.summary(), "baseline": base.summary(),
             "shown": f"p50/p99 {_ms(served.ms(50))}/{_ms(served.ms(99))} ms vs "
                      f"{_ms(base.ms(50))}/{_ms(base.ms(99))} ms; {served.errors} errors"},
        )
    ]
    for name in ("enforcement", "projection"):
        peak = sampler.peak_mb(name)
        figures.append(Figure(
            f"memory.{name}", f"resident memory of {name} under ingest load", peak, "MB", f"≤ {MEMORY_LIMIT_MB} MB",
            met=peak <= MEMORY_LIMIT_MB,
            detail={"peak_mb": peak, "mean_mb": sampler.mean_mb(name), "baseline_app_peak_mb": sampler.peak_mb("baseline"),
                    "shown": f"peak; mean {sampler.mean_mb(name)} MB (bare app {sampler.peak_mb('baseline')} MB)"},
        ))
    return figures

def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"
