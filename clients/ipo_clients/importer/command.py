"""`ipo import FILE --service NAME`: send an NDJSON or CSV file to a service's bulk import endpoint."""

from __future__ import annotations

import asyncio
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ipo_clients.importer.chunks import file_format
from ipo_clients.importer.job import ImportOptions, ImportSummary, run_import
from ipo_clients.importer.refused import default_path
from ipo_clients.importer.sender import ImportFailed
from ipo_clients.problems import problem_text
from ipo_clients.tokens import NoSigningKey, mint_token


class Service(str, Enum):
    enforcement = "enforcement"
    financing = "financing"
    training = "training"
    outreach = "outreach"


LOCAL_URLS = {
    Service.enforcement: "http://127.0.0.1:8101",
    Service.financing: "http://127.0.0.1:8102",
    Service.training: "http://127.0.0.1:8103",
    Service.outreach: "http://127.0.0.1:8104",
}
IMPORT_SUBJECT = "import"


def import_file(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="An .ndjson/.jsonl or .csv file.")],
    service: Annotated[Service, typer.Option(help="The service whose records the file holds.")],
    kind: Annotated[Optional[str], typer.Option(help="What each line records (required for CSV; see GET /v1/import/kinds).")] = None,
    format: Annotated[Optional[str], typer.Option("--format", help="ndjson or csv, when the extension does not say.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check every line; store nothing.")] = False,
    atomic: Annotated[bool, typer.Option("--atomic", help="All or nothing: check the whole file first, send it only if every line passes.")] = False,
    chunk_size: Annotated[int, typer.Option(min=1, help="Lines per request (never more than the service's max_lines).")] = 500,
    url: Annotated[Optional[str], typer.Option(help="The service's base URL. Default: its local port.")] = None,
    token: Annotated[Optional[str], typer.Option(envvar="IPO_TOKEN", help="Bearer token. Default: minted from the development signing key.")] = None,
    refused_file: Annotated[Optional[Path], typer.Option(help="Where refused lines go. Default: FILE's name with .refused before the extension.")] = None,
    retries: Annotated[int, typer.Option(min=0, max=20, help="Resends (same key) after a lost connection, a 5xx or a 429.")] = 6,
) -> None:
    """Send FILE in chunks to the service's bulk import endpoint; refused lines go to a file, each with its problem.

    Sending the same file again records nothing twice: each chunk's key comes from the file's content and its place.

    Correct the refused-lines file and send it with the same command: its `_problem` entries are left out.

    Exit status: 0 when every line passed, 1 when some were refused, 2 when the import could not be done.
    """
    console = Console()
    try:
        fmt = file_format(file, format)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    if fmt == "csv" and not kind:
        raise typer.BadParameter("a CSV file needs --kind (the header names that kind's fields)")
    try:
        bearer = token or mint_token(IMPORT_SUBJECT)
    except NoSigningKey as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    options = ImportOptions(
        path=file, base_url=url or LOCAL_URLS[service], token=bearer, fmt=fmt, kind=kind, dry_run=dry_run, atomic=atomic,
        chunk_size=chunk_size, refused_path=refused_file or default_path(file, fmt), retries=retries,
    )
    size = file.stat().st_size
    progress = Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeElapsedColumn(),
                        TextColumn("{task.fields[lines]} lines, {task.fields[refused]} refused"), console=Console(stderr=True))
    tasks: dict[str, int] = {}

    def advance(mode: str, done: int, summary: ImportSummary) -> None:
        if mode not in tasks:
            label = "checking" if mode == "dry" and atomic and not dry_run else "checking (dry run)" if dry_run else "importing"
            tasks[mode] = progress.add_task(f"{label} {file.name}", total=size, lines=0, refused=0)
        progress.update(tasks[mode], completed=done, lines=summary.lines, refused=summary.refused)

    try:
        with progress:
            summary = asyncio.run(run_import(options, advance))
    except ImportFailed as exc:
        status = f" ({exc.status})" if exc.status else ""
        console.print(f"[red]The import could not be done{status}:[/red] {problem_text(exc.problem)}")
        raise typer.Exit(2) from None
    _print_summary(console, options, summary, service.value)
    raise typer.Exit(1 if summary.refused else 0)


def _print_summary(console: Console, options: ImportOptions, summary: ImportSummary, service: str) -> None:
    table = Table(title=f"{options.path.name} → {service} ({options.base_url})", show_header=False)
    table.add_column(justify="right")
    table.add_column()
    table.add_row("lines", f"{summary.lines:,} in {summary.chunks:,} chunks of at most {summary.chunk_size:,}")
    if options.dry_run or summary.stopped_after_check:
        table.add_row("valid", f"{summary.valid + summary.accepted:,} (nothing stored)")
    else:
        table.add_row("accepted", f"{summary.accepted:,}")
    table.add_row("refused", f"[red]{summary.refused:,}[/red]" if summary.refused else "0")
    if summary.replayed:
        table.add_row("already sent", f"{summary.replayed:,} lines answered from an earlier send of this file")
    table.add_row("speed", f"{summary.lines_per_second:,.0f} lines/s ({summary.seconds:.1f}s)")
    console.print(table)
    if summary.stopped_after_check:
        console.print("[red]--atomic: some lines failed the check, so nothing was imported.[/red]")
    if summary.refused_path is not None:
        console.print(f"Refused lines, each with its problem: {summary.refused_path} "
                      "(correct them and send that file with the same command)", highlight=False, soft_wrap=True)
