"""Reading an aggregate's current state outside a command: fold its stream.

Both reads take the reader's principal: a record of another region than a region-limited token's is refused
(`load_state`, 403 naming both regions) or left out of the page (`list_states`). The region comes from the
aggregate type's `region_of`.
"""

from __future__ import annotations

from typing import Annotated, TypeVar

from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncEngine

from kernel.aggregate import AggregateType
from kernel.auth import Principal
from kernel.eventstore.store import EventStore

S = TypeVar("S")

# the field a list of records answers with, so a reader knows whether records were left out
LimitedToRegion = Annotated[str | None, Field(
    description="The token's region when it is limited to one: records of other regions are left out of the list "
    "(null: the token reads every region's records).",
    examples=[None, "420100"],
)]


async def load_state(engine: AsyncEngine, aggregate: AggregateType[S], key: str, reader: Principal) -> tuple[S, int]:
    """The instance's state and version (0 when never recorded); 403 when `reader` may not read its region."""
    async with engine.connect() as conn:
        stored = await EventStore.load(conn, aggregate.stream_id(key))
    state = aggregate.fold(e.domain_event() for e in stored)
    if stored and (region := aggregate.region_of(state)) is not None:
        reader.require_read_region(region)
    return state, (stored[-1].version if stored else 0)


async def list_states(
    engine: AsyncEngine, aggregate: AggregateType[S], reader: Principal, *, after: str = "", limit: int = 100
) -> tuple[list[tuple[S, int]], str | None]:
    """A page of one aggregate type's instances in key order, after the key `after`, each with its version, and
    the key to read on after (None on the last page). Instances `reader` may not read are left out of the page;
    the cursor still moves past them, so a page may hold fewer than `limit` and the next one goes on."""
    async with engine.connect() as conn:
        stream_ids = await EventStore.stream_ids(conn, aggregate.name, limit=limit, after=aggregate.stream_id(after) if after else "")
        stored = await EventStore.load_many(conn, stream_ids)
    page = []
    for stream_id in stream_ids:
        if not stored.get(stream_id):
            continue
        state = aggregate.fold(e.domain_event() for e in stored[stream_id])
        if reader.may_read(aggregate.region_of(state)):
            page.append((state, stored[stream_id][-1].version))
    next_after = aggregate.key_of(stream_ids[-1]) if len(stream_ids) == limit else None
    return page, next_after
