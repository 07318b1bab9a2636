"""The per-token request budget."""

import pytest

from kernel.problems import Problem
from kernel.ratelimit import RateLimiter


def test_a_burst_is_allowed_then_429_with_retry_after_then_refilled():
    limiter = RateLimiter(per_second=2, burst=3)
    for _ in range(3):
        limiter.take("a", now=100.0)
    with pytest.raises(Problem) as caught:
        limiter.take("a", now=100.0)
    assert caught.value.status == 429 and caught.value.headers["Retry-After"] == "1"
    limiter.take("b", now=100.0)  # another token has its own budget
    limiter.take("a", now=100.5)  # half a second refills one request


def test_zero_turns_it_off():
    limiter = RateLimiter(per_second=0, burst=0)
    for _ in range(1000):
        limiter.take("a")


async def test_a_service_answers_429_problems(start_service, client_for):
    enforcement = await start_service("enforcement", rate_limit_per_second=1, rate_limit_burst=2)
    client = client_for(enforcement)
    statuses = [(await client.get("/v1/events")).status_code for _ in range(4)]
    assert statuses[:2] == [200, 200] and statuses[-1] == 429
    limited = await client.get("/v1/events")
    assert limited.headers["content-type"] == "application/problem+json" and int(limited.headers["Retry-After"]) >= 1
