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
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.text import Text

from kernel.cli_help import BilingualGroup, use_bilingual_help
from kernel.db import PROJECTION_MIGRATIONS
from kernel.projection.app import feed_token_source
from projection.readmodels import all_read_models
from projection.rebuild import rebuild as rebuild_read_models
from projection.settings import ProjectionSettings

use_bilingual_help()  # typer's own words Chinese first, as in `ipo`
app = typer.Typer(help="投影服务的运维命令；projection service: operator commands.", no_args_is_help=True,
                  cls=BilingualGroup)
console = Console()

MIGRATIONS = [PROJECTION_MIGRATIONS, Path(__file__).parent / "migrations" / "versions"]


class RateColumn(ProgressColumn):
    def render(self, task) -> Text:
        return Text(f"{task.speed or 0:,.0f} 事件/秒 events/s", style="cyan")


@app.callback()
def commands() -> None:
    """投影服务的运维命令；projection service: operator commands."""


def _feeds(settings: ProjectionSettings, sources: list[str] | None) -> dict[str, str]:
    if not sources:
        return dict(settings.sources)
    feeds = {}
    for item in sources:
        name, sep, url = item.partition("=")
        if not sep or not name or not url:
            raise typer.BadParameter(f"{item!r}：应为 名称=地址，如 enforcement=http://127.0.0.1:8101；expected NAME=URL, "
                                     "e.g. enforcement=http://127.0.0.1:8101", param_hint="--source")
        feeds[name.strip()] = url.strip()
    return feeds


@app.command()
def rebuild(
    database_url: Annotated[Optional[str], typer.Option(help="投影服务的数据库（默认 PROJECTION_DATABASE_URL） / the "
                                                             "projection's database (default: PROJECTION_DATABASE_URL).")
                            ] = None,
    source: Annotated[Optional[list[str]], typer.Option(help="一个事件流，写作 名称=地址，可重复（默认 PROJECTION_SOURCES）；"
                                                             "a feed as NAME=URL, repeat for several (default: "
                                                             "PROJECTION_SOURCES).")] = None,
    token: Annotated[Optional[str], typer.Option(help="读取事件流的令牌（默认用签名密钥签发） / a read token for the feeds "
                                                      "(default: minted from the signing key).")] = None,
    lock_timeout: Annotated[str, typer.Option(help="替换时等待表锁多久后重试 / how long the swap may wait for a table lock "
                                                   "before it retries.")] = "10s",
) -> None:
    """从各服务的事件流重建全部读模型，再不停机换入新表；rebuild every read model, swap it in live.

    在投影数据库的影子模式中建表，然后在一个事务中改名换入，API 照常服务。
    Fills fresh tables in a shadow schema of the projection's database from the
    services' feeds, then renames them into place in one transaction while the API
    keeps serving.
    """
    overrides = {k: v for k, v in {"database_url": database_url, "feed_token": token}.items() if v}
    try:
        settings = ProjectionSettings(**overrides)
    except ValidationError as exc:  # said without the values: they may hold passwords and keys
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors())
        console.print(f"[red]设置无效；invalid settings:[/red] {problems}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    feeds = _feeds(settings, source)
    token_source = feed_token_source(settings)
    progress = Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), RateColumn(),
        TimeElapsedColumn(), TextColumn("剩余 remaining"), TimeRemainingColumn(), console=console,
    )
    state: dict = {"task": None, "done": {}}

    def started(heads: dict[str, int]) -> None:
        console.print("事件流 feeds：" + "，".join(f"{s} 最新位置 head {h}" for s, h in heads.items()), highlight=False)
        state["task"] = progress.add_task("已应用事件；events applied", total=sum(heads.values()) or 1)

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
    elapsed = time.monotonic() - began
    console.print(
        f"已换入 {len(result.tables)} 张表（尝试 {result.attempts} 次，用时 {elapsed:.1f} 秒），应用事件 {result.applied} 个"
        f"（换下的表有 {result.replaced} 个）；swapped in {len(result.tables)} tables after {result.attempts} attempt(s) "
        f"in {elapsed:.1f}s: {result.applied} events applied (the retired tables held {result.replaced})",
        highlight=False,
    )


def main() -> None:
    app()


if __name__ == "__main__":
    main()
