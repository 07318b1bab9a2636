"""The faults of a run, in order: each process killed with SIGKILL and started again, one at a time, then all.

The enforcement replica that is publishing (the relay's leader) is found from the replicas' own counters of
events published, sampled while the load writes; killing it leaves the other replica to take over. After each
restart the suite waits until the projection has applied every write acknowledged up to the restart, and
records how long that took.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections import Counter
from dataclasses import dataclass
from typing import Awaitable, Callable

import httpx

from faults.catchup import catch_up
from faults.ledger import Ledger
from faults.processes import ServiceProcess
from faults.system import COMMAND_SERVICES, System

_PUBLISHED = re.compile(r"^relay_published_total(?:\{[^}]*\})?\s+(\S+)$", re.M)


@dataclass
class Fault:
    name: str
    components: tuple[str, ...]  # what was killed, for the count of kills survived
    kill: Callable[[], Awaitable[None]]
    restart: Callable[[], Awaitable[None]]


@dataclass
class Outcome:
    name: str
    components: tuple[str, ...]
    down_seconds: float
    restart_seconds: float = 0.0
    catch_up_seconds: float | None = None
    error: str | None = None

    @property
    def survived(self) -> bool:
        return self.error is None and self.catch_up_seconds is not None


async def published(client: httpx.AsyncClient, replica: ServiceProcess) -> float:
    try:
        body = (await client.get(f"{replica.url}/metrics")).text
    except httpx.HTTPError:
        return 0.0
    return sum(float(v) for v in _PUBLISHED.findall(body))


async def relay_leader(replicas: list[ServiceProcess], timeout: float = 10.0) -> ServiceProcess:
    """The replica whose relay publishes now: its counter moves while the load writes; the others' stay."""
    async with httpx.AsyncClient(timeout=2.0) as client:
        before = [await published(client, r) for r in replicas]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            await asyncio.sleep(0.5)
            moved = [await published(client, r) - b for r, b in zip(replicas, before)]
            if max(moved) > 0:
                return replicas[moved.index(max(moved))]
    raise RuntimeError("no enforcement replica published anything while the load was writing")


class Faults:
    def __init__(self, system: System, ledger: Ledger, *, seed: int, rounds: int, pause: float,
                 down: tuple[float, float], catch_up_timeout: float) -> None:
        self.system = system
        self.ledger = ledger
        self.rng = random.Random(seed)
        self.rounds = rounds
        self.pause = pause
        self.down = down
        self.catch_up_timeout = catch_up_timeout
        self.outcomes: list[Outcome] = []
        self.leader_kills: list[str] = []  # which replica led the relay at each kill

    # -- the faults ------------------------------------------------------------------------------------------
    def _service(self, service: str) -> Fault:
        replicas = self.system.commands[service]
        if len(replicas) == 1:
            only = replicas[0]
            return Fault(service, (service,), only.kill, only.start)
        chosen: dict[str, ServiceProcess] = {}

        async def kill_leader() -> None:
            leader = await relay_leader(replicas)
            chosen["leader"] = leader
            self.leader_kills.append(leader.name)
            await leader.kill()

        async def restart_leader() -> None:
            await chosen["leader"].start()

        return Fault(f"{service} relay leader", (f"{service} relay leader",), kill_leader, restart_leader)

    def _every_replica(self, service: str) -> Fault:
        replicas = self.system.commands[service]

        async def kill() -> None:
            await asyncio.gather(*(r.kill() for r in replicas))

        return Fault(f"{service} (every replica)", (service,), kill, lambda: self.system.start_processes(replicas))

    def _projection(self) -> Fault:
        projection = self.system.projection
        assert projection is not None
        return Fault("projection", ("projection",), projection.kill, projection.start)

    def _broker(self) -> Fault:
        broker = self.system.broker
        assert broker is not None
        return Fault("broker", ("broker",), broker.kill, broker.start)

    def _postgres(self) -> Fault:
        postgres = self.system.postgres
        assert postgres is not None
        return Fault("postgresql", ("postgresql",), postgres.kill, postgres.start)

    def _everything(self) -> Fault:
        system = self.system
        assert system.postgres is not None and system.broker is not None and system.projection is not None
        processes = [*system.services, system.projection]

        async def kill() -> None:
            await asyncio.gather(*(p.kill() for p in processes), system.broker.kill(), system.postgres.kill())

        async def restart() -> None:
            await system.postgres.start()
            await system.broker.start()
            await system.start_processes(processes)

        names = (*COMMAND_SERVICES, "projection", "broker", "postgresql")
        return Fault("everything at once", names, kill, restart)

    def plan(self) -> list[Fault]:
        one_round = [self._service(s) for s in COMMAND_SERVICES]
        one_round += [self._projection(), self._broker(), self._postgres()]
        faults: list[Fault] = []
        for n in range(self.rounds):
            faults += one_round
            if n > 0:  # later rounds also take a whole service with several replicas away
                faults += [self._every_replica(s) for s in COMMAND_SERVICES if len(self.system.commands[s]) > 1]
        return [*faults, self._everything()]

    # -- running them --------------------------------------------------------------------------------------
    async def inflict(self, fault: Fault) -> Outcome:
        down = self.rng.uniform(*self.down)
        outcome = Outcome(fault.name, fault.components, round(down, 2))
        try:
            crashed = await self.system.recover()
            if crashed:  # a crash the suite did not cause
                outcome.error = f"not running before this fault: {', '.join(crashed)}"
            await fault.kill()
            await asyncio.sleep(down)
            began = time.monotonic()
            await fault.restart()
            restarted = time.monotonic()
            outcome.restart_seconds = restarted - began
            outcome.catch_up_seconds = await catch_up(self.system, self.ledger, restarted, self.catch_up_timeout)
            if outcome.catch_up_seconds is None:
                outcome.error = f"the projection did not catch up within {self.catch_up_timeout:.0f}s"
        except Exception as exc:
            outcome.error = f"{type(exc).__name__}: {exc}"[:300]
            await self.system.recover()  # so that the run can go on, settle and be checked
        return outcome

    async def run(self, on_outcome: Callable[[Outcome], None] = lambda o: None) -> list[Outcome]:
        for fault in self.plan():
            await asyncio.sleep(self.pause)
            outcome = await self.inflict(fault)
            self.outcomes.append(outcome)
            on_outcome(outcome)
        return self.outcomes

    def survived(self) -> Counter:
        kills: Counter = Counter()
        for outcome in self.outcomes:
            if outcome.survived:
                kills.update(outcome.components)
        return kills
