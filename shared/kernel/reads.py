"""Reading an aggregate's current state outside a command: fold its stream."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncEngine

from kernel.aggregate import AggregateType
from kernel.eventstore.store import EventStore

S = TypeVar("S")


async def load_state(engine: AsyncEngine, aggregate: AggregateType[S], key: str) -> tuple[S, int]:
    async with engine.connect() as conn:
        stored = await EventStore.load(conn, aggregate.stream_id(key))
    return aggregate.fold(e.domain_event() for e in stored), (stored[-1].version if stored else 0)


async def list_states(engine: AsyncEngine, aggregate: AggregateType[S], *, after: str = "", limit: int = 100) -> list[tuple[S, int]]:
    """A page of one aggregate type's instances in key order, after the key `after`, each with its version."""
    async with engine.connect() as conn:
        stream_ids = await EventStore.stream_ids(conn, aggregate.name, limit=limit, after=aggregate.stream_id(after) if after else "")
        stored = await EventStore.load_many(conn, stream_ids)
    return [(aggregate.fold(e.domain_event() for e in stored[s]), stored[s][-1].version) for s in stream_ids if stored.get(s)]
