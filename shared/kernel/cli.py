"""`ipo`: run the whole system for development, mint tokens, apply a service's migrations, start the embedded servers.

Everything it shows a person (the help of each command, option and argument; every line it prints) is Chinese first
with English beside it (`中文；English` or `中文 / English`); what a machine reads (the token on `ipo token`'s last
line) stays as it is."""

from __future__ import annotations

import asyncio
import importlib
import importlib.metadata
import importlib.util
import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import Annotated, Optional

import httpx
import typer
from rich.console import Console

from kernel.auth import ALL_SCOPES, TokenIssuer
from kernel.cli_help import BilingualGroup, use_bilingual_help
from kernel.settings import ensure_dev_signing_key

use_bilingual_help()
app = typer.Typer(help="政策措施系统：开发运行与运维工具；the policy-measures system: development runner and operator tools.",
                  no_args_is_help=True, cls=BilingualGroup)
console = Console()

# entry-point groups through which packages above the kernel add to `ipo` (the kernel imports none of them)
COMMAND_GROUPS = "ipo.commands"
FRESH_SYSTEM_HOOKS = "ipo.fresh_system"
DATA_DIR = Path(os.environ.get("IPO_DATA_DIR", ".data"))
KEY_FILE = DATA_DIR / "dev-signing-key"
PROCFILE = Path(os.environ.get("IPO_PROCFILE", "Procfile"))


def _issuer() -> TokenIssuer:
    key = os.environ.get("AUTH_SIGNING_KEY") or ensure_dev_signing_key(Path(os.environ.get("AUTH_SIGNING_KEY_FILE", KEY_FILE)))
    return TokenIssuer(key, os.environ.get("AUTH_ISSUER", "hubei-ipo"), os.environ.get("AUTH_AUDIENCE", "hubei-ipo-measures"))


@app.command()
def token(
    subject: Annotated[str, typer.Option(
        help="令牌代表谁（记为每个事件的操作者） / who the token speaks for (recorded as each event's actor).")] = "developer",
    scope: Annotated[Optional[list[str]], typer.Option(
        help=f"权限范围，可重复给出多个，默认全部 / a scope, repeat for several, default every scope: {', '.join(ALL_SCOPES)}."
    )] = None,
    region: Annotated[Optional[str], typer.Option(
        help="只限此地区：只写、只读此地区的记录（各地区汇总仍可读，事件流和审计被拒绝） / limit the token to this region: "
        "it writes and reads records of this region only (aggregates of every region stay readable; the feed and "
        "the audit are refused).")] = None,
    hours: Annotated[float, typer.Option(help="有效期（小时） / lifetime in hours.")] = 12.0,
) -> None:
    """签发持有者令牌，令牌在输出的最后一行；mint a bearer token, the last line of the output."""
    scopes = scope or list(ALL_SCOPES)
    unknown = sorted(set(scopes) - set(ALL_SCOPES))
    if unknown:
        console.print(f"[red]未知的权限范围：{' '.join(unknown)}；unknown scope: {' '.join(unknown)}\n"
                      f"可用 / known: {' '.join(ALL_SCOPES)}[/red]", highlight=False)
        raise typer.Exit(2)
    console.print(f"[dim]主体 subject={subject}  权限 scopes={' '.join(scopes)}  地区 region={region or '不限/any'}  "
                  f"小时 hours={hours}[/dim]", highlight=False)
    print(_issuer().mint(subject, scopes, region=region, ttl_seconds=int(hours * 3600)))


@app.command()
def postgres(
    data: Annotated[Path, typer.Option(help="数据目录（首次使用时创建） / data folder (created on first use).")] = DATA_DIR / "postgres",
    port: Annotated[int, typer.Option(envvar="DEV_POSTGRES_PORT", help="监听端口 / the port to listen on.")] = 54320,
) -> None:
    """在前台运行内嵌的 PostgreSQL 服务器；run the embedded PostgreSQL server in the foreground."""
    from kernel.infra import postgres as pg

    raise typer.Exit(pg.serve(data.resolve(), port))


@app.command()
def broker(port: Annotated[int, typer.Option(envvar="DEV_KAFKA_PORT", help="监听端口 / the port to listen on.")] = 9092) -> None:
    """在前台运行内存中的 Kafka 协议消息代理；run the in-memory Kafka-protocol broker in the foreground."""
    from kernel.infra import broker as kb

    kb.serve(port)


class MigrationError(Exception):
    """Why `ipo migrate` could not apply a service's migrations, said for an operator (Chinese, then English)."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def installed_services() -> list[str]:
    """The services installed beside the kernel: packages of `ipo-*` distributions that have an `app` module."""
    found = set()
    for package, distributions in importlib.metadata.packages_distributions().items():
        if any(d.startswith("ipo-") and d != "ipo-kernel" for d in distributions):
            if importlib.util.find_spec(f"{package}.app") is not None:
                found.add(package)
    return sorted(found)


async def apply_migrations(name: str, wait_seconds: float = 30.0) -> None:
    """Apply a service's migrations exactly as its start does, then stop without serving.

    The service's own start-up runs (database created when `<SERVICE>_CREATE_DATABASE` says so, then
    kernel.db.migrate with the service's whole migration set: the event store's or the projection's kernel
    migrations and the service's own, under PostgreSQL's advisory lock so that concurrent runs and starting
    replicas wait for each other). The background workers it starts are stopped again straight away.
    """
    from pydantic import ValidationError
    from sqlalchemy.engine import make_url

    from kernel.db import wait_for_database

    if name not in installed_services():
        known = ", ".join(installed_services())
        raise MigrationError(f"此处未安装名为 {name!r} 的服务，已安装：{known}；no service named {name!r} is installed here; "
                             f"known: {known}", 2)
    try:
        settings = importlib.import_module(f"{name}.settings").get_settings()
    except ValidationError as exc:  # said without the values: they may hold passwords and keys
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors())
        raise MigrationError(f"设置无效；invalid settings: {problems}", 1) from None
    where = make_url(settings.database_url).render_as_string(hide_password=True)
    try:
        await wait_for_database(settings.database_url, timeout=wait_seconds)
    except Exception as exc:
        raise MigrationError(f"{wait_seconds:g} 秒内无法连接 {where} 的数据库服务器；cannot reach the database server of "
                             f"{where} within {wait_seconds:g} s: {exc}", 1) from exc
    service_app = importlib.import_module(f"{name}.app").create_app(settings)
    try:
        async with service_app.router.lifespan_context(service_app):
            pass
    except Exception as exc:
        raise MigrationError(f"迁移 {where} 失败；migrating {where} failed: {type(exc).__name__}: {exc}", 1) from exc


@app.command()
def migrate(
    service: Annotated[str, typer.Argument(help="要迁移的服务，如 enforcement / the service whose migrations to apply, "
                                                "e.g. enforcement.")],
    wait: Annotated[float, typer.Option(help="等待数据库服务器应答的秒数 / how long to wait for the database server to "
                                             "answer, in seconds.")] = 30.0,
) -> None:
    """执行一个服务的数据库迁移后退出；apply a service's database migrations and exit.

    副本启动或另一次迁移进行时运行也安全：PostgreSQL 咨询锁让它们彼此等待。
    Safe to run while replicas start or another run migrates: PostgreSQL's
    advisory lock makes them wait for each other.

    退出码：0 已迁移；1 数据库无法连接、设置无效或迁移失败；2 未安装该服务。
    Exit status: 0 when migrated; 1 when the database cannot be reached, the
    settings are invalid or migrating failed; 2 when no such service is installed.
    """
    try:
        asyncio.run(apply_migrations(service, wait))
    except MigrationError as exc:
        print(f"{service}: {exc}", file=sys.stderr, flush=True)
        raise typer.Exit(exc.exit_code) from None
    print(f"{service}: 迁移已完成；migrations applied", flush=True)


def _procfile() -> list[tuple[str, str]]:
    entries = []
    for line in PROCFILE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, command = line.split(":", 1)
            entries.append((name.strip(), command.strip()))
    return entries


def _service_urls(names: list[str]) -> dict[str, str]:
    urls = {}
    for name in names:
        try:
            settings = importlib.import_module(f"{name}.settings").get_settings()
        except ModuleNotFoundError:
            continue
        urls[name] = f"http://{settings.host}:{settings.port}"
    return urls


def _announce(urls: dict[str, str], token_text: str, stop: threading.Event) -> None:
    deadline = time.monotonic() + 90
    pending = dict(urls)
    while pending and time.monotonic() < deadline and not stop.is_set():
        for name, url in list(pending.items()):
            try:
                if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                    pending.pop(name)
            except httpx.HTTPError:
                pass
        time.sleep(0.5)
    if stop.is_set():
        return
    console.rule("[bold]系统已启动 / the system is running[/bold]" if not pending
                 else "[yellow]已启动，尚未全部就绪 / started, not all ready[/yellow]")
    for name, url in sorted(urls.items()):
        state = ("[green]就绪 / ready[/green]" if name not in pending
                 else "[yellow]尚未就绪（见其日志）/ not ready yet (see its log lines)[/yellow]")
        console.print(f"  {name:<12} {url}/docs   {state}", highlight=False)
    if "projection" in urls:
        console.print(f"\n  仪表板 / Dashboard: {urls['projection']}/#token={token_text}", highlight=False, soft_wrap=True)
    console.print("\n  开发用令牌（全部权限，12 小时）/ Development bearer token (every scope, 12 h):", highlight=False)
    print(f"  {token_text}\n", flush=True)
    console.print("  Ctrl-C 停止全部进程，数据留在 .data/ 供下次使用；Ctrl-C stops everything; data stays in .data/ for the next run.",
                  highlight=False)
    console.print("  进程意外退出后自动重启（等待 1 秒起，每次加倍，最长 30 秒）；a process that exits is started again "
                  "(after 1 s, doubling up to 30 s).", highlight=False)
    console.rule()
    if not pending and os.environ.get("IPO_DEMO", "1") != "0":
        _record_demo_year_if_fresh(urls)


def _record_demo_year_if_fresh(urls: dict[str, str]) -> None:
    """A fresh installation gets a realistic year through the public APIs, so the dashboard has something to show.

    What to record comes from packages installed beside the kernel (entry points in the group `ipo.fresh_system`,
    called with every service's URL, the projection's among them, and a `say` function); the kernel itself knows none of them."""
    for hook in importlib.metadata.entry_points(group=FRESH_SYSTEM_HOOKS):
        hook.load()(dict(urls), say=lambda line: console.print(f"  {line}", highlight=False))


@app.command()
def run() -> None:
    """启动数据库、消息代理和全部服务，打印地址和令牌；start everything, print URLs and a token.

    启动 PostgreSQL、消息代理和 Procfile 中的每个服务。进程意外退出后自动重启
    （等待 1 秒起，每次加倍，最长 30 秒）；Ctrl-C 停止全部进程，数据留在 .data/。
    Starts PostgreSQL, the broker and every service in the Procfile. A process
    that exits is started again after a back-off (1 s, doubling to 30 s;
    kernel.supervisor); Ctrl-C stops everything, the data stays in .data/.
    """
    from kernel.supervisor import Supervisor

    external_database = "DATABASE_SERVER_URL" in os.environ
    external_broker = "KAFKA_BOOTSTRAP_SERVERS" in os.environ
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    ensure_dev_signing_key(KEY_FILE)
    pg_port = int(os.environ.get("DEV_POSTGRES_PORT", "54320"))
    kafka_port = int(os.environ.get("DEV_KAFKA_PORT", "9092"))
    server = os.environ.get("DATABASE_SERVER_URL", f"postgresql+asyncpg://postgres@127.0.0.1:{pg_port}")
    env = {
        **os.environ,
        "DEV_POSTGRES_PORT": str(pg_port),
        "DEV_KAFKA_PORT": str(kafka_port),
        "AUTH_SIGNING_KEY_FILE": str(KEY_FILE.resolve()),
        "KAFKA_BOOTSTRAP_SERVERS": os.environ.get("KAFKA_BOOTSTRAP_SERVERS", f"127.0.0.1:{kafka_port}"),
        "LOG_FORMAT": os.environ.get("LOG_FORMAT", "console"),
        "PYTHONUNBUFFERED": "1",
    }
    processes = _procfile()
    names = [n for n, _ in processes]
    for name in names:
        env.setdefault(f"{name.upper()}_DATABASE_URL", f"{server.rstrip('/')}/{name}")
        env.setdefault(f"{name.upper()}_CREATE_DATABASE", "true")
    os.environ.update(env)
    urls = _service_urls(names)
    sources = {n: u for n, u in urls.items() if n != "projection"}
    env.setdefault("PROJECTION_SOURCES", json.dumps(sources))

    manager = Supervisor()
    for name, command in processes:
        if (name == "postgres" and external_database) or (name == "broker" and external_broker):
            continue  # an existing server is used instead
        if command.startswith("python "):
            command = f"{sys.executable} {command.removeprefix('python ')}"
        manager.add_process(name, command, env=env)
    stop = threading.Event()
    threading.Thread(target=_announce, args=(urls, _issuer().mint("developer", ALL_SCOPES), stop), daemon=True).start()
    try:
        returncode = manager.loop()
    finally:
        stop.set()
    raise typer.Exit(returncode)


# further commands (`ipo demo`, `ipo import`) come from packages installed beside the kernel, each a Typer app
# registered as an entry point in the group `ipo.commands`
for _commands in importlib.metadata.entry_points(group=COMMAND_GROUPS):
    app.add_typer(_commands.load())


def main() -> None:
    app()


if __name__ == "__main__":
    main()
