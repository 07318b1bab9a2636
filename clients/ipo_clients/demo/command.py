"""`ipo demo`: record a realistic year for Hubei through the public HTTP APIs."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Annotated, Optional

import httpx
import typer
from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from ipo_clients.demo.periods import reporting_plan
from ipo_clients.demo.recording import DEFAULT_PROJECTION_URL, DemoSettings, due_steps, office_today, run_demo
from ipo_clients.demo.report import MEASURES, measure_text, render
from ipo_clients.demo.runner import Outcome, Stopped
from ipo_clients.problems import problem_text
from ipo_clients.tokens import NoSigningKey

Url = Optional[str]
# what the progress bar says in each phase of run_demo (its `on_phase`), Chinese first
PHASES = {"waiting for the projection": "等待投影服务应用记录；waiting for the projection",
          "reporting periods": "报送期 reporting periods", "records recorded late": "补录的记录；records recorded late"}
# DemoSettings.check's problems (the start of each English message) in Chinese
SETTING_PROBLEMS = {"the year must be": "年份超出可记录的范围", "the scale must be": "规模须大于 0 且不超过 20",
                    "no URL for": "缺少服务地址"}


def demo(
    seed: Annotated[int, typer.Option(help="随机种子：种子、年份、规模相同，则写入及其幂等键相同 / same seed, year and "
                                           "scale: the same writes with the same Idempotency-Keys.")] = 2019,
    year: Annotated[Optional[int], typer.Option(help="要记录的年份，默认今年（截至今天） / the year to record, default this "
                                                     "year, up to today.")] = None,
    scale: Annotated[float, typer.Option(help="规模：1.0 约 2,400 次写入，0.1 为快速的一次 / size of the year: 1.0 is about "
                                              "2,400 writes, 0.1 is a quick one.")] = 1.0,
    if_empty: Annotated[bool, typer.Option("--if-empty", help="任一服务已有事件时什么也不做 / do nothing when any service "
                                                              "already holds an event.")] = False,
    plan_only: Annotated[bool, typer.Option("--plan-only", help="只打印将记录什么，不发送 / print what would be recorded, "
                                                                "send nothing.")] = False,
    token: Annotated[Optional[str], typer.Option(envvar="IPO_TOKEN", help="持有者令牌，默认用开发签名密钥签发 / bearer token, "
                                                                          "default minted from the development signing key.")] = None,
    concurrency: Annotated[int, typer.Option(min=1, max=32, help="同时进行的写入数 / writes in flight at once.")] = 4,
    retries: Annotated[int, typer.Option(min=0, max=20, help="连接中断、5xx 或 429 后重发（同一幂等键）的次数 / resends "
                                                             "(same key) after a lost connection, a 5xx or a 429.")] = 6,
    enforcement_url: Annotated[Url, typer.Option(envvar="IPO_ENFORCEMENT_URL", help="维权服务地址 / the enforcement service.")
                               ] = "http://127.0.0.1:8101",
    financing_url: Annotated[Url, typer.Option(envvar="IPO_FINANCING_URL", help="融资服务地址 / the financing service.")
                             ] = "http://127.0.0.1:8102",
    training_url: Annotated[Url, typer.Option(envvar="IPO_TRAINING_URL", help="培训服务地址 / the training service.")
                            ] = "http://127.0.0.1:8103",
    outreach_url: Annotated[Url, typer.Option(envvar="IPO_OUTREACH_URL", help="服务与宣传服务地址 / the outreach service.")
                            ] = "http://127.0.0.1:8104",
    projection_url: Annotated[Url, typer.Option(envvar="IPO_PROJECTION_URL", help="报送期在此报送和审核（投影服务） / where "
                                                "the reporting periods are submitted and approved.")] = DEFAULT_PROJECTION_URL,
    periods: Annotated[bool, typer.Option("--periods/--no-periods", help="记录已结束各月的报送流程（经投影服务） / record the "
                                          "reporting workflow of the months that have ended (through the projection).")] = True,
) -> None:
    """记录湖北真实感的一年：17 个地区、全部 24 项措施；record a realistic year for Hubei, all 24 measures.

    全部 17 个地区、24 项措施，含若干撤回和补录。投影服务应用这些记录后，记录每个已结束月份
    （北京时间）的报送流程：各地区报送，全省审核（一个月被退回一次后重新报送；最后一个月
    一个地区未报送、一个待审核），其后是补录的记录，其中一条日期在已审核的月份（更正）。
    这一年还含质量检查会发现的问题：一个未服务的中心月、一笔多打了三个零的质押金额、
    两条记录所有制不同的一家企业。
    All 17 regions, every one of the 24 measures, some retractions and late records.
    Then, once the projection has applied them, the reporting workflow of each month
    that has ended (Beijing time): the divisions submit, the province approves (one
    month is returned once and submitted again; in the last month one division has
    not submitted and one awaits approval), and after it the records recorded late,
    one of them dated in an approved month (a restatement). The year also holds what
    the quality reads find: an unserved center-month, a pledge amount typed with three
    zeros too many, an enterprise whose ownership two records give differently.

    只发送截至今天已发生的；用相同选项再次运行不会改变任何东西。
    Only what has happened by today is sent. Running it again with the same options
    changes nothing.

    退出码：0 全部写入已记录；1 有写入被拒绝（或报送期未能记录）；2 服务无法使用。
    Exit status: 0 when every write was recorded, 1 when some were refused (or the
    reporting periods could not be recorded), 2 when the services could not be used.
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
    except ValueError as exc:  # DemoSettings.check says it in English; the Chinese goes first
        zh = next((zh for en, zh in SETTING_PROBLEMS.items() if str(exc).startswith(en)), "选项不合要求")
        raise typer.BadParameter(f"{zh}；{exc}") from None
    if plan_only:
        _print_plan(settings, console)
        return
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), TextColumn("{task.fields[refused]}"), console=Console(stderr=True))
    task = progress.add_task(f"记录 {settings.year} 年；recording {settings.year}", total=None, refused="")
    refused = Counter()

    def done(outcome: Outcome) -> None:
        if outcome.refused:
            refused["n"] += 1
        progress.update(task, advance=1, refused=f"[red]被拒绝 {refused['n']} refused[/red]" if refused["n"] else "")

    try:
        with progress:
            result = asyncio.run(run_demo(settings, on_start=lambda total: progress.update(task, total=total), on_done=done,
                                          on_phase=lambda what: progress.update(task, description=PHASES.get(what, what))))
    except Stopped as exc:
        console.print(f"[red]服务拒绝了令牌；the services refused the token ({exc.outcome.status}):[/red] "
                      f"{problem_text(exc.outcome.problem)}")
        raise typer.Exit(2) from None
    except NoSigningKey as exc:
        console.print(f"[red]没有签名密钥（设置 AUTH_SIGNING_KEY、先运行一次 make run，或给出 --token）；{exc}[/red]")
        raise typer.Exit(2) from None
    except httpx.HTTPError as exc:
        console.print(f"[red]无法连接服务；the services could not be reached:[/red] {type(exc).__name__}: {exc}")
        raise typer.Exit(2) from None
    render(result, console)
    raise typer.Exit(1 if result.failed else 0)


def _print_plan(settings: DemoSettings, console: Console) -> None:
    planned, steps = due_steps(settings)
    per_measure = Counter(s.measure for s in steps)
    late = sum(1 for s in steps if s.late)
    console.print(f"{settings.year} 年计划写入 {planned} 次，到期 {len(steps)} 次（种子 {settings.seed}，规模 {settings.scale:g}），"
                  f"其中 {late} 次补录，在其余之后；{len(steps)} writes due of {planned} planned for {settings.year} "
                  f"(seed {settings.seed}, scale {settings.scale:g}); {late} recorded late, after the rest.", highlight=False)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("措施\n#", justify="right", no_wrap=True)
    table.add_column("服务\nservice", no_wrap=True)
    table.add_column("记录\nrecords", overflow="fold")
    table.add_column("写入\nwrites", justify="right", no_wrap=True)
    for measure, (service, _) in MEASURES.items():
        table.add_row(str(measure), service, measure_text(measure), str(per_measure[measure]))
    console.print(table)
    if settings.projection_url:
        plan = reporting_plan(settings.seed, settings.year, settings.scale, office_today())
        if plan.months:
            returned, awaiting, late = plan.returned, plan.awaiting, plan.not_submitted
            console.print(f"报送期 {plan.months[0]}..{plan.months[-1]}（经 {settings.projection_url}）：每个地区报送并通过审核；"
                          f"{returned[0]} {returned[1]} 退回一次后重新报送；{plan.months[-1]} {awaiting[0]} 待审核，{late[0]} "
                          f"未报送；其后是补录的记录；reporting periods {plan.months[0]}..{plan.months[-1]} (through "
                          f"{settings.projection_url}): every division submits and is approved; {returned[0]} {returned[1]} "
                          f"returned once and submitted again; in {plan.months[-1]} {awaiting[0]} awaits approval and "
                          f"{late[0]} has not submitted; the records recorded late follow.", highlight=False)
        else:
            console.print(f"报送期：{settings.year} 年尚无已结束的月份；reporting periods: no month of {settings.year} has "
                          "ended yet.", highlight=False)
