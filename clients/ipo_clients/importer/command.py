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

from ipo_clients.importer.chunks import UnreadableFile, file_encoding, file_format
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
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True,
                                         help="一个 .ndjson/.jsonl 或 .csv 文件 / an .ndjson/.jsonl or .csv file.")],
    service: Annotated[Service, typer.Option(help="文件中的记录属于哪个服务 / the service whose records the file holds.")],
    kind: Annotated[Optional[str], typer.Option(help="每行记录的类别（CSV 必填，见 GET /v1/import/kinds） / what each line "
                                                     "records (required for CSV; see GET /v1/import/kinds).")] = None,
    format: Annotated[Optional[str], typer.Option("--format", help="ndjson 或 csv，扩展名看不出时给出 / ndjson or csv, when "
                                                                   "the extension does not say.")] = None,
    encoding: Annotated[str, typer.Option(help="文件编码：auto（有无 BOM 的 UTF-8，否则 GBK/GB 18030）、utf-8、gbk 或 "
                                               "gb18030 / the file's encoding: auto (UTF-8 with or without BOM, else "
                                               "GBK/GB 18030), utf-8, gbk or gb18030.")] = "auto",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="检查每一行，不存储 / check every line, store nothing.")] = False,
    atomic: Annotated[bool, typer.Option("--atomic", help="全部或全不：先检查整个文件，每行都通过才发送 / all or nothing: "
                                                          "check the whole file first, send it only if every line "
                                                          "passes.")] = False,
    chunk_size: Annotated[int, typer.Option(min=1, help="每次请求的行数（不超过服务的 max_lines） / lines per request (never "
                                                        "more than the service's max_lines).")] = 500,
    url: Annotated[Optional[str], typer.Option(help="服务的基础地址，默认其本地端口 / the service's base URL, default its "
                                                    "local port.")] = None,
    token: Annotated[Optional[str], typer.Option(envvar="IPO_TOKEN", help="持有者令牌，默认用开发签名密钥签发 / bearer token, "
                                                                          "default minted from the development signing key.")] = None,
    refused_file: Annotated[Optional[Path], typer.Option(help="被拒绝的行写到哪里，默认在 FILE 的扩展名前加 .refused / where "
                                                              "refused lines go, default FILE's name with .refused before "
                                                              "the extension.")] = None,
    retries: Annotated[int, typer.Option(min=0, max=20, help="连接中断、5xx 或 429 后重发（同一幂等键）的次数 / resends "
                                                             "(same key) after a lost connection, a 5xx or a 429.")] = 6,
) -> None:
    """批量导入文件，被拒绝的行连同原因另存；bulk-import FILE, refused lines kept with their problems.

    把 FILE 分批发送到服务的批量导入接口；被拒绝的行写入一个文件，每行附其问题。
    Sends FILE in chunks to the service's bulk import endpoint; refused lines go to
    a file, each with its problem.

    再次发送同一文件不会重复记录：每批的幂等键来自文件内容和该批的位置。
    Sending the same file again records nothing twice: each chunk's key comes from
    the file's content and its place.

    改正被拒绝行的文件后用同一命令发送：其中的 `_problem` 会被略去。
    Correct the refused-lines file and send it with the same command: its
    `_problem` entries are left out.

    退出码：0 每行都通过；1 有行被拒绝；2 导入无法进行。
    Exit status: 0 when every line passed, 1 when some were refused, 2 when the
    import could not be done.
    """
    console = Console()
    try:
        fmt = file_format(file, format)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    if fmt == "csv" and not kind:
        raise typer.BadParameter("CSV 文件需要 --kind（表头写的是该类别的字段）；a CSV file needs --kind (the header "
                                 "names that kind's fields)")
    try:
        text_encoding = file_encoding(file, encoding)
    except (UnreadableFile, OSError) as exc:
        console.print(f"[red]无法读取；cannot read:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    try:
        bearer = token or mint_token(IMPORT_SUBJECT)
    except NoSigningKey as exc:
        console.print(f"[red]没有签名密钥（设置 AUTH_SIGNING_KEY、先运行一次 make run，或给出 --token）；{exc}[/red]")
        raise typer.Exit(2) from None
    options = ImportOptions(
        path=file, base_url=url or LOCAL_URLS[service], token=bearer, fmt=fmt, kind=kind, dry_run=dry_run, atomic=atomic,
        chunk_size=chunk_size, refused_path=refused_file or default_path(file, fmt), retries=retries,
        encoding=text_encoding,
    )
    size = file.stat().st_size
    progress = Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeElapsedColumn(),
                        TextColumn("{task.fields[lines]} 行 lines，被拒绝 {task.fields[refused]} refused"),
                        console=Console(stderr=True))
    tasks: dict[str, int] = {}

    def advance(mode: str, done: int, summary: ImportSummary) -> None:
        if mode not in tasks:
            zh, en = (("检查", "checking") if mode == "dry" and atomic and not dry_run
                      else ("检查（试运行）", "checking (dry run)") if dry_run else ("导入", "importing"))
            tasks[mode] = progress.add_task(f"{zh}；{en} {file.name}", total=size, lines=0, refused=0)
        progress.update(tasks[mode], completed=done, lines=summary.lines, refused=summary.refused)

    try:
        with progress:
            summary = asyncio.run(run_import(options, advance))
    except ImportFailed as exc:
        status = f" ({exc.status})" if exc.status else ""
        console.print(f"[red]导入未能完成；the import could not be done{status}:[/red] {problem_text(exc.problem)}",
                      highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    except (UnreadableFile, OSError) as exc:
        console.print(f"[red]无法读取；cannot read:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    _print_summary(console, options, summary, service.value)
    raise typer.Exit(1 if summary.refused else 0)


def _print_summary(console: Console, options: ImportOptions, summary: ImportSummary, service: str) -> None:
    table = Table(title=f"{options.path.name} → {service} ({options.base_url})", show_header=False)
    table.add_column(justify="right")
    table.add_column()
    table.add_row("行数 lines", f"{summary.lines:,}（{summary.chunks:,} 批，每批至多 {summary.chunk_size:,} 行 / "
                  f"in {summary.chunks:,} chunks of at most {summary.chunk_size:,}）")
    if options.dry_run or summary.stopped_after_check:
        table.add_row("通过检查 valid", f"{summary.valid + summary.accepted:,}（未存储 / nothing stored）")
    else:
        table.add_row("已接受 accepted", f"{summary.accepted:,}")
    table.add_row("被拒绝 refused", f"[red]{summary.refused:,}[/red]" if summary.refused else "0")
    if summary.replayed:
        table.add_row("此前已发送 already sent", f"{summary.replayed:,}")
    table.add_row("速度 speed", f"{summary.lines_per_second:,.0f} 行/秒 lines/s（{summary.seconds:.1f} 秒 s）")
    console.print(table)
    if summary.replayed:
        console.print(f"{summary.replayed:,} 行按此前发送该文件时的答复作答；lines answered from an earlier send of this file",
                      highlight=False, soft_wrap=True)
    if summary.stopped_after_check:
        console.print("[red]--atomic：有行未通过检查，全部未导入；some lines failed the check, so nothing was imported.[/red]",
                      soft_wrap=True)
    if summary.refused_path is not None:
        console.print(f"被拒绝的行及其原因：{summary.refused_path}（改正后用同一命令再次发送）；refused lines, each with its "
                      f"problem: {summary.refused_path} (correct them and send that file with the same command)",
                      highlight=False, soft_wrap=True)
