"""The sizes of a run: the full form, and `--short`, which finishes in two to three minutes."""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Sizes:
    rate: float  # writes started per second, across the four services
    workers: int  # writes in flight at most
    warmup_seconds: float  # load before the first fault
    rounds: int  # each process killed this many times one at a time, before everything at once
    pause_seconds: float  # load between one fault's catch-up and the next kill
    down_seconds: tuple[float, float]  # how long a killed process stays down (drawn from the seed)
    catch_up_timeout: float
    settle_timeout: float


FULL = Sizes(rate=60, workers=16, warmup_seconds=10, rounds=3, pause_seconds=6, down_seconds=(0.5, 4.0),
             catch_up_timeout=120, settle_timeout=180)
SHORT = Sizes(rate=30, workers=8, warmup_seconds=3, rounds=1, pause_seconds=2.5, down_seconds=(0.5, 1.5),
              catch_up_timeout=60, settle_timeout=90)


@dataclass(frozen=True)
class Options:
    sizes: Sizes
    short: bool
    seed: int
    keep: bool
    json: Path | None


def parse(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(
        prog="python -m faults",
        description="Run the whole system under load, kill and restart each of its processes (one at a time, then "
        "all together), and check that nothing acknowledged was lost or applied twice.",
    )
    parser.add_argument("--short", action="store_true", help="one round of faults at a lower rate (two to three minutes)")
    parser.add_argument("--seed", type=int, default=None, help="makes the bodies, kinds and down times repeatable")
    parser.add_argument("--keep", action="store_true", help="keep the run's folder (data and every process's log)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures and checks to this file")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(1, 1_000_000)
    return Options(sizes=SHORT if args.short else FULL, short=args.short, seed=seed, keep=args.keep, json=args.json)
