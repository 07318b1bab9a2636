"""One run: start the system, load it, inflict the faults, let it settle, check, report, stop everything."""

from __future__ import annotations

import asyncio
import secrets
import signal
import time
import traceback
from datetime import datetime, timezone

from rich.console import Console

from faults import checks, figures
from faults.checks import Check
from faults.config import Options, parse
from faults.ledger import Ledger
from faults.load import Load
from faults.plan import Faults, Outcome
from faults.report import Summary, print_report
from faults.settle import wait_settled
from faults.system import COMMAND_SERVICES, PROJECTION_DATABASE, System

REBUILT_DATABASE = "projection_rebuilt"

console = Console()
if not console.is_terminal:
    console = Console(width=160)


def say(message: str) -> None:
    console.print(f"[dim]{time.strftime('%H:%M:%S')}[/] {message}", highlight=False)


class Run:
    def __init__(self, options: Options, system: System) -> None:
        self.options = options
        self.sizes = options.sizes
        self.system = system
        self.ledger = Ledger(run=f"f{options.seed}-{secrets.token_hex(3)}")
        self.summary = Summary(seed=options.seed, short=options.short)
        self.mid_run: str | None = None

    async def load_and_faults(self) -> None:
        load = Load(self.system, self.ledger, seed=self.options.seed, rate=self.sizes.rate, workers=self.sizes.workers)
        writing = asyncio.create_task(load.run())
        faults = Faults(self.system, self.ledger, seed=self.options.seed + 1, rounds=self.sizes.rounds,
                        pause=self.sizes.pause_seconds, down=self.sizes.down_seconds,
                        catch_up_timeout=self.sizes.catch_up_timeout)
        planned = len(faults.plan())

        def done(outcome: Outcome) -> None:
            n = len(faults.outcomes)
            if n == planned // 2:
                self.mid_run = datetime.now(timezone.utc).isoformat()
            result = "survived" if outcome.survived else f"[red]{outcome.error}[/]"
            say(f"fault {n}/{planned}: {outcome.name}: restarted in {outcome.restart_seconds:.1f} s, caught up in "
                f"{outcome.catch_up_seconds if outcome.catch_up_seconds is None else round(outcome.catch_up_seconds, 1)} s"
                f" — {result} ({len(self.ledger.acknowledged())} writes acknowledged)")

        try:
            await asyncio.sleep(self.sizes.warmup_seconds)
            await faults.run(done)
            await asyncio.sleep(self.sizes.pause_seconds)
        finally:
            load.stop()
            say("load stopping; writes in flight are retried until acknowledged")
            await writing
        self.summary.outcomes = faults.outcomes
        self.summary.survived = dict(faults.survived())
        self.summary.relay_leaders_killed = faults.leader_kills

    async def check(self) -> None:
        outcomes = self.summary.outcomes
        lost = [o.name for o in outcomes if not o.survived]
        restarted = await self.system.recover()
        checks_ = self.summary.checks = [  # filled as it goes: a run that stops half way reports what it checked
            Check("every fault survived", bool(outcomes) and not lost,
                  f"{len(outcomes) - len(lost)} of {len(outcomes)}" + (f"; not: {', '.join(lost)}" if lost else "")),
            Check("every process running at the end", not restarted,
                  f"had to be started again: {', '.join(restarted)}" if restarted else "none exited on its own"),
            checks.every_write_acknowledged(self.ledger),
            checks.resent_writes_replayed(self.ledger),
        ]
        self.summary.settle_seconds, waiting = await wait_settled(self.system, PROJECTION_DATABASE,
                                                                  self.sizes.settle_timeout)
        checks_.append(Check("the system settled", not waiting,
                             f"in {self.summary.settle_seconds:.1f} s" if not waiting else str(waiting)))
        stores = {service: await checks.read_store(self.system, service) for service in COMMAND_SERVICES}
        self.summary.count_load(self.ledger, {s: len(store.events) for s, store in stores.items()})
        checks_ += checks.stored_exactly_once(self.ledger, stores)
        checks_ += checks.streams_and_positions(stores)
        checks_.append(checks.ledger_equals_stores("projection", await checks.read_applied(self.system, PROJECTION_DATABASE),
                                                   stores))

        say("starting a projection on an empty database: built from nothing, from the feeds and the broker")
        began = time.monotonic()
        rebuilt = await self.system.fresh_projection(REBUILT_DATABASE)
        _, waiting = await wait_settled(self.system, REBUILT_DATABASE, self.sizes.settle_timeout, relays=False)
        self.summary.rebuild_seconds = time.monotonic() - began
        checks_.append(checks.ledger_equals_stores("projection built from nothing",
                                                   await checks.read_applied(self.system, REBUILT_DATABASE), stores))
        assert self.system.projection is not None
        headers = self.system.auth()
        live = await figures.read(self.system.projection.url, headers, self.mid_run)
        fresh = await figures.read(rebuilt.url, headers, self.mid_run)
        checks_ += checks.figures_equal(live, fresh)

    async def execute(self) -> None:
        began = time.monotonic()
        # asked to stop (SIGTERM): end the run as Ctrl-C does, so that every process started is stopped
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, asyncio.current_task().cancel)
        say(f"starting PostgreSQL, the broker and the services in {self.system.folder}")
        await self.system.start()
        say("started; the load begins")
        try:
            await self.load_and_faults()
            say("load ended; waiting for the system to settle")
            await self.check()
        finally:
            self.summary.seconds = time.monotonic() - began


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
    system = System()
    run = Run(options, system)
    try:
        asyncio.run(run.execute())
    except (KeyboardInterrupt, asyncio.CancelledError):
        run.summary.error = "stopped before the end (Ctrl-C or SIGTERM)"
    except Exception as exc:  # a run that stops early still reports what it saw, and fails
        run.summary.error = f"{type(exc).__name__}: {exc}"
        traceback.print_exc()
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # the stopping itself is not interrupted
        say("stopping every process")
        system.stop(keep=options.keep or not run.summary.passed)
    if not run.summary.services:
        run.summary.count_load(run.ledger, {})
    print_report(run.summary, console)
    if not run.summary.passed:
        console.print(f"logs and data kept in {system.folder}", highlight=False)
    if options.json is not None:
        run.summary.write_json(options.json)
    return 0 if run.summary.passed else 1
