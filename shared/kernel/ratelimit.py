"""A per-token request budget (token bucket): a runaway client gets 429 problems with Retry-After.

The budget is per process; with N replicas behind a proxy a client may get up to N times the rate.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from kernel.problems import Problem


@dataclass
class RateLimiter:
    per_second: float
    burst: float
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)  # subject -> (tokens, at)

    def take(self, subject: str, now: float | None = None) -> None:
        if self.per_second <= 0:
            return
        now = time.monotonic() if now is None else now
        tokens, at = self._buckets.get(subject, (self.burst, now))
        tokens = min(self.burst, tokens + (now - at) * self.per_second)
        if tokens < 1:
            wait = math.ceil((1 - tokens) / self.per_second)
            raise Problem(
                429, "rate-limited", f"more than {self.per_second:g} requests a second for this token; retry in {wait}s",
                headers={"Retry-After": str(wait)},
            )
        self._buckets[subject] = (tokens - 1, now)
        if len(self._buckets) > 100_000:  # forget idle clients
            self._buckets = {s: v for s, v in self._buckets.items() if now - v[1] < 60}
