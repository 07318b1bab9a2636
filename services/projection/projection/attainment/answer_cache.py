"""The attainment answer, kept per process and keyed by the query and the events applied, with ETag and 304.

An answer is a function of the query (year, area, the day counted to, an explicit `known_at`), the reader's
region (which centers its detail names) and the events the database holds. The events applied are named
exactly by one small query: per source, the cursor (every position up to it is applied; 0 for a source
without one) and how many events above it are applied too (out of order, across partitions). Applied events are only ever added, so two equal
readings mean the same set, and the same answer; any other process applying events (another worker, another
replica) changes the reading, since it is read from the database before each answer. The reading comes first
and the answer after, so a kept answer is never older than its key.

A kept answer is given again with `known_at` set to this request's moment when the query did not name one
(nothing was applied in between, so the figures counted at that moment are the same). Every answer carries
a weak ETag naming the key; `If-None-Match` with it gets 304 and no body.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from datetime import datetime
from typing import Any, Awaitable, Callable, Hashable

from fastapi import FastAPI, Request, Response
from sqlalchemy import text

from kernel.auth import Principal
from kernel.domain.dates import today

MAX_ANSWERS = 256  # per process; an answer is a few tens of kB

# per source holding applied events (found by walking the (source, position) index, one probe a source):
# its cursor and how many applied events lie above it
_APPLIED = text("""
WITH RECURSIVE sources(source) AS (
    (SELECT source FROM projection_applied_events ORDER BY source LIMIT 1)
    UNION ALL
    SELECT (SELECT a.source FROM projection_applied_events AS a WHERE a.source > s.source ORDER BY a.source LIMIT 1)
    FROM sources AS s WHERE s.source IS NOT NULL
)
SELECT s.source, coalesce(c.position, 0) AS position,
       (SELECT count(*) FROM projection_applied_events AS a
        WHERE a.source = s.source AND a.position > coalesce(c.position, 0)) AS above
FROM sources AS s LEFT JOIN projection_source_cursors AS c ON c.source = s.source
WHERE s.source IS NOT NULL ORDER BY s.source
""")


def etag_matches(header: str | None, etag: str) -> bool:
    """RFC 9110's weak comparison of If-None-Match against one entity tag."""
    if not header:
        return False
    wanted = etag.removeprefix("W/")
    for candidate in header.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == wanted:
            return True
    return False


class AnswerCache:
    def __init__(self, size: int = MAX_ANSWERS) -> None:
        self.size = size
        self.answers: OrderedDict[Hashable, Any] = OrderedDict()
        self.hits = self.misses = 0

    @staticmethod
    def of(app: FastAPI) -> "AnswerCache":
        cache = getattr(app.state, "attainment_answers", None)
        if cache is None:
            cache = app.state.attainment_answers = AnswerCache()
        return cache

    async def applied(self, request: Request) -> tuple:
        async with request.app.state.engine.connect() as conn:
            return tuple(tuple(row) for row in await conn.execute(_APPLIED))

    async def serve(self, request: Request, reader: Principal, query: tuple, now: datetime | None,
                    compute: Callable[[], Awaitable[Any]]) -> Response:
        """`query`: what the answer depends on besides the reader, the day and the events; `now`: this request's
        moment when the query named no `known_at` (a kept answer is given with it), else None."""
        key = (query, reader.region, today(), await self.applied(request))
        etag = 'W/"' + hashlib.blake2b(repr(key).encode(), digest_size=12).hexdigest() + '"'
        headers = {"ETag": etag, "Cache-Control": "private, no-cache", "Vary": "Authorization"}
        if etag_matches(request.headers.get("if-none-match"), etag):
            self.hits += 1
            return Response(status_code=304, headers=headers)
        answer = self.answers.get(key)
        if answer is None:
            self.misses += 1
            answer = await compute()
            self.answers[key] = answer
            while len(self.answers) > self.size:
                self.answers.popitem(last=False)
        else:
            self.hits += 1
            self.answers.move_to_end(key)
            if now is not None:
                answer = answer.model_copy(update={"known_at": now})
        return Response(answer.model_dump_json(), media_type="application/json", headers=headers)
