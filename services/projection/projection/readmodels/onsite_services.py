"""On-site services (measure 4): each service, how many private enterprises it reached, and its retraction."""

from __future__ import annotations

from datetime import date
from typing import Sequence

from sqlalchemy import bindparam, delete, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from kernel.projection.received import ReceivedEvent
from projection.readmodels.tables import onsite_services as table

RECORDED = "enforcement.OnsiteServiceRecorded.v1"
RETRACTED = "enforcement.OnsiteServiceRetracted.v1"


class OnsiteServices:
    name = "onsite_services"
    event_types = frozenset({RECORDED, RETRACTED})

    async def apply(self, conn: AsyncConnection, events: Sequence[ReceivedEvent]) -> None:
        recorded = [
            {
                "service_id": e.data["service_id"],
                "center_id": e.data["center_id"],
                "region": e.data["region"],
                "occurred_on": date.fromisoformat(e.data["occurred_on"]),
                "enterprises": len(e.data["enterprises"]),
                "private_enterprises": sum(1 for x in e.data["enterprises"] if x["ownership"] == "private"),
                "recorded_at": e.recorded_at,
            }
            for e in events if e.type == RECORDED
        ]
        if recorded:
            await conn.execute(insert(table).on_conflict_do_nothing(), recorded)
        retracted = [{"sid": e.data["service_id"], "at": e.recorded_at} for e in events if e.type == RETRACTED]
        if retracted:
            await conn.execute(
                update(table).where(table.c.service_id == bindparam("sid")).values(retracted_at=bindparam("at")), retracted
            )

    async def clear(self, conn: AsyncConnection) -> None:
        await conn.execute(delete(table))
