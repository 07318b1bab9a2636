"""`ipo demo`: record a realistic year for Hubei through the public HTTP APIs."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Annotated, Optional

import httpx
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ipo_clients.demo.periods import reporting_plan
from ipo_clients.demo.recording import DEFAULT_PROJECTION_URL, DemoSettings, due_steps, office_today, run_demo
from ipo_clients.demo.report import MEASURES, render
from ipo_clients.demo.runner import Outcome, Stopped
from ipo_clients.problems import problem_text
from ipo_clients.tokens import NoSigningKey

Url = Optional[str]


def demo(
    seed: Annotated[int, typer.Option(help="Same seed, year and scale: the same writes with the same Idempotency-Keys.")] = 2019,
    year: Annotated[Optional[int], typer.Option(help="The year to record. Default: this year, up to today.")] = None,
    scale: Annotated[float, typer.Option(help="Size of the year: 1.0 is about 2,400 writes; 0.1 is a quick one.")] = 1.0,
    if_empty: Annotated[bool, typer.Option("--if-empty", help="Do nothing when any service already holds an event.")] = False,
    plan_only: Annotated[bool, typer.Option("--plan-only", help="Print what would be recorded, send nothing.")] = False,
    token: Annotated[Optional[str], typer.Option(envvar="IPO_TOKEN", help="Bearer token. Default: minted from the development signing key.")] = None,
    concurrency: Annotated[int, typer.Option(min=1, max=32, help="Writes in flight at once.")] = 4,
    retries: Annotated[int, typer.Option(min=0, max=20, help="Resends (same key) after a lost connection, a 5xx or a 429.")] = 6,
    enforcement_url: Annotated[Url, typer.Option(envvar="IPO_ENFORCEMENT_URL")] = "http://127.0.0.1:8101",
    financing_url: Annotated[Url, typer.Option(envvar="IPO_FINANCING_URL")] = "http://127.0.0.1:8102",
    training_url: Annotated[Url, typer.Option(envvar="IPO_TRAINING_URL")] = "http://127.0.0.1:8103",
    outreach_url: Annotated[Url, typer.Option(envvar="IPO_OUTREACH_URL")] = "http://127.0.0.1:8104",
    projection_url: Annotated[Url, typer.Option(envvar="IPO_PROJECTION_URL", help="Where the reporting periods are submitted and approved.")] = DEFAULT_PROJECTION_URL,
    periods: Annotated[bool, typer.Option("--periods/--no-periods", help="Record the reporting workflow of the months that have ended (through the projection).")] = True,
) -> None:
    """Record a realistic year for Hubei: all 17 regions, every one of the 24 measures, some retractions and late records.

    Then, once the projection has applied them, the reporting workflow of each month that has ended (Beijing
    time): the divisions submit, the province approves (one month is returned once and submitted again; in the
    last month one division has not submitted and one awaits approval), and after it the records recorded late,
    one of them dated in an approved month (a restatement). The year also holds what the quality reads find: an
    unserved center-month, a pledge amount typed with three zeros too many, an enterprise whose ownership two
    records give differently.

    Only what has happened by today is sent. Running it again with the same options changes nothing.

    Exit status: 0 when every write was recorded, 1 when some were refused (or the reporting periods could not
    be recorded), 2 when the services could not be used.
    """
    console = Console()
    settings = DemoSettings(
        seed=seed, year=year or office_today().year, scale=scale, token=token, concurrency=concurrency, retries=retries,
        if_empty=if_empty,
        urls={"enforcement": enforcement_url, "financing": financing_url, "training": training_url, "outreach": outreach_url},
        projection_url=projection_url if periods else None,
    )
    try:
        settings.check()
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    if plan_only:
        _print_plan(settings, console)
        return
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), TextColumn("{task.fields[refused]}"), console=Console(stderr=True))
    task = progress.add_task(f"recording {settings.year}", total=None, refused="")
    refused = Counter()

    def done(outcome: Outcome) -> None:
        if outcome.refused:
            refused["n"] += 1
        progress.update(task, advance=1, refused=f"[red]{refused['n']} refused[/red]" if refused["n"] else "")

    try:
        with progress:
            result = asyncio.run(run_demo(settings, on_start=lambda total: progress.update(task, total=total), on_done=done,
                                          on_phase=lambda what: progress.update(task, description=what)))
    except Stopped as exc:
        console.print(f"[red]The services refused the token ({exc.outcome.status}):[/red] {problem_text(exc.outcome.problem)}")
        raise typer.Exit(2) from None
    except NoSigningKey as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    except httpx.HTTPError as exc:
        console.print(f"[red]The services could not be reached:[/red] {type(exc).__name__}: {exc}")
        raise typer.Exit(2) from None
    render(result, console)
    raise typer.Exit(1 if result.failed else 0)


def _print_plan(settings: DemoSettings, console: Console) -> None:
    planned, steps = due_steps(settings)
    per_measure = Counter(s.measure for s in steps)
    late = sum(1 for s in steps if s.late)
    console.print(f"{len(steps)} writes due of {planned} planned for {settings.year} (seed {settings.seed}, scale {settings.scale:g}); "
                  f"{late} recorded late, after the rest.", highlight=False)
    for measure, (service, what) in MEASURES.items():
        console.print(f"  {measure:>2}  {service:<12} {what:<40} {per_measure[measure]:>5}", highlight=False)
    if settings.projection_url:
        plan = reporting_plan(settings.seed, settings.year, settings.scale, office_today())
        if plan.months:
            returned, awaiting, late = plan.returned, plan.awaiting, plan.not_submitted
            console.print(f"Reporting periods {plan.months[0]}..{plan.months[-1]} (through {settings.projection_url}): every "
                          f"division submits and is approved; {returned[0]} {returned[1]} returned once and submitted again; "
                          f"in {plan.months[-1]} {awaiting[0]} awaits approval and {late[0]} has not submitted; the records "
                          "recorded late follow.", highlight=False)
        else:
            console.print(f"Reporting periods: no month of {settings.year} has ended yet.", highlight=False)
