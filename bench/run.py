"""One run: start the servers, measure each figure within its time limit, report, and stop everything."""

from __future__ import annotations

import asyncio
import shlex
import signal
import sys
import time
import traceback
from dataclasses import asdict
from typing import Awaitable, Callable

import uvloop
from rich.console import Console

from bench import bulk, freshness, ingest, query, rebuild, report, transactions, wrkload
from bench.config import Options, Sizes, parse
from bench.infra import Environment
from bench.report import Figure

console = Console()
if not console.is_terminal:
    console = Console(width=200)

# what each figure reports when it fails: (key, title, unit, target)
PLACEHOLDERS: dict[str, list[tuple[str, str, str, str]]] = {
    "ingest": [("ingest", "single-command ingest", "req/s", "≥ 0.5 × write ceiling, 0 errors, projection keeps up"),
               ("read", "a record's GET", "req/s", "≥ 0.5 × bare app"),
               ("memory.enforcement", "resident memory of enforcement under ingest load", "MB", "≤ 150 MB"),
               ("memory.projection", "resident memory of projection under ingest load", "MB", "≤ 150 MB")],
    "transactions": [("transactions", "single-command transactions", "tx/s", "≥ 0.7 × baseline")],
    "bulk": [("bulk", "bulk import (POST /v1/import)", "cmd/s", "≥ 0.5 × baseline")],
    "freshness": [("freshness", "freshness, 201 → visible in /v1/attainment", "ms", "p99 ≤ 250 ms")],
    "rebuild": [("rebuild", "projection rebuild", "events/s", "≥ 0.5 × baseline and ≥ 50,000/s")],
    "query": [("query", "GET /v1/attainment", "req/s", "≥ 2,000 req/s with p99 ≤ 50 ms"),
              ("query.latency", "attainment query p99, one client", "ms", "≤ 20 ms")],
}


def time_limit(name: str, sizes: Sizes) -> float:
    """A bound for each figure: its planned duration, plus generous room for set-up on a busy machine."""
    return 120 + {
        "ingest": 6 * (sizes.ingest_seconds + sizes.warmup_seconds) + 30,
        "transactions": 2 * (sizes.transaction_seconds + sizes.warmup_seconds),
        "bulk": sizes.bulk_commands / 200,
        "freshness": sizes.freshness_seconds + 60,
        "rebuild": sizes.rebuild_events / 5_000 + 2 * sizes.rebuild_timeout_seconds,
        "query": 2 * (sizes.query_seconds + sizes.warmup_seconds) + 60,
    }[name]


class Run:
    def __init__(self, options: Options, env: Environment) -> None:
        self.options = options
        self.env = env
        self.figures: list[Figure] = []

    async def figure(self, name: str, measure: Callable[[], Awaitable[list[Figure]]]) -> list[Figure] | None:
        if name not in self.options.only:
            return None
        limit = time_limit(name, self.options.sizes)
        console.print(f"[bold]{name}[/bold] (at most {limit:.0f} s) …")
        began = time.perf_counter()
        profiler = self._profiler()
        try:
            if profiler:
                profiler.start()
            try:
                figures = await asyncio.wait_for(measure(), timeout=limit)
            finally:
                if profiler:
                    profiler.stop()
                    self._save_profile(profiler, name)
        except Exception as exc:
            reason = "time limit reached" if isinstance(exc, TimeoutError) else f"{type(exc).__name__}: {exc}"
            console.print(f"[red]{name} failed: {reason}[/red]")
            traceback.print_exc(file=sys.stderr)
            figures = [Figure.failed(*p, error=reason) for p in PLACEHOLDERS[name]]
        for figure in figures:
            if figure.detail.get("warning"):
                console.print(f"[yellow]  warning: {figure.detail['warning']}[/yellow]")
        console.print(f"  {name} took {time.perf_counter() - began:.0f} s")
        self.figures.extend(figures)
        return figures

    def _profiler(self):
        if not self.options.profile:
            return None
        from pyinstrument import Profiler

        return Profiler(async_mode="enabled")

    def _save_profile(self, profiler, name: str) -> None:
        assert self.env.profile_dir is not None
        path = self.env.profile_dir / f"{name}.txt"
        path.write_text(profiler.output_text(unicode=True, color=False))
        console.print(f"  profile: {path}")

    async def run(self) -> None:
        env, sizes, only = self.env, self.options.sizes, self.options.only
        if {"ingest", "query"} & set(only):
            console.print(f"wrk: {wrkload.ensure_wrk()}")
        if "ingest" in only or "freshness" in only:
            console.print("starting the services …")
            enforcement = env.service("enforcement", "enforcement", "bench_enforcement")
            projection = env.projection("projection", "bench_projection", {"enforcement": enforcement.url},
                                        reconcile_interval_seconds="3")
            if "ingest" in only:
                baseline = env.baseline()
                await self.figure("ingest", lambda: ingest.measure(env, sizes, enforcement, projection, baseline,
                                                                   "bench_enforcement"))
                baseline.stop()
            await self.figure("freshness", lambda: freshness.measure(env, sizes, enforcement, projection))
            projection.stop()
            enforcement.stop()
        await self.figure("transactions", lambda: transactions.measure(env, sizes))
        await self.figure("bulk", lambda: bulk.measure(env, sizes))
        rebuilt = await self.figure("rebuild", lambda: rebuild.measure(env, sizes))
        if "query" in only:
            if rebuilt and rebuilt[0].error is None:
                events = rebuilt[0].detail["applied"]
                await self.figure("query", lambda: query.measure(env, sizes, rebuild.DATABASE, events))
            else:
                self.figures += [Figure.failed(*p, error="no rebuilt database") for p in PLACEHOLDERS["query"]]


def _terminate(signum, _frame) -> None:
    raise SystemExit(128 + signum)  # unwinds through `finally`, which stops every process


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
    signal.signal(signal.SIGTERM, _terminate)
    env = Environment(workers=options.sizes.workers)
    if options.profile:
        env.profile_dir = options.output.parent / "profiles"
        env.profile_dir.mkdir(parents=True, exist_ok=True)
    command = "python -m bench " + shlex.join(argv if argv is not None else sys.argv[1:])
    info = {"date": report.now(), "command": command.strip(), "smoke": options.smoke, "machine": report.machine(),
            "sizes": asdict(options.sizes), "profiled": options.profile}
    console.print(f"bench: {info['machine']['cores']} cores, {info['machine']['memory_gb']} GB, {info['machine']['cpu']}; "
                  f"{env.worker_count} worker process(es) per service; data and logs in {env.folder}")
    info["workers"] = env.worker_count
    started = time.perf_counter()
    run = Run(options, env)
    failed = False
    try:
        env.start_servers()
        uvloop.run(run.run())
    except BaseException as exc:  # includes Ctrl-C and SIGTERM: report what was measured, then stop everything
        failed = True
        console.print(f"[red]the run stopped: {type(exc).__name__}: {exc}[/red]")
        if not isinstance(exc, (KeyboardInterrupt, SystemExit)):
            traceback.print_exc(file=sys.stderr)
    finally:
        env.stop(keep=options.keep, keep_logs=failed)
    info["seconds"] = round(time.perf_counter() - started, 1)
    figures = run.figures
    report.print_table(figures, console, title=f"{'smoke ' if options.smoke else ''}benchmark, {info['date']}")
    report.write_json(options.output, figures, info)
    console.print(f"results: {options.output}; {info['seconds']:.0f} s in all")
    if options.smoke:
        console.print("smoke sizes: README.md left as it is")
    elif options.readme is not None and figures and not failed:
        report.update_readme(options.readme, figures, info)
        console.print(f"README performance section updated: {options.readme}")
    if failed or any(f.error for f in figures):
        if failed:
            console.print(f"logs kept in {env.folder}")
        return 1
    return 0
