"""Operator commands of the projection service: `python -m projection.cli rebuild`.

(`python -m projection` serves the API, so the commands live in this module.)

`rebuild` fills fresh read-model tables from every source's HTTP feed and swaps them in while the API keeps
serving: the tables are built in a shadow schema of the projection's database and renamed into place in one
transaction (see projection.rebuild for the steps and why no reader sees a mix). Settings come from the same
environment as the service (PROJECTION_DATABASE_URL, PROJECTION_SOURCES, AUTH_SIGNING_KEY...); options override.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.text import Text

from kernel.db import PROJECTION_MIGRATIONS
from kernel.projection.app import feed_token_source
from projection.readmodels import all_read_models
from projection.rebuild import rebuild as rebuild_read_models
from projection.settings import ProjectionSettings

app = typer.Typer(help="Projection service: operator commands.", no_args_is_help=True)
console = Console()

MIGRATIONS = [PROJECTION_MIGRATIONS, Path(__file__).parent / "migrations" / "versions"]


class RateColumn(ProgressColumn):
    def render(self, task) -> Text:
        return Text(f"{task.speed or 0:,.0f} events/s", style="cyan")


@app.callback()
def commands() -> None:
    """Projection service: operator commands."""


def _feeds(settings: ProjectionSettings, sources: list[str] | None) -> dict[str, str]:
    if not sources:
        return dict(settings.sources)
    feeds = {}
    for item in sources:
        name, sep, url = item.partition("=")
        if not sep or not name or not url:
            raise typer.BadParameter(f"{item!r}: expected NAME=URL, e.g. enforcement=http://127.0.0.1:8101", param_hint="--source")
        feeds[name.strip()] = url.strip()
    return feeds


@app.command()
def rebuild(
    database_url: Annotated[Optional[str], typer.Option(help="The projection's database (default: PROJECTION_DATABASE_URL).")] = None,
    source: Annotated[Optional[list[str]], typer.Option(help="A feed as NAME=URL; repeat for several (default: PROJECTION_SOURCES).")] = None,
    token: Annotated[Optional[str], typer.Option(help="A read token for the feeds (default: minted from the signing key).")] = None,
    lock_timeout: Annotated[str, typer.Option(help="How long the swap may wait for a table lock before it retries.")] = "10s",
) -> None:
    """Rebuild every read model from the services' feeds, then swap the new tables in without stopping the API."""
    overrides = {k: v for k, v in {"database_url": database_url, "feed_token": token}.items() if v}
    settings = ProjectionSettings(**overrides)
    feeds = _feeds(settings, source)
    token_source = feed_token_source(settings)
    progress = Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), RateColumn(),
        TimeElapsedColumn(), TextColumn("remaining"), TimeRemainingColumn(), console=console,
    )
    state: dict = {"task": None, "done": {}}

    def started(heads: dict[str, int]) -> None:
        console.print("feeds: " + ", ".join(f"{s} head {h}" for s, h in heads.items()), highlight=False)
        state["task"] = progress.add_task("events applied", total=sum(heads.values()) or 1)

    def page(source_name: str, position: int, head: int) -> None:
        state["done"][source_name] = position
        task = state["task"]
        if task is not None:
            progress.update(task, completed=sum(state["done"].values()), total=max(progress.tasks[0].total or 0, sum(state["done"].values())))

    began = time.monotonic()
    with progress:
        result = asyncio.run(rebuild_read_models(
            settings.database_url, feeds, token_source, MIGRATIONS, all_read_models,
            on_start=started, on_page=page, lock_timeout=lock_timeout,
        ))
    console.print(
        f"swapped in {len(result.tables)} tables after {result.attempts} attempt(s) in {time.monotonic() - began:.1f}s: "
        f"{result.applied} events applied (the retired tables held {result.replaced})",
        highlight=False,
    )


def main() -> None:
    app()


if __name__ == "__main__":
    main()
