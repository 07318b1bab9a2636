"""When a write may be sent again with the same Idempotency-Key, and how long to wait first.

The services store each key's answer, so resending after a lost connection, a 5xx, a 429 or a concurrency
conflict (409 whose problem says to retry) can never record a thing twice.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import httpx

RETRYABLE_TRANSPORT_ERRORS = (httpx.TransportError,)


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 6
    first_wait: float = 0.2
    longest_wait: float = 8.0

    def wait(self, attempt: int, response: httpx.Response | None = None) -> float:
        """Seconds before attempt number `attempt + 1` (attempt counts from 1)."""
        if response is not None:
            after = response.headers.get("Retry-After", "")
            if after.isdigit():
                return min(float(after), 60.0)
        backoff = min(self.longest_wait, self.first_wait * 2 ** (attempt - 1))
        return backoff * (0.5 + random.random() / 2)


def should_retry(response: httpx.Response) -> bool:
    """5xx and 429 always; 409 only when the service says the record changed under the request."""
    if response.status_code >= 500 or response.status_code == 429:
        return True
    if response.status_code == 409:
        try:
            detail = str(response.json().get("detail", ""))
        except ValueError:
            return False
        return "retry" in detail
    return False
