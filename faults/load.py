"""A bounded load on every command service: records of several kinds and changes to them, at a steady rate.

Each write is sent until it is acknowledged: a refused connection, a reset, a timeout, a 5xx or a 409 (a
concurrent write got there first) is retried after a short pause with the same Idempotency-Key, body and
correlation id, on the next replica of the service. A retry after a commit whose answer was lost gets the stored
answer replayed; a retry after a 409 (nothing was stored) is decided afresh; either way the write is recorded
once. Any other 4xx rejects the write: the checks count it as a failure, since every body is valid. A share of
the acknowledged writes is sent once more, as by a client whose answer was lost: the answer must be the stored
one, replayed, and nothing new recorded.
"""

from __future__ import annotations

import asyncio
import random
import time

import httpx

from faults.bodies import BY_NAME, KINDS, Kind
from faults.ledger import Ledger, Write
from faults.system import System

RETRYABLE = {409, 429, 500, 502, 503, 504}
REQUEST_TIMEOUT = 10.0


class Load:
    def __init__(self, system: System, ledger: Ledger, *, seed: int, rate: float, workers: int,
                 resend_share: float = 0.05, give_up_after: float = 120.0) -> None:
        self.system = system
        self.ledger = ledger
        self.rng = random.Random(seed)
        self.rate = rate
        self.workers = workers
        self.resend_share = resend_share
        self.give_up_after = give_up_after
        self.stopping = asyncio.Event()
        self._next_start = 0.0
        self._weights = [k.weight for k in KINDS]

    # -- what to write next --------------------------------------------------------------------------------
    def _choose(self) -> tuple[Kind, str | None]:
        while True:
            kind = self.rng.choices(KINDS, self._weights)[0]
            if kind.changes is not None:
                target = self.ledger.take(kind.changes, self.rng)
                if target is not None:
                    return kind, target
            elif kind.refers_to is not None:
                named = self.ledger.pick(kind.refers_to, self.rng)
                if named is not None:
                    return kind, named
                return BY_NAME[kind.refers_to], None  # nothing to name yet: create it first
            else:
                return kind, None

    def next_write(self) -> Write:
        kind, target = self._choose()
        number = len(self.ledger.writes)
        body = kind.body(number, self.rng, target)
        return self.ledger.new(kind, body, target if kind.changes is not None else None)

    # -- sending -------------------------------------------------------------------------------------------
    async def answer(self, client: httpx.AsyncClient, write: Write) -> httpx.Response | None:
        """Send the write until a 201 comes back; None when it is rejected or `give_up_after` has passed."""
        urls = self.system.urls(write.service)
        began = time.monotonic()
        pause = 0.05
        while time.monotonic() - began < self.give_up_after:
            url = urls[(write.number + write.attempts) % len(urls)]
            write.attempts += 1
            try:
                response = await client.post(
                    url + write.path, json=write.body,
                    headers={"Idempotency-Key": write.key, "X-Correlation-ID": write.correlation_id},
                )
            except httpx.HTTPError as exc:
                write.failures[type(exc).__name__] += 1
            else:
                if response.status_code == 201:
                    return response
                if response.status_code not in RETRYABLE:
                    write.rejected = f"{response.status_code}: {response.text[:300]}"
                    return None
                write.failures[str(response.status_code)] += 1
            await asyncio.sleep(pause * (0.5 + self.rng.random()))
            pause = min(pause * 2, 1.0)
        return None

    async def send(self, client: httpx.AsyncClient, write: Write) -> None:
        """Until acknowledged; then, for a share of writes, once more, as a client that lost the answer would."""
        response = await self.answer(client, write)
        if response is None:
            return
        self.ledger.acknowledge(write, response.json(), response.headers.get("x-request-id"),
                                response.headers.get("idempotent-replayed") == "true")
        if self.rng.random() >= self.resend_share:
            return
        write.resent = True
        again = await self.answer(client, write)
        if again is None:
            write.resend_differs = write.rejected or "never answered"
            write.rejected = None  # the write itself was acknowledged
        elif again.json() != write.answer:
            write.resend_differs = f"answered {again.text[:200]}"
        elif again.headers.get("idempotent-replayed") != "true":
            write.resend_differs = "answered as a new write, not as a replay of the stored answer"

    async def _worker(self, client: httpx.AsyncClient) -> None:
        while not self.stopping.is_set():
            now = time.monotonic()
            start = max(self._next_start, now)
            self._next_start = start + 1.0 / self.rate
            if start > now:
                await asyncio.sleep(start - now)
                if self.stopping.is_set():
                    return
            await self.send(client, self.next_write())

    async def run(self) -> None:
        """Write until `stopping` is set; writes in flight then go on until acknowledged."""
        headers = self.system.auth()
        limits = httpx.Limits(max_connections=self.workers * 2, max_keepalive_connections=self.workers * 2)
        async with httpx.AsyncClient(headers=headers, limits=limits, timeout=REQUEST_TIMEOUT) as client:
            self._next_start = time.monotonic()
            await asyncio.gather(*(self._worker(client) for _ in range(self.workers)))

    def stop(self) -> None:
        self.stopping.set()
