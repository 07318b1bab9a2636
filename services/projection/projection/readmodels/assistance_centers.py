"""Assistance centers (measure 4): when each registered and closed, and when each fact was recorded."""

from __future__ import annotations

from datetime import date
from typing import Sequence

from sqlalchemy import delete, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from kernel.projection.received import ReceivedEvent
from projection.readmodels.tables import assistance_centers as table

REGISTERED = "enforcement.AssistanceCenterRegistered.v1"
CLOSED = "enforcement.AssistanceCenterClosed.v1"


class AssistanceCenters:
    name = "assistance_centers"
    event_types = frozenset({REGISTERED, CLOSED})

    async def apply(self, conn: AsyncConnection, events: Sequence[ReceivedEvent]) -> None:
        registered = [
            {"center_id": e.data["center_id"], "name": e.data["name"], "region": e.data["region"],
             "registered_on": date.fromisoformat(e.data["registered_on"]), "registered_at": e.recorded_at}
            for e in events if e.type == REGISTERED
        ]
        if registered:
            await conn.execute(insert(table).on_conflict_do_nothing(), registered)
        for e in events:
            if e.type == CLOSED:
                await conn.execute(
                    update(table)
                    .where(table.c.center_id == e.data["center_id"])
                    .values(closed_on=date.fromisoformat(e.data["closed_on"]), closed_at=e.recorded_at)
                )

    async def clear(self, conn: AsyncConnection) -> None:
        await conn.execute(delete(table))
