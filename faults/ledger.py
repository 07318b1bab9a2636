"""The load generator's own record of what it asked for and what was acknowledged, kept apart from the system.

Every write has an Idempotency-Key and a correlation id of its own, fixed before the first attempt and sent
unchanged on every retry, with the same body. A write is acknowledged by its first 201 answer; the answer's id
and stream version, and the request id of the answer (when it was not a replay of a stored answer), are kept
so that the stores can be checked against them.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from faults.bodies import Kind


@dataclass
class Write:
    number: int
    kind: Kind
    key: str
    path: str
    body: dict[str, Any]
    correlation_id: str
    target: str | None = None  # the record a change acts on
    attempts: int = 0
    failures: Counter = field(default_factory=Counter)  # what the unacknowledged attempts met
    answer: dict[str, Any] | None = None
    request_id: str | None = None  # of the acknowledging answer, when it was not a replay
    replayed: bool = False
    acknowledged_at: float | None = None  # time.monotonic()
    rejected: str | None = None  # a 4xx that retrying cannot change: the write is wrong, or the system is
    resent: bool = False  # sent again after its 201, as by a client that lost the answer
    resend_differs: str | None = None  # how the second answer differed from the first, if it did

    @property
    def service(self) -> str:
        return self.kind.service

    @property
    def acknowledged(self) -> bool:
        return self.answer is not None

    @property
    def record_id(self) -> str:
        assert self.answer is not None
        return str(self.answer[self.kind.answer_id])

    @property
    def stream_version(self) -> int:
        assert self.answer is not None
        return int(self.answer["stream_version"])


@dataclass
class Ledger:
    run: str
    writes: list[Write] = field(default_factory=list)
    # records created and acknowledged, by kind: what later writes may name or change
    created: dict[str, list[str]] = field(default_factory=dict)

    def new(self, kind: Kind, body: dict[str, Any], target: str | None) -> Write:
        number = len(self.writes)
        key = f"{self.run}-{kind.service}-{number}"
        write = Write(number, kind, key, kind.url_path(target), body, correlation_id=f"faults-{key}", target=target)
        self.writes.append(write)
        return write

    def acknowledge(self, write: Write, answer: dict[str, Any], request_id: str | None, replayed: bool) -> None:
        write.answer = answer
        write.request_id = None if replayed else request_id
        write.replayed = replayed
        write.acknowledged_at = time.monotonic()
        if write.kind.changes is None:
            self.created.setdefault(write.kind.name, []).append(write.record_id)

    def take(self, kind_name: str, rng: random.Random) -> str | None:
        """An acknowledged record of this kind to change; it is not offered again."""
        pool = self.created.get(kind_name) or []
        if not pool:
            return None
        return pool.pop(rng.randrange(len(pool)))

    def pick(self, kind_name: str, rng: random.Random) -> str | None:
        """An acknowledged record of this kind to name (it stays available)."""
        pool = self.created.get(kind_name) or []
        return rng.choice(pool) if pool else None

    # -- figures -------------------------------------------------------------------------------------------
    def acknowledged(self, before: float | None = None) -> list[Write]:
        return [w for w in self.writes if w.acknowledged and (before is None or w.acknowledged_at <= before)]

    def unacknowledged(self) -> list[Write]:
        return [w for w in self.writes if not w.acknowledged]

    def retried(self) -> list[Write]:
        return [w for w in self.writes if w.attempts > 1]

    def failures(self) -> Counter:
        total: Counter = Counter()
        for write in self.writes:
            total.update(write.failures)
        return total
