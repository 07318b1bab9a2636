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
