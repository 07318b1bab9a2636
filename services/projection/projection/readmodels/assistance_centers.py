"""Assistance centers (measure 4): when each registered and closed, and when each fact was recorded."""

from __future__ import annotations

from datetime import date
from typing import Sequence

from sqlalchemy import delete, text
from sqlalchemy.ext.asyncio import AsyncConnection

from kernel.projection.bulk import arrays, insert_many
from kernel.projection.received import ReceivedEvent
from projection.readmodels.tables import assistance_centers as table

REGISTERED = "enforcement.AssistanceCenterRegistered.v1"
CLOSED = "enforcement.AssistanceCenterClosed.v1"
COLUMNS = ("center_id", "name", "region", "registered_on", "registered_at")

_CLOSE = text(
    "UPDATE rm_assistance_centers AS t SET closed_on = c.closed_on, closed_at = c.closed_at "
    "FROM unnest(CAST(:center_id AS text[]), CAST(:closed_on AS date[]), CAST(:closed_at AS timestamptz[])) "
    "AS c(center_id, closed_on, closed_at) WHERE t.center_id = c.center_id"
)


class AssistanceCenters:
    name = "assistance_centers"
    event_types = frozenset({REGISTERED, CLOSED})

    async def apply_batch(self, conn: AsyncConnection, events: Sequence[ReceivedEvent]) -> None:
        registered = [
            {"center_id": e.data["center_id"], "name": e.data["name"], "region": e.data["region"],
             "registered_on": date.fromisoformat(e.data["registered_on"]), "registered_at": e.recorded_at}
            for e in events if e.type == REGISTERED
        ]
        if registered:
            await conn.execute(insert_many(table, COLUMNS), arrays(registered, COLUMNS))
        closed: dict[str, tuple[date, object]] = {}  # center -> its latest closure in the batch
        for e in events:
            if e.type == CLOSED:
                closed[e.data["center_id"]] = (date.fromisoformat(e.data["closed_on"]), e.recorded_at)
        if closed:
            await conn.execute(_CLOSE, {"center_id": list(closed), "closed_on": [c[0] for c in closed.values()],
                                        "closed_at": [c[1] for c in closed.values()]})

    apply = apply_batch

    async def clear(self, conn: AsyncConnection) -> None:
        await conn.execute(delete(table))
