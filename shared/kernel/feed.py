"""The HTTP feed: a service's events in commit order, for systems without Kafka and for reconciliation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from kernel.auth import FeedReader
from kernel.eventstore.sequencer import assign_positions
from kernel.eventstore.store import EventStore
from kernel.events import CloudEvent

MAX_PAGE = 1000


class FeedPage(BaseModel):
    events: list[CloudEvent]
    after: int = Field(description="The position this page starts after.")
    next_after: int = Field(description="Pass this as `after` to read on; equals `after` when the page is empty.")
    head: int = Field(description="The last position assigned so far: the feed is complete up to here.")


def feed_router(service: str, path: str = "/v1/events") -> APIRouter:
    router = APIRouter(tags=["events"])

    @router.get(
        path,
        response_model=FeedPage,
        summary="Events in commit order (CloudEvents 1.0)",
        description="Positions are dense from 1 and appear only in order, so reading on from `next_after` never "
        "skips an event. `after=0` reads from the start. Needs the scope `feed:read` and a token without a region "
        "limit (the feed holds every region's records).",
    )
    async def read_feed(
        request: Request,
        _: FeedReader,
        after: Annotated[int, Query(ge=0, le=2**62, description="Read events after this position.")] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="At most this many events.")] = 100,
    ) -> FeedPage:
        engine = request.app.state.engine
        await assign_positions(engine, wait=True)  # read-your-writes: what was just committed is in the page
        async with engine.connect() as conn:
            page = await EventStore.read_after(conn, after, limit)
            head = await EventStore.head(conn)
        return FeedPage(
            events=[e.envelope(service) for e in page],
            after=after,
            next_after=page[-1].position if page else after,
            head=head,
        )

    return router
