"""Sends the planned writes: a few at a time, each after the writes it waits for, retried with the same key.

A write whose answer is 4xx (other than a 409 the service says to retry) is refused: it is reported, never
resent, and the writes that wait for it are skipped. A 401 or 403 stops the run: no other write could pass.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

import httpx
import orjson

from ipo_clients.demo.plan import Step, resolve
from ipo_clients.problems import problem_text
from ipo_clients.retrying import RetryPolicy, should_retry

FATAL = (401, 403)


@dataclass
class Outcome:
    step: Step
    status: int | None = None  # the last answer's status; None when nothing was sent
    answer: dict[str, Any] | None = None
    replayed: bool = False  # the service already held this write (Idempotency-Key seen before)
    problem: dict[str, Any] | None = None
    skipped: bool = False  # not sent: a write it waits for was refused, or the run stopped

    @property
    def recorded(self) -> bool:
        return self.answer is not None

    @property
    def refused(self) -> bool:
        return self.problem is not None and not self.skipped


class Stopped(Exception):
    """The services refuse the token: nothing can be recorded."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(problem_text(outcome.problem))
        self.outcome = outcome


def _problem_of(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {"status": response.status_code, "title": response.reason_phrase, "detail": response.text[:500]}
    return body if isinstance(body, dict) else {"status": response.status_code, "detail": str(body)[:500]}


async def post(client: httpx.AsyncClient, url: str, body: dict[str, Any], key: str, policy: RetryPolicy) -> httpx.Response:
    """POST with the same Idempotency-Key until an answer that is final; raises the last transport error."""
    content = orjson.dumps(body)
    headers = {"Idempotency-Key": key, "Content-Type": "application/json"}
    for attempt in range(1, policy.attempts + 1):
        try:
            response = await client.post(url, content=content, headers=headers)
        except httpx.TransportError:
            if attempt == policy.attempts:
                raise
            await asyncio.sleep(policy.wait(attempt))
            continue
        if attempt < policy.attempts and should_retry(response):
            await asyncio.sleep(policy.wait(attempt, response))
            continue
        return response
    raise AssertionError("unreachable")


async def send_steps(
    steps: list[Step],
    *,
    client: httpx.AsyncClient,
    urls: dict[str, str],
    key_for: Callable[[Step], str],
    concurrency: int = 4,
    policy: RetryPolicy = RetryPolicy(),
    on_done: Callable[[Outcome], None] = lambda outcome: None,
    before_late: Callable[[], Awaitable[None]] | None = None,
) -> list[Outcome]:
    """Every step's outcome, in the steps' order. Raises Stopped when the token is refused.

    `before_late`, when given, runs once every write not recorded late has its outcome, before the first write
    recorded late (补录) is sent (the demo's reporting workflow goes there)."""
    done: dict[int, asyncio.Future[Outcome]] = {s.index: asyncio.get_running_loop().create_future() for s in steps}
    answers: dict[int, dict[str, Any]] = {}  # by the step's seq: what a Ref reads
    queue = iter(steps)
    stopped: list[Outcome] = []
    gate: list[asyncio.Task] = []

    async def pass_gate() -> None:
        await asyncio.gather(*(done[s.index] for s in steps if not s.late))
        if not stopped:
            await before_late()

    async def one(step: Step) -> Outcome:
        if step.late and before_late is not None:
            if not gate:
                gate.append(asyncio.ensure_future(pass_gate()))
            await asyncio.shield(gate[0])
        waited = [await done[n] for n in step.needs]
        if stopped or any(not w.recorded for w in waited):
            blocker = next((w for w in waited if not w.recorded), None)
            why = f"waits for write {blocker.step.index} ({blocker.step.what}), which was not recorded" if blocker else "the run stopped"
            return Outcome(step, skipped=True, problem={"detail": why})
        path = step.path.format(*(answers[r.seq][r.field] for r in step.targets))
        url = urls[step.service].rstrip("/") + path
        try:
            response = await post(client, url, resolve(step.body, answers), key_for(step), policy)
        except httpx.TransportError as exc:
            return Outcome(step, problem={"title": "the service could not be reached", "detail": f"{type(exc).__name__}: {exc} ({url})"})
        if response.is_success:
            answer = response.json()
            answers[step.seq] = answer
            return Outcome(step, response.status_code, answer, replayed=response.headers.get("Idempotent-Replayed") == "true")
        return Outcome(step, response.status_code, problem=_problem_of(response))

    async def worker() -> None:
        for step in queue:
            try:
                outcome = await one(step)
            except Exception as exc:  # an answer the client cannot read: reported, never fatal to the others
                outcome = Outcome(step, problem={"title": "unexpected answer", "detail": f"{type(exc).__name__}: {exc}"})
            if outcome.status in FATAL and not stopped:
                stopped.append(outcome)
            done[step.index].set_result(outcome)
            on_done(outcome)

    await asyncio.gather(*(worker() for _ in range(max(1, concurrency))))
    if before_late is not None and not gate and not stopped:  # nothing recorded late: the gate still runs, last
        await before_late()
    if stopped:
        raise Stopped(stopped[0])
    return [done[s.index].result() for s in steps]
