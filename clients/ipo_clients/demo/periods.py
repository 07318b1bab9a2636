"""The demo year's reporting workflow, through the projection's period endpoints (`/v1/periods/{region}/{period}/...`).

Every division submits each month of the year that has ended (Beijing time) and the province approves it, the
way the office works, with the exceptions a real year has:

- one division's month is returned once, with a reason (Chinese first), and submitted again, then approved;
- in the last ended month one division has not submitted yet and another's submission awaits approval;
- the province's own month (420000) is approved once every division's same month stands approved.

The records are all sent first (everything but those recorded late, 补录), and the projection has applied them,
so each submission vouches for the figures as they stand; the records recorded late come afterwards, and the
one dated in an approved month is what `GET /v1/restatements` then lists.

What is sent follows from each period's state (`GET /v1/periods`): a run again sends nothing, or only what a
month that has ended since adds. Each step's Idempotency-Key names the period and its stream version before the
step, so a resent step (a lost answer, a run broken off) is answered from the first one.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

import httpx

from ipo_clients.demo.firms import REGIONS
from ipo_clients.demo.runner import post
from ipo_clients.demo.vocabulary import CITY
from ipo_clients.demo.world import month_last
from ipo_clients.retrying import RetryPolicy
from kernel.domain.regions import REGION_NAMES

PROVINCE = "420000"
OPEN, SUBMITTED, APPROVED, RETURNED, REOPENED = "open", "submitted", "approved", "returned", "reopened"
MONTH_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December")


def division_name(region: str) -> str:
    return {"422800": "恩施州", "429021": "神农架林区", PROVINCE: "湖北省"}.get(region, f"{CITY.get(region, region)}市")


@dataclass(frozen=True)
class ReportingPlan:
    """What the demo intends for each region's months: approved, submitted (awaiting approval) or open."""

    year: int
    months: tuple[str, ...]  # the year's months that have ended, in order
    returned: tuple[str, str] | None  # (region, month) returned once before its approval
    not_submitted: tuple[str, str] | None  # (region, month) not submitted yet
    awaiting: tuple[str, str] | None  # (region, month) submitted, not approved yet

    def intent(self, region: str, month: str) -> str:
        if (region, month) == self.not_submitted:
            return OPEN
        if (region, month) == self.awaiting:
            return SUBMITTED
        return APPROVED

    def province_approves(self, month: str) -> bool:
        return all(self.intent(region, month) == APPROVED for region in REGIONS)

    def return_reason(self) -> str:
        region, month = self.returned
        number = int(month[5:])
        return (f"{division_name(region)}{number}月维权援助中心上门服务记录与纸质台账尚未核对一致，请核实后重新报送；"
                f"the {MONTH_EN[number - 1]} on-site services of {REGION_NAMES[region][1]}'s assistance centers have not been "
                "reconciled with the paper ledger: check them and submit again")


def reporting_plan(seed: int, year: int, scale: float, today: date) -> ReportingPlan:
    """The same seed, year and scale give the same regions; the months are those ended by `today`."""
    months = tuple(f"{year}-{m:02d}" for m in range(1, 13) if month_last(year, m) < today)
    if not months:
        return ReportingPlan(year, (), None, None, None)
    rng = random.Random(f"ipo-demo:{seed}:{year}:{scale:g}:reporting-periods")
    others = [r for r in REGIONS if r != "420100"]  # Wuhan's bureau reports on time
    returned_region, late_region, awaiting_region = rng.sample(others, 3)
    returned_month = months[rng.randrange(max(1, len(months) - 1))]
    last = months[-1]
    return ReportingPlan(year, months, (returned_region, returned_month), (late_region, last), (awaiting_region, last))


@dataclass
class PeriodStep:
    region: str
    period: str
    step: str  # submission, approval, return
    key: str
    status: int | None = None
    answer: dict[str, Any] | None = None
    problem: dict[str, Any] | None = None
    replayed: bool = False

    @property
    def refused(self) -> bool:
        return self.problem is not None


@dataclass
class PeriodsResult:
    plan: ReportingPlan
    steps: list[PeriodStep] = field(default_factory=list)
    states: dict[tuple[str, str], str] = field(default_factory=dict)  # each period's state after the run
    problem: str | None = None  # why the workflow was not (wholly) recorded

    @property
    def refused(self) -> list[PeriodStep]:
        return [s for s in self.steps if s.refused]

    def count(self, state: str, *, province: bool = False) -> int:
        return sum(1 for (region, _), s in self.states.items() if s == state and (region == PROVINCE) == province)


async def period_states(client: httpx.AsyncClient, projection_url: str, year: int) -> dict[tuple[str, str], dict[str, Any]]:
    response = await client.get(f"{projection_url}/v1/periods", params={"year": year})
    response.raise_for_status()
    return {(p["region"], p["period"]): p for p in response.json()["periods"]}


class _Period:
    """One region's month, moved to the state the plan intends, one step at a time."""

    def __init__(self, run: "_Run", region: str, month: str, view: dict[str, Any]) -> None:
        self.run, self.region, self.month = run, region, month
        self.state, self.version = view.get("state", OPEN), view.get("version", 0)
        self.was_returned = view.get("returned_at") is not None

    def next_step(self, intent: str, resubmit: bool) -> str | None:
        if intent == OPEN or self.state == APPROVED:
            return None
        if self.region == PROVINCE:  # approved directly, once every division's month is
            return "approval"
        if resubmit or self.state in (OPEN, RETURNED, REOPENED):
            return "submission"
        if intent == SUBMITTED:
            return None
        if (self.region, self.month) == self.run.plan.returned and not self.was_returned:
            return "return"
        return "approval"

    async def advance(self) -> None:
        intent = self.run.plan.intent(self.region, self.month) if self.region != PROVINCE else APPROVED
        resubmit, resubmitted = False, False
        for _ in range(8):
            step = self.next_step(intent, resubmit)
            if step is None:
                break
            body = {"reason": self.run.plan.return_reason()} if step == "return" else {}
            done = await self.run.send(self.region, self.month, step, self.version, body)
            if done.answer is not None:
                self.state, self.version = done.answer["state"], done.answer["version"]
                self.was_returned |= step == "return"
                resubmit = False
                continue
            if step == "approval" and done.status == 409 and (done.problem or {}).get("changes") and not resubmitted:
                # the figures changed since the submission (a record came in meanwhile): the region submits again
                self.run.steps.remove(done)
                resubmit, resubmitted = True, True
                continue
            break
        self.run.states[(self.region, self.month)] = self.state


@dataclass
class _Run:
    client: httpx.AsyncClient
    url: str
    plan: ReportingPlan
    key_prefix: str
    policy: RetryPolicy
    steps: list[PeriodStep] = field(default_factory=list)
    states: dict[tuple[str, str], str] = field(default_factory=dict)

    async def send(self, region: str, month: str, step: str, version: int, body: dict[str, Any]) -> PeriodStep:
        key = f"{self.key_prefix}:period:{region}/{month}@{version}:{step}"
        done = PeriodStep(region, month, step, key)
        self.steps.append(done)
        response = await post(self.client, f"{self.url}/v1/periods/{region}/{month}/{step}", body, key, self.policy)
        done.status = response.status_code
        if response.is_success:
            done.answer = response.json()
            done.replayed = response.headers.get("Idempotent-Replayed") == "true"
        else:
            try:
                done.problem = response.json()
            except ValueError:
                done.problem = {"status": response.status_code, "detail": response.text[:500]}
        return done


async def record_periods(
    client: httpx.AsyncClient,
    projection_url: str,
    plan: ReportingPlan,
    *,
    key_prefix: str,
    concurrency: int = 4,
    policy: RetryPolicy = RetryPolicy(),
    on_done: Callable[[PeriodStep], None] = lambda step: None,
) -> PeriodsResult:
    """Month by month: every division's steps (a few regions at a time), then the province's approval."""
    url = projection_url.rstrip("/")
    result = PeriodsResult(plan)
    if not plan.months:
        return result
    views = await period_states(client, url, plan.year)
    run = _Run(client, url, plan, key_prefix, policy)
    limit = asyncio.Semaphore(max(1, concurrency))

    async def one(region: str, month: str) -> None:
        async with limit:
            sent = len(run.steps)
            await _Period(run, region, month, views.get((region, month), {})).advance()
            for step in run.steps[sent:]:
                on_done(step)

    for month in plan.months:
        await asyncio.gather(*(one(region, month) for region in REGIONS))
        if plan.province_approves(month) and all(run.states.get((r, month)) == APPROVED for r in REGIONS):
            await one(PROVINCE, month)
        else:
            run.states[(PROVINCE, month)] = views.get((PROVINCE, month), {}).get("state", OPEN)
    result.steps, result.states = run.steps, run.states
    return result


async def wait_for_projection(client: httpx.AsyncClient, urls: dict[str, str], projection_url: str,
                              timeout: float = 300.0) -> None:
    """Until the projection has applied every event the command services hold now (`/v1/status` with a
    `consistency_token` of each service's head position). Raises TimeoutError, or httpx.HTTPStatusError when
    the projection refuses the read."""
    heads = []
    for service, url in urls.items():
        response = await client.get(f"{url.rstrip('/')}/v1/events", params={"after": 0, "limit": 1})
        response.raise_for_status()
        head = response.json().get("head", 0)
        if head:
            heads.append(f"{service}:{head}")
    if not heads:
        return
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        response = await client.get(f"{projection_url.rstrip('/')}/v1/status", params={"consistency_token": ",".join(heads)})
        if response.status_code != 503:
            response.raise_for_status()
            return
        if loop.time() > deadline:
            raise TimeoutError(f"the projection had not applied the demo's records after {timeout:g} s")
        await asyncio.sleep(0.5)
