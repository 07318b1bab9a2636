"""Sizes of one run: the full defaults match the performance issue; `--smoke` finishes in a couple of minutes."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, fields, replace
from pathlib import Path

FIGURES = ("ingest", "transactions", "bulk", "freshness", "rebuild", "query")
BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent


@dataclass(frozen=True)
class Sizes:
    connections: int = 32  # concurrent connections of the ingest and transaction figures
    workers: int = 0  # worker processes per service (WEB_CONCURRENCY); 0: one per CPU of this machine
    warmup_seconds: float = 2.0  # excluded from every closed-loop figure
    ingest_seconds: float = 20.0  # per side (the service, then the baseline)
    transaction_seconds: float = 15.0  # per side
    bulk_commands: int = 200_000
    bulk_batch: int = 1_000  # commands per transaction
    freshness_seconds: float = 60.0
    freshness_rate: float = 1000.0  # writes per second, sustained
    rebuild_events: int = 1_000_000
    rebuild_timeout_seconds: float = 480.0
    query_seconds: float = 15.0
    query_max_requests: int = 20_000


FULL = Sizes()
SMOKE = Sizes(
    warmup_seconds=0.5, ingest_seconds=3.0, transaction_seconds=3.0, bulk_commands=2_000, bulk_batch=500,
    freshness_seconds=5.0, freshness_rate=100.0, rebuild_events=5_000, rebuild_timeout_seconds=60.0,
    query_seconds=2.0, query_max_requests=2_000,
)


@dataclass(frozen=True)
class Options:
    sizes: Sizes
    smoke: bool
    only: tuple[str, ...]
    output: Path
    readme: Path | None
    profile: bool
    keep: bool


def parse(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Measure the suite's performance figures beside same-run baselines; print a table, write JSON "
        "and the README's performance section.",
    )
    parser.add_argument("--smoke", action="store_true", help="small sizes: a check that the harness works, in minutes")
    parser.add_argument("--only", nargs="+", choices=FIGURES, help="measure only these figures (query implies rebuild)")
    parser.add_argument("--output", type=Path, default=BENCH_DIR / "results.json", help="where to write the JSON")
    parser.add_argument("--no-readme", action="store_true", help="leave README.md alone")
    parser.add_argument("--profile", action="store_true",
                        help="profile the in-process figures with pyinstrument (slower); text reports beside the JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (data and logs)")
    for f in fields(Sizes):
        parser.add_argument(f"--{f.name.replace('_', '-')}", type=type(f.default), default=None, metavar="N")
    args = parser.parse_args(argv)
    sizes = SMOKE if args.smoke else FULL
    overrides = {f.name: getattr(args, f.name) for f in fields(Sizes) if getattr(args, f.name) is not None}
    only = tuple(args.only or FIGURES)
    if "query" in only and "rebuild" not in only:
        only = (*only, "rebuild")
    return Options(
        sizes=replace(sizes, **overrides),
        smoke=args.smoke,
        only=tuple(f for f in FIGURES if f in only),
        output=args.output,
        readme=None if args.no_readme else REPO_ROOT / "README.md",
        profile=args.profile,
        keep=args.keep,
    )
