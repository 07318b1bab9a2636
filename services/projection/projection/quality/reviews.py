"""Marking a flag reviewed: an event in the projection's own event store, like the reporting periods.

One aggregate per flag (`quality-flag-<rule>:<record>`); `FlagReviewed` carries the note, its actor is the
token subject (the event's metadata) and its moment the time the store recorded it. A reviewed flag leaves the
open list for every `known_at` from that moment on. A flag is reviewed once (a second review is a 409); the
record it names may go on being flagged by the rule, reviewed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from kernel.aggregate import AggregateType
from kernel.events import DomainEvent
from kernel.problems import Problem


class FlagReviewed(DomainEvent, source="projection"):
    flag_id: str
    rule: str
    region: str | None
    note: str


@dataclass(frozen=True)
class FlagReview:
    flag_id: str | None = None
    region: str | None = None
    reviewed: bool = False
    version: int = 0


def apply(state: FlagReview, event: DomainEvent) -> FlagReview:
    if isinstance(event, FlagReviewed):
        return replace(state, flag_id=event.flag_id, region=event.region, reviewed=True, version=state.version + 1)
    return replace(state, version=state.version + 1)


REVIEWS = AggregateType[FlagReview](name="quality-flag", initial=FlagReview, apply=apply, region_of=lambda s: s.region)


def decide_review(state: FlagReview, flag: dict[str, Any], note: str) -> list[DomainEvent]:
    if state.reviewed:
        raise Problem(409, "conflict", f"标记 {flag['id']} 已复核；the flag {flag['id']} is already reviewed", flag_id=flag["id"])
    return [FlagReviewed(flag_id=flag["id"], rule=flag["rule"]["id"], region=flag["record"]["region"], note=note)]


_REVIEWS = text(
    "SELECT data, metadata, recorded_at FROM events WHERE stream_type = 'quality-flag' AND recorded_at <= :known_at "
    "ORDER BY recorded_at"
)


async def reviews(conn: AsyncConnection, known_at: datetime) -> dict[str, dict[str, Any]]:
    """Each flag reviewed by `known_at`: its note, actor and moment."""
    out = {}
    for row in await conn.execute(_REVIEWS, {"known_at": known_at}):
        out.setdefault(row.data["flag_id"], {"note": row.data["note"], "actor": (row.metadata or {}).get("actor"),
                                             "reviewed_at": row.recorded_at})
    return out
