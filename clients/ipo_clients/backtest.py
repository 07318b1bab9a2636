"""`ipo backtest-outlook --year Y`: how often each target's year-end outlook foretold the year's final status.

The outlook (`detail.outlook.likely_status` of each target in `GET /v1/attainment`) says at any day where the
year is heading: met, at_risk or missed. The backtest reads it at each month's end from January to November
(`as_of` the month's last day; December's end is the year's end itself, where the outlook is the status), as
known then (`known_at` the next moment: the 1st of the next month, 00:00 Beijing time), or as known at the
year's end, or as known now, and compares it with the final status (`as_of` 31 December, as known now): met
against not met (missed, at_risk). A reading without an outlook (nothing to go on) is shown and not counted; a
target without a final status (not due) is left out of the overall figure.
"""

from __future__ import annotations

import time as _clock
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from enum import Enum
from typing import Annotated, Any, Optional
from zoneinfo import ZoneInfo

import httpx
import typer
from rich import box
from rich.console import Console
from rich.table import Table

from ipo_clients.problems import problem_text
from ipo_clients.retrying import RetryPolicy, should_retry
from ipo_clients.tokens import NoSigningKey, mint_token

BEIJING = ZoneInfo("Asia/Shanghai")
ZONE = "北京时间 (UTC+08:00)"
MONTHS_READ = range(1, 12)  # January to November: December's end is the year's end
MONTH_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
STATUS = {"met": ("已达成", "met"), "missed": ("未达成", "missed"), "at_risk": ("有风险", "at risk"),
          "on_track": ("进度正常", "on track"), "not_due": ("未到期", "not due"), None: ("无", "none")}
LIKELY_MARK = {"met": "达", "at_risk": "险", "missed": "未"}  # the outlook at a month end, in one character


class KnownAt(str, Enum):
    month_end = "month-end"
    year_end = "year-end"
    now = "now"


def moment_text(moment: datetime) -> str:
    return f"{moment.astimezone(BEIJING):%Y-%m-%d %H:%M:%S} {ZONE}"


def month_last(year: int, month: int) -> date:
    return (date(year, 12, 31) if month == 12 else date(year, month + 1, 1) - timedelta(days=1))


def next_moment(day: date) -> datetime:
    """The first moment after `day` ends, Beijing time."""
    return datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=BEIJING)


def reading_moment(year: int, month: int, mode: KnownAt, now: datetime) -> datetime:
    if mode == KnownAt.now:
        return now
    moment = next_moment(month_last(year, month) if mode == KnownAt.month_end else date(year, 12, 31))
    return min(moment, now)


@dataclass
class Reading:
    month: int
    as_of: date
    known_at: datetime
    likely: dict[str, str | None]  # target -> likely_status
    knew_records: bool  # some target counted something as known then


@dataclass
class TargetResult:
    id: str
    title_zh: str
    title_en: str
    final_status: str | None
    final_actual: Any
    cells: list[tuple[int, str | None, bool | None]] = field(default_factory=list)  # (month, likely, matched)

    @property
    def has_final(self) -> bool:
        return self.final_status in ("met", "missed")

    @property
    def counted(self) -> list[bool]:
        return [m for _, _, m in self.cells if m is not None]


@dataclass
class Backtest:
    year: int
    mode: KnownAt
    final_known_at: datetime
    readings: list[Reading]
    targets: list[TargetResult]

    def month_totals(self) -> dict[int, tuple[int, int]]:
        """Per month end: (matched, counted) over the targets with a final status."""
        totals = {}
        for reading in self.readings:
            cells = [m for t in self.targets if t.has_final for month, _, m in t.cells if month == reading.month and m is not None]
            totals[reading.month] = (sum(cells), len(cells))
        return totals

    def overall(self) -> tuple[int, int]:
        cells = [m for t in self.targets if t.has_final for m in t.counted]
        return sum(cells), len(cells)


def compare(year: int, mode: KnownAt, final: dict[str, Any], readings: list[tuple[int, dict[str, Any]]]) -> Backtest:
    """The backtest from the final report (as_of 31 December) and each month end's report."""
    targets = [TargetResult(t["id"], t["title"]["zh"], t["title"]["en"], t["status"], t["actual"]) for t in final["targets"]]
    read: list[Reading] = []
    for month, report in readings:
        likely = {t["id"]: ((t.get("detail") or {}).get("outlook") or {}).get("likely_status") for t in report["targets"]}
        knew = any(t["actual"] not in (None, 0) for t in report["targets"])
        read.append(Reading(month, date.fromisoformat(report["as_of"]), datetime.fromisoformat(report["known_at"]), likely, knew))
        for target in targets:
            status = likely.get(target.id)
            matched = None if status is None or not target.has_final else (status == "met") == (target.final_status == "met")
            target.cells.append((month, status, matched))
    return Backtest(year, mode, datetime.fromisoformat(final["known_at"]), read, targets)


def share_text(matched: int, counted: int) -> str:
    return f"{matched / counted:.0%}" if counted else "—"


def render(backtest: Backtest, console: Console) -> None:
    year = backtest.year
    console.print(f"{year} 年底预测回测（全省）；backtest of the year-end outlook, {year} (the province)", style="bold", highlight=False)
    if backtest.readings:
        first, last = backtest.readings[0], backtest.readings[-1]
        zh, en = {KnownAt.month_end: ("各月末的下一时刻（次月 1 日 00:00:00）", "the moment after each month's end (the 1st, 00:00:00)"),
                  KnownAt.year_end: ("年末的下一时刻", "the moment after the year's end"),
                  KnownAt.now: ("现在", "now")}[backtest.mode]
        moments = moment_text(first.known_at) + (f" … {moment_text(last.known_at)}" if last.known_at != first.known_at else "")
        console.print(f"  各月末读数：截至每月最后一天，数据时点为{zh}；readings: as_of each month's last day, known at {en}: "
                      f"{moments}", highlight=False)
    console.print(f"  最终状态：截至 {year}-12-31，数据时点 {moment_text(backtest.final_known_at)}；"
                  f"final status: as_of {year}-12-31, known at {moment_text(backtest.final_known_at)}", highlight=False)

    narrow = console.width < 120  # the month ends in one column, a mark each
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1), show_footer=False)
    table.add_column("目标\nTarget", no_wrap=True)
    table.add_column("最终状态\nFinal", no_wrap=True)
    if narrow and backtest.readings:
        span = f"{backtest.readings[0].month}-{backtest.readings[-1].month}月"
        table.add_column(f"{span}\n{MONTH_EN[backtest.readings[0].month - 1]}-{MONTH_EN[backtest.readings[-1].month - 1]}",
                         no_wrap=True)
    else:
        for reading in backtest.readings:
            table.add_column(f"{reading.month}月\n{MONTH_EN[reading.month - 1]}", justify="center", no_wrap=True)
    table.add_column("一致\nMatched", justify="right", no_wrap=True)
    table.add_column("一致率\nShare", justify="right", no_wrap=True)
    for target in backtest.targets:
        zh, en = STATUS.get(target.final_status, STATUS[None])
        cells = []
        for _, likely, matched in target.cells:
            mark = LIKELY_MARK.get(likely, "·")
            if matched is None:
                cells.append(mark + (" " if narrow else ""))
            else:
                cells.append(f"[green]{mark}✓[/green]" if matched else f"[red]{mark}✗[/red]")
        counted = target.counted
        if target.has_final:
            tally, share = f"{sum(counted)}/{len(counted)}", share_text(sum(counted), len(counted))
        else:
            tally, share = "—", "—"
        table.add_row(target.id, f"{zh} {en}", *(["".join(cells)] if narrow and cells else cells), tally, share)
    totals = backtest.month_totals()
    matched, counted = backtest.overall()
    table.add_section()
    months = [f"{m}/{n}" if n else "—" for m, n in (totals[r.month] for r in backtest.readings)]
    table.add_row("全部\nOverall" if narrow else "全部 Overall", "", *([""] if narrow and months else months), f"{matched}/{counted}",
                  share_text(matched, counted), style="bold")
    console.print(table)
    console.print("  达 预测达成 likely met；险 有风险 at risk；未 预测未达成 likely missed；· 无预测 no outlook。"
                  "✓ 与最终状态一致（达成对达成，未达成或有风险对未达成）matched the final status (met against met, missed "
                  "or at risk against not met)；✗ 不一致 did not match。", highlight=False)
    without = [t.id for t in backtest.targets if not t.has_final]
    if without:
        console.print(f"  无最终状态（未到期），不计入合计：{'、'.join(without)}；no final status (not due), left out of the "
                      f"overall figure: {', '.join(without)}", highlight=False)
    blind = [r for r in backtest.readings if not r.knew_records]
    if blind:
        console.print(f"  [yellow]{len(blind)} 个月末时点尚未记录该年任何数据（该年的记录晚于这些时点，演示年即一次录入）；"
                      f"at {len(blind)} month ends nothing of the year had been recorded yet (the year was recorded later, "
                      "as a demo year is, all at once): `--known-at now` reads the outlook from the records as known now.[/yellow]",
                      highlight=False)
    console.print("  12 月末即年终，其预测即状态，不计；December's end is the year's end, where the outlook is the status: "
                  "not counted.", highlight=False)


class Refused(Exception):
    pass


def _get(client: httpx.Client, path: str, params: dict[str, Any], policy: RetryPolicy) -> dict[str, Any]:
    for attempt in range(1, policy.attempts + 1):
        try:
            response = client.get(path, params=params)
        except httpx.TransportError:
            if attempt == policy.attempts:
                raise
            _clock.sleep(policy.wait(attempt))
            continue
        if attempt < policy.attempts and (should_retry(response) or response.status_code == 503):
            _clock.sleep(policy.wait(attempt, response))
            continue
        if not response.is_success:
            try:
                problem = response.json()
            except ValueError:
                problem = {"detail": response.text[:300]}
            raise Refused(f"GET {path} {response.status_code}: {problem_text(problem)}")
        return response.json()
    raise AssertionError("unreachable")


def run_backtest(client: httpx.Client, year: int, mode: KnownAt, now: datetime, policy: RetryPolicy = RetryPolicy(attempts=4)) -> Backtest:
    final = _get(client, "/v1/attainment", {"year": year, "as_of": f"{year}-12-31", "known_at": now.isoformat()}, policy)
    readings = []
    for month in MONTHS_READ:
        as_of = month_last(year, month)
        known_at = reading_moment(year, month, mode, now)
        readings.append((month, _get(client, "/v1/attainment", {"year": year, "as_of": as_of.isoformat(),
                                                               "known_at": known_at.isoformat()}, policy)))
    return compare(year, mode, final, readings)


def backtest_outlook(
    year: Annotated[int, typer.Option(help="要回测的年份，须已结束（北京时间） / the year to test: it must be over "
                                           "(Beijing time).")],
    known_at: Annotated[KnownAt, typer.Option(help="各月末的预测按何时所知的记录读取：月末的下一时刻（仪表板当时所示）、"
                                                   "年末，或现在 / what each month end's outlook is read from: the records "
                                                   "known at the month end's next moment (what the dashboard said then), "
                                                   "at the year's end, or now.")] = KnownAt.month_end,
    projection_url: Annotated[str, typer.Option(envvar="IPO_PROJECTION_URL", help="投影服务地址 / the projection service.")
                              ] = "http://127.0.0.1:8100",
    token: Annotated[Optional[str], typer.Option(envvar="IPO_TOKEN", help="持有者令牌（须有 `read`），默认用开发签名密钥"
                                                                          "签发 / bearer token with `read`, default minted "
                                                                          "from the development signing key.")] = None,
) -> None:
    """年底预测回测：各月末的预测是否预示了最终状态；backtest the year-end outlook.

    每个月末（1-11 月）的预测（detail.outlook.likely_status）与年终最终状态
    （截至 12 月 31 日，按现在所知）是否一致（达成对达成，未达成或有风险对未达成），
    按目标和合计列表；时间均为北京时间。
    At each month end, did `likely_status` foretell the final status? For each target
    and overall, how often the outlook at the end of January to November (as known
    then, at the year's end, or now) matched the final status (as_of 31 December, as
    known now): met against met, missed or at risk against not met. Times are
    Beijing time.

    退出码：0 已打印表格；2 该年尚未结束或无法读取投影服务。
    Exit status: 0 when the table was printed, 2 when the year is not over or the
    projection could not be read.
    """
    console = Console()
    now = datetime.now(timezone.utc)
    today = now.astimezone(BEIJING).date()
    if date(year, 12, 31) >= today:
        console.print(f"[red]{year} 年尚未结束（北京时间），没有最终状态可供回测；the year {year} is not over (Beijing time): there is "
                      "no final status to test the outlook against.[/red]", highlight=False)
        raise typer.Exit(2)
    try:
        bearer = token or mint_token("outlook-backtest", hours=1.0, scopes=["read"])
    except NoSigningKey as exc:
        console.print(f"[red]没有签名密钥（设置 AUTH_SIGNING_KEY、先运行一次 make run，或给出 --token）；{exc}[/red]")
        raise typer.Exit(2) from None
    try:
        with httpx.Client(base_url=projection_url.rstrip("/"), headers={"Authorization": f"Bearer {bearer}"}, timeout=60) as client:
            backtest = run_backtest(client, year, known_at, now)
    except Refused as exc:
        console.print(f"[red]投影拒绝了读取；the projection refused a read:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from None
    except httpx.HTTPError as exc:
        console.print(f"[red]无法连接投影服务；the projection could not be reached at {projection_url}:[/red] {type(exc).__name__}: {exc}",
                      highlight=False)
        raise typer.Exit(2) from None
    render(backtest, console)
