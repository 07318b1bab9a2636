"""What a run prints: the load, each fault with its restart and catch-up times, the kills survived, the checks."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from faults.checks import Check
from faults.ledger import Ledger
from faults.plan import Outcome
from faults.system import COMMAND_SERVICES


@dataclass
class ServiceFigures:
    acknowledged: int = 0
    changes: int = 0  # of which changes to earlier records
    retried: int = 0  # writes that needed more than one attempt
    attempts: int = 0
    replayed: int = 0  # acknowledged by a stored answer (the first attempt had committed)
    resent: int = 0  # sent once more after the 201, as by a client that lost the answer
    events: int = 0


@dataclass
class Summary:
    seed: int
    short: bool
    seconds: float = 0.0
    services: dict[str, ServiceFigures] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)  # what unacknowledged attempts met
    outcomes: list[Outcome] = field(default_factory=list)
    survived: dict[str, int] = field(default_factory=dict)
    relay_leaders_killed: list[str] = field(default_factory=list)
    settle_seconds: float | None = None
    rebuild_seconds: float | None = None
    checks: list[Check] = field(default_factory=list)
    error: str | None = None

    @property
    def passed(self) -> bool:
        return self.error is None and bool(self.checks) and all(c.passed for c in self.checks)

    def count_load(self, ledger: Ledger, events: dict[str, int]) -> None:
        for service in COMMAND_SERVICES:
            figures = ServiceFigures(events=events.get(service, 0))
            for write in ledger.writes:
                if write.service != service:
                    continue
                figures.attempts += write.attempts
                figures.retried += write.attempts > 1
                if write.acknowledged:
                    figures.acknowledged += 1
                    figures.changes += write.kind.changes is not None
                    figures.replayed += write.replayed
                    figures.resent += write.resent
            self.services[service] = figures
        self.failures = dict(ledger.failures().most_common())

    def write_json(self, path: Path) -> None:
        body = asdict(self)
        body["passed"] = self.passed
        path.write_text(json.dumps(body, ensure_ascii=False, indent=2, default=str))


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def print_report(summary: Summary, console: Console) -> None:
    load = Table(title=f"Load (seed {summary.seed}{', short' if summary.short else ''}, {summary.seconds:.0f} s in all)")
    for column in ("service", "writes acknowledged", "of which changes", "retried", "attempts", "acknowledged by replay",
                   "resent after 201", "events stored"):
        load.add_column(column, justify="left" if column == "service" else "right")
    total = ServiceFigures()
    for service, f in summary.services.items():
        load.add_row(service, *(str(v) for v in asdict(f).values()))
        for name, value in asdict(f).items():
            setattr(total, name, getattr(total, name) + value)
    load.add_row("all", *(str(v) for v in asdict(total).values()), style="bold")
    console.print(load)
    if summary.failures:
        console.print("unacknowledged attempts met: " + ", ".join(f"{k} × {v}" for k, v in summary.failures.items()),
                      highlight=False)

    faults = Table(title="Faults (SIGKILL, then restart in place)")
    for column in ("#", "killed", "down s", "restart s", "catch-up s", "result"):
        faults.add_column(column, justify="left" if column in ("killed", "result") else "right")
    for n, outcome in enumerate(summary.outcomes, start=1):
        result = "[green]survived[/]" if outcome.survived else f"[red]{outcome.error}[/]"
        faults.add_row(str(n), outcome.name, f"{outcome.down_seconds:.1f}", _seconds(outcome.restart_seconds),
                       _seconds(outcome.catch_up_seconds), result)
    console.print(faults)
    if summary.relay_leaders_killed:
        console.print("relay leaders killed: " + ", ".join(summary.relay_leaders_killed), highlight=False)

    kills = Table(title="Kills survived, by component")
    kills.add_column("component")
    kills.add_column("kills survived", justify="right")
    for component, count in Counter(summary.survived).most_common():
        kills.add_row(component, str(count))
    console.print(kills)
    console.print(f"settled after the load in {_seconds(summary.settle_seconds)} s; a projection built from nothing "
                  f"caught up in {_seconds(summary.rebuild_seconds)} s", highlight=False)

    checks = Table(title="Checks")
    checks.add_column("check")
    checks.add_column("result")
    checks.add_column("detail", overflow="fold")
    for check in summary.checks:
        checks.add_row(check.name, "[green]pass[/]" if check.passed else "[red]FAIL[/]", check.detail)
    console.print(checks)
    if summary.error:
        console.print(f"[red]the run stopped early: {summary.error}[/]")
    console.print("[bold green]all checks passed[/]" if summary.passed else "[bold red]some checks failed[/]")
