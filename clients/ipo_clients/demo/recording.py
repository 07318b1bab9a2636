"""Recording the demo year against running services: what to do, and what came of it."""

from __future__ import annotations

import asyncio
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Callable
from zoneinfo import ZoneInfo

import httpx

from ipo_clients.demo.periods import PeriodStep, PeriodsResult, record_periods, reporting_plan, wait_for_projection
from ipo_clients.demo.plan import Step
from ipo_clients.demo.runner import Outcome, send_steps
from ipo_clients.demo.year import SERVICES, idempotency_key, plan_year
from ipo_clients.retrying import RetryPolicy
from ipo_clients.tokens import mint_token

OFFICE_ZONE = ZoneInfo("Asia/Shanghai")
DEFAULT_URLS = {
    "enforcement": "http://127.0.0.1:8101",
    "financing": "http://127.0.0.1:8102",
    "training": "http://127.0.0.1:8103",
    "outreach": "http://127.0.0.1:8104",
}
DEFAULT_PROJECTION_URL = "http://127.0.0.1:8100"
DEMO_SUBJECT = "demo"  # the actor the services record on every demo event
EARLIEST_YEAR = 2009  # the demo also records a few years before the one asked for


def office_today() -> date:
    return datetime.now(OFFICE_ZONE).date()


@dataclass
class DemoSettings:
    seed: int = 2019
    year: int = field(default_factory=lambda: office_today().year)
    scale: float = 1.0
    urls: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_URLS))
    token: str | None = None  # default: minted from the development signing key
    concurrency: int = 4
    retries: int = 6
    if_empty: bool = False
    # the reporting workflow goes through the projection; None: no workflow, the late records follow the others
    projection_url: str | None = field(default_factory=lambda: os.environ.get("IPO_PROJECTION_URL", DEFAULT_PROJECTION_URL))
    projection_wait: float = 300.0  # seconds the projection may take to apply the records before the workflow

    def check(self) -> None:
        if not EARLIEST_YEAR <= self.year <= office_today().year:
            raise ValueError(f"the year must be between {EARLIEST_YEAR} and {office_today().year}, got {self.year}")
        if not 0 < self.scale <= 20:
            raise ValueError(f"the scale must be above 0 and at most 20, got {self.scale}")
        missing = [s for s in SERVICES if s not in self.urls]
        if missing:
            raise ValueError(f"no URL for {', '.join(missing)}")


@dataclass
class DemoResult:
    settings: DemoSettings
    outcomes: list[Outcome] = field(default_factory=list)
    planned: int = 0  # writes in the whole year's plan, including those not due yet
    not_empty: list[str] = field(default_factory=list)  # with --if-empty: the services that already held records
    seconds: float = 0.0
    periods: PeriodsResult | None = None  # the reporting workflow, when it ran

    @property
    def refused(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.refused]

    @property
    def failed(self) -> bool:
        """Some write was refused, or the reporting workflow was not (wholly) recorded."""
        periods = self.periods
        return bool(self.refused) or (periods is not None and (bool(periods.refused) or periods.problem is not None))

    @property
    def skipped(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.skipped]

    def by_measure(self) -> dict[int, Counter]:
        """For each measure 1-24: writes newly recorded, already there (replayed), refused, skipped."""
        table: dict[int, Counter] = {m: Counter() for m in range(1, 25)}
        for o in self.outcomes:
            kind = "skipped" if o.skipped else "refused" if o.refused else "replayed" if o.replayed else "recorded"
            table[o.step.measure][kind] += 1
        return table

    def by_region(self) -> Counter:
        return Counter(o.step.region for o in self.outcomes if o.recorded and o.step.region)


async def services_with_records(client: httpx.AsyncClient, urls: dict[str, str]) -> list[str]:
    """The command services whose event feed already holds an event."""
    holding = []
    for service in SERVICES:
        response = await client.get(f"{urls[service].rstrip('/')}/v1/events", params={"after": 0, "limit": 1})
        response.raise_for_status()
        page = response.json()
        events = page if isinstance(page, list) else page.get("events", [])
        if events:
            holding.append(service)
    return holding


def due_steps(settings: DemoSettings) -> tuple[int, list[Step]]:
    """(writes in the whole year's plan, those that have happened by now)."""
    plan = plan_year(settings.seed, settings.year, settings.scale)
    due = plan.due(office_today(), datetime.now(timezone.utc))
    return len(plan.steps), due


async def run_demo(
    settings: DemoSettings,
    *,
    on_start: Callable[[int], None] = lambda total: None,
    on_done: Callable[[Outcome], None] = lambda outcome: None,
    on_phase: Callable[[str], None] = lambda what: None,
    on_period: Callable[[PeriodStep], None] = lambda step: None,
) -> DemoResult:
    """Record the demo year through the services' HTTP APIs (`on_start` gets the number of writes to send).

    The records first, then (with a projection URL) the reporting workflow of the months that have ended, once
    the projection has applied them, then the records recorded late (补录). `on_phase` is told each phase."""
    settings.check()
    token = settings.token or mint_token(DEMO_SUBJECT)
    result = DemoResult(settings)
    started = time.monotonic()
    limits = httpx.Limits(max_connections=settings.concurrency * 2, max_keepalive_connections=settings.concurrency * 2)
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=60, limits=limits) as client:
        if settings.if_empty:
            result.not_empty = await services_with_records(client, settings.urls)
            if result.not_empty:
                return result
        result.planned, steps = due_steps(settings)
        on_start(len(steps))
        policy = RetryPolicy(attempts=max(1, settings.retries + 1))

        async def reporting_workflow() -> None:
            result.periods = await _reporting_workflow(client, settings, policy, on_phase, on_period)
            on_phase("records recorded late")

        result.outcomes = await send_steps(
            steps,
            client=client,
            urls=settings.urls,
            key_for=lambda step: idempotency_key(settings.seed, settings.year, settings.scale, step.index),
            concurrency=settings.concurrency,
            policy=policy,
            on_done=on_done,
            before_late=reporting_workflow if settings.projection_url else None,
        )
    result.seconds = time.monotonic() - started
    return result


async def _reporting_workflow(client: httpx.AsyncClient, settings: DemoSettings, policy: RetryPolicy,
                              on_phase: Callable[[str], None], on_period: Callable[[PeriodStep], None]) -> PeriodsResult:
    """The months' submissions and approvals, once the projection has applied every record sent so far; never
    raises: what stopped it is the result's `problem`."""
    plan = reporting_plan(settings.seed, settings.year, settings.scale, office_today())
    result = PeriodsResult(plan)
    if not plan.months:
        return result
    url = settings.projection_url.rstrip("/")
    try:
        on_phase("waiting for the projection")
        await wait_for_projection(client, settings.urls, url, settings.projection_wait)
        on_phase("reporting periods")
        return await record_periods(client, url, plan, key_prefix=f"ipo-demo:{settings.seed}:{settings.year}:{settings.scale:g}",
                                    concurrency=settings.concurrency, policy=policy, on_done=on_period)
    except TimeoutError as exc:
        result.problem = str(exc)
    except httpx.HTTPStatusError as exc:
        result.problem = f"the projection refused {exc.request.method} {exc.request.url.path}: {exc.response.status_code} {exc.response.text[:300]}"
    except httpx.HTTPError as exc:
        result.problem = f"the projection could not be reached at {url}: {type(exc).__name__}: {exc}"
    return result


def run_demo_sync(settings: DemoSettings, **callbacks) -> DemoResult:
    """`run_demo` for callers without an event loop (e.g. `ipo run` once the services are ready)."""
    return asyncio.run(run_demo(settings, **callbacks))


def record_if_empty(urls: dict[str, str], token: str | None = None, *, seed: int = 2019, scale: float = 1.0,
                    say: Callable[[str], None] = print) -> DemoResult | None:
    """For `ipo run` once the services are ready: on a fresh installation, record this year's demo.

    Does nothing when any service already holds an event; never raises (a failure is said, the system runs on).
    """
    settings = DemoSettings(seed=seed, scale=scale, urls={s: urls[s] for s in SERVICES}, token=token, if_empty=True)
    if urls.get("projection"):
        settings.projection_url = urls["projection"]
    try:
        result = run_demo_sync(settings)
    except Exception as exc:  # noqa: BLE001 - the system runs without the demo
        say(f"演示年度未记录；the demo year was not recorded: {type(exc).__name__}: {exc}")
        return None
    if not result.not_empty:
        zh = en = ""
        if result.refused:
            zh, en = f"，{len(result.refused)} 条被拒绝", f", {len(result.refused)} refused"
        periods = result.periods
        if periods is not None and periods.problem:
            zh, en = zh + f"；报送期未记录：{periods.problem}", en + f"; the reporting periods were not recorded: {periods.problem}"
        elif periods is not None and periods.plan.months:
            approved = periods.count("approved")
            zh, en = zh + f"；{approved} 个地区月份审核通过", en + f"; {approved} region-months approved"
        say(f"新安装：已记录 {settings.year} 年演示数据（{len(result.outcomes)} 次写入{zh}，种子 {seed}），详见 `ipo demo --help`；"
            f"fresh installation: recorded a demo year {settings.year} ({len(result.outcomes)} writes{en}, seed {seed}); "
            "`ipo demo --help` says more.")
    return result
