"""Delivers the stored notifications: a signed POST each, retried with exponential backoff and jitter.

Claiming is a short transaction: due notifications are locked with FOR UPDATE SKIP LOCKED (so replicas never
take the same one), their attempt is counted and their next attempt pushed past a lease, and the lock is
released before any request is sent. A sender that dies mid-request leaves the notification to be claimed
again when the lease ends; the receiver sees the same `webhook-id` and can ignore the repeat. The outcome is
recorded only by the claim that made the attempt (matched on the attempt count).

Each attempt resolves the URL's host once, checks every address (see `addresses`), and connects to a checked
address: the URL and the `Host` header keep the name, and so does TLS (the server name sent and the certificate
verified). A fresh connection per attempt, so no connection opened for one name carries another name's request.

A subscription's claimed notifications are sent one after the other, in the order they were stored (a period's
submission before its approval); different subscriptions' at the same time. The order holds while the receiver
answers: a retried notification may arrive after a later one, so each body says when (`timestamp`, and a
period step its `version`).

A 2xx answer delivers. Anything else (another status, a timeout, a refused connection, a non-public address
when those are refused) is a failed attempt: the next one waits base x 2^(attempt-1) seconds, capped, times a
random factor between 0.5 and 1; after the last allowed attempt the notification is marked failed.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass
from typing import Any

import httpx
import structlog
from prometheus_client import Counter
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from projection.webhooks import signing
from projection.webhooks.addresses import Destination, Network, Refusal, destination

log = structlog.get_logger()

DELIVERIES = Counter("webhook_deliveries_total", "Webhook delivery attempts by outcome", ["outcome"])

BATCH = 16  # notifications claimed, and sent concurrently, at a time
LEASE_MARGIN_SECONDS = 30.0  # a claim outlives the request timeout by this much before another may retry
KEEP_DAYS = 30  # delivered and failed notifications are kept this long for operators
PRUNE_EVERY_SECONDS = 3600.0
ERROR_CHARS = 500
USER_AGENT = "hubei-ipo-projection-webhooks/1"

_CLAIM = text(
    """
    WITH due AS (
        SELECT id FROM webhooks.notifications
        WHERE state = 'pending' AND next_attempt_at <= now()
        ORDER BY next_attempt_at, created_at
        LIMIT :limit
        FOR UPDATE SKIP LOCKED
    )
    UPDATE webhooks.notifications n
    SET attempts = n.attempts + 1, last_attempt_at = now(), next_attempt_at = now() + make_interval(secs => :lease)
    FROM due, webhooks.subscriptions s
    WHERE n.id = due.id AND s.id = n.subscription_id
    RETURNING n.id, n.subscription_id, n.created_at, n.attempts, n.payload, s.url, s.secret
    """
)
_DELIVERED = text(
    """
    UPDATE webhooks.notifications SET state = 'delivered', delivered_at = now(), last_status_code = :code
    WHERE id = :id AND attempts = :attempts AND state = 'pending'
    """
)
_FAILED = text(
    """
    UPDATE webhooks.notifications
    SET state = CASE WHEN attempts >= :max_attempts THEN 'failed' ELSE 'pending' END,
        next_attempt_at = now() + make_interval(secs => :delay), last_status_code = :code, last_error = :error
    WHERE id = :id AND attempts = :attempts AND state = 'pending'
    RETURNING state
    """
)
_PRUNE = text(
    "DELETE FROM webhooks.notifications WHERE state <> 'pending' AND created_at < now() - make_interval(days => :days)"
)


async def claim(conn: AsyncConnection, limit: int, lease: float) -> list[Any]:
    """Due notifications, locked for this transaction and skipped by any other claim while it lasts; each one's
    attempt is counted and its next attempt pushed `lease` seconds away."""
    return list(await conn.execute(_CLAIM, {"limit": limit, "lease": lease}))


def by_subscription(claimed: list[Any]) -> list[list[Any]]:
    """The claimed notifications per subscription, each subscription's in the order they were stored."""
    groups: dict[Any, list[Any]] = {}
    for row in sorted(claimed, key=lambda r: (r.created_at, str(r.id))):
        groups.setdefault(row.subscription_id, []).append(row)
    return list(groups.values())


def backoff(attempt: int, base: float, cap: float) -> float:
    """The wait after failed attempt number `attempt` (1 for the first)."""
    delay = min(cap, base * 2 ** min(attempt - 1, 60))
    return delay * random.uniform(0.5, 1.0)


@dataclass(frozen=True)
class Outcome:
    delivered: bool
    status_code: int | None = None
    error: str | None = None


@dataclass(frozen=True)
class Policy:
    timeout: float
    max_attempts: int
    retry_base: float
    retry_max: float
    refuse_private: bool
    allowed: tuple[Network, ...] = ()  # private networks that may be delivered to


def _pinned(url: httpx.URL, address: str) -> tuple[httpx.URL, dict[str, str], dict[str, str]]:
    """The request to `address` for `url`: the name stays in the Host header and in TLS."""
    extensions = {"sni_hostname": url.raw_host.decode("ascii")} if url.scheme == "https" else {}
    return url.copy_with(host=address), {"host": url.netloc.decode("ascii")}, extensions


async def _send(client: httpx.AsyncClient, url: str, target: Destination, headers: dict[str, str], body: bytes) -> Outcome:
    original = httpx.URL(url)
    for n, address in enumerate(target.addresses):
        pinned, host, extensions = _pinned(original, address)
        try:
            async with client.stream("POST", pinned, content=body, headers={**headers, **host}, extensions=extensions) as response:
                if 200 <= response.status_code < 300:
                    return Outcome(True, response.status_code)
                excerpt = b""
                async for chunk in response.aiter_bytes():
                    excerpt += chunk
                    if len(excerpt) >= ERROR_CHARS:
                        break
                text_excerpt = excerpt[:ERROR_CHARS].decode("utf-8", "replace").strip()
                error = f"answered {response.status_code}" + (f": {text_excerpt}" if text_excerpt else "")
                return Outcome(False, response.status_code, error)
        except httpx.ConnectError:
            if n + 1 == len(target.addresses):
                raise  # else the next checked address
    raise AssertionError("a destination has at least one address")


async def post(client: httpx.AsyncClient, url: str, secret: str, message_id: str, body: bytes, policy: Policy) -> Outcome:
    """One attempt: the outcome, never an exception for what the receiver does."""
    headers = {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        **signing.headers(secret, message_id, int(time.time()), body),
    }
    try:
        async with asyncio.timeout(policy.timeout):
            target = await destination(url, check=policy.refuse_private, allowed=policy.allowed)
            if isinstance(target, Refusal):  # a name that does not resolve is not refused, it is not found
                return Outcome(False, error=(f"refused: {target}" if target.private else str(target))[:ERROR_CHARS])
            return await _send(client, url, target, headers, body)
    except TimeoutError:
        return Outcome(False, error=f"no answer within {policy.timeout:g}s")
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        return Outcome(False, error=f"{type(exc).__name__}: {exc}"[:ERROR_CHARS])


def new_client(timeout: float, **options: Any) -> httpx.AsyncClient:
    """The sender's client: no redirects followed, no connection kept between attempts (see the module's doc)."""
    return httpx.AsyncClient(
        follow_redirects=False, timeout=httpx.Timeout(timeout), limits=httpx.Limits(max_keepalive_connections=0), **options,
    )


class Sender:
    """The background task that claims due notifications and delivers them."""

    def __init__(self, engine: AsyncEngine, policy: Policy, interval: float) -> None:
        self.engine = engine
        self.policy = policy
        self.interval = interval
        self.error: str | None = None
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None
        self._client: httpx.AsyncClient | None = None

    def wake(self) -> None:
        self._wake.set()

    async def start(self) -> None:
        self._client = new_client(self.policy.timeout)
        self._task = asyncio.create_task(self._run(), name="webhook-sender")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self._client:
            await self._client.aclose()

    async def _run(self) -> None:
        last_prune = float("-inf")
        while True:
            claimed: list[Any] = []
            try:
                claimed = await self._claim()
                await asyncio.gather(*(self._deliver_in_order(rows) for rows in by_subscription(claimed)))
                if time.monotonic() - last_prune >= PRUNE_EVERY_SECONDS:
                    async with self.engine.begin() as conn:
                        await conn.execute(_PRUNE, {"days": KEEP_DAYS})
                    last_prune = time.monotonic()
                self.error = None
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database went away: try again later
                self.error = repr(exc)
                log.exception("webhook sender pass failed")
            if len(claimed) == BATCH:
                continue  # more may be due
            try:
                await asyncio.wait_for(self._wake.wait(), self.interval)
            except TimeoutError:
                pass
            self._wake.clear()

    async def _claim(self) -> list[Any]:
        async with self.engine.begin() as conn:
            return await claim(conn, BATCH, self.policy.timeout + LEASE_MARGIN_SECONDS)

    async def _deliver_in_order(self, rows: list[Any]) -> None:
        for row in rows:
            await self._deliver(row)

    async def _deliver(self, row: Any) -> None:
        assert self._client is not None
        outcome = await post(self._client, row.url, row.secret, str(row.id), row.payload.encode(), self.policy)
        async with self.engine.begin() as conn:
            if outcome.delivered:
                await conn.execute(_DELIVERED, {"id": row.id, "attempts": row.attempts, "code": outcome.status_code})
                DELIVERIES.labels("delivered").inc()
                return
            state = (await conn.execute(_FAILED, {
                "id": row.id, "attempts": row.attempts, "max_attempts": self.policy.max_attempts,
                "delay": backoff(row.attempts, self.policy.retry_base, self.policy.retry_max),
                "code": outcome.status_code, "error": outcome.error,
            })).scalar()
        DELIVERIES.labels("failed" if state == "failed" else "retry").inc()
        if state == "failed":
            log.warning("webhook notification failed for good", notification=str(row.id), attempts=row.attempts, error=outcome.error)
