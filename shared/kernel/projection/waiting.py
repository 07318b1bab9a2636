"""A projection read that waits for the caller's own writes: `?consistency_token=` (see `kernel.projection.consistency`).

`awaits_writes` is a dependency for a projection's read routers (given once, to the router): without the
parameter it does nothing; with it, the read is answered once the projection's database holds everything the
token names, or, past `consistency_wait_seconds`, with a 503 problem naming the parameter and `Retry-After`.

The check is made against the database, so it is right whichever replica applied the events. It is made
again whenever this process's projector commits a batch (an asyncio wake-up, no polling), and every
`consistency_poll_seconds` as well, for events another replica applies. A waiting read holds no database
connection between checks.
"""

from __future__ import annotations

import asyncio
import math
from contextlib import suppress
from typing import Annotated

from fastapi import Query, Request
from sqlalchemy.ext.asyncio import AsyncEngine

from kernel.auth import Reader
from kernel.i18n import Bilingual
from kernel.projection.consistency import MAX_LENGTH, PATTERN, Awaited, TokenRefused, applied, parse_token
from kernel.projection.projector import Projector
from kernel.problems import Problem

PARAMETER = "consistency_token"
DESCRIPTION = (
    "读己之写：写入答复的 `Consistency-Token` 头（批量导入：答复的 `consistency_token`）。投影应用其所指事件后才作答，"
    "最多等待 `PROJECTION_CONSISTENCY_WAIT_SECONDS`（默认 2 秒），逾时答 503 并带 `Retry-After`。"
    "Read your writes: the `Consistency-Token` header of a write's answer (a bulk import's `consistency_token`); "
    "several joined by commas. The read answers once the projection has applied what it names, waiting at most "
    "PROJECTION_CONSISTENCY_WAIT_SECONDS (2 s by default), then 503 with Retry-After. Items are "
    "`service:stream@version` or `service:position` (every event of the service up to that position)."
)
NOT_YET_APPLIED = {503: {"description": "The projection has not applied the writes `consistency_token` names within the wait; retry after Retry-After"}}


def _refused(message: Bilingual) -> Problem:
    return Problem(422, "validation-error", Bilingual(f"{PARAMETER}：{message.zh}", f"{PARAMETER}: {message.en}"),
                   errors=[{"field": PARAMETER, "in": "query", "message": message}])


def not_yet_applied(waited: float) -> Problem:
    return Problem(
        503, "not-yet-applied",
        Bilingual(f"等待 {waited:g} 秒后，投影仍未应用 {PARAMETER} 所指的写入；请于 Retry-After 秒后重试同一请求",
                  f"after {waited:g} s the projection has not yet applied the writes {PARAMETER} names; "
                  "send the same request again after Retry-After seconds"),
        errors=[{"field": PARAMETER, "in": "query", "message": Bilingual("尚未应用", "not applied yet")}],
        headers={"Retry-After": str(max(1, math.ceil(waited)))},
    )


async def _next_batch(projector: Projector | None, seen: int | None, timeout: float) -> None:
    """Until this process's projector commits a batch after `seen`, or `timeout` passes."""
    if projector is None or seen is None:
        await asyncio.sleep(timeout)
        return
    with suppress(TimeoutError):
        async with asyncio.timeout(timeout):
            async with projector.changed:
                await projector.changed.wait_for(lambda: projector.generation != seen)


async def wait_until_applied(engine: AsyncEngine, projector: Projector | None, awaited: Awaited, *,
                             timeout: float, poll: float) -> bool:
    """True once the database holds every awaited event; False when `timeout` passed first."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        seen = projector.generation if projector is not None else None  # before the check: a batch after it wakes us
        async with engine.connect() as conn:
            if await applied(conn, awaited):
                return True
        remaining = deadline - loop.time()
        if remaining <= 0:
            return False
        await _next_batch(projector, seen, min(poll, remaining))


async def awaits_writes(
    request: Request,
    _: Reader,  # the token first: an unauthenticated request is refused at once, never kept waiting
    consistency_token: Annotated[str | None, Query(max_length=MAX_LENGTH, pattern=PATTERN, description=DESCRIPTION)] = None,
) -> None:
    if consistency_token is None:
        return
    settings = request.app.state.settings
    try:
        awaited = parse_token(consistency_token, settings.sources)
    except TokenRefused as refused:
        raise _refused(refused.reason) from None
    projector = getattr(request.app.state, "projector", None)
    timeout = settings.consistency_wait_seconds
    if not await wait_until_applied(request.app.state.engine, projector, awaited, timeout=timeout,
                                    poll=settings.consistency_poll_seconds):
        raise not_yet_applied(timeout)
