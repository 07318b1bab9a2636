"""On-site services (measure 4): each service, how many private enterprises it reached, and its retraction."""

from __future__ import annotations

from datetime import date
from typing import Sequence

from sqlalchemy import delete, text
from sqlalchemy.ext.asyncio import AsyncConnection

from kernel.projection.bulk import arrays, insert_many
from kernel.projection.received import ReceivedEvent
from projection.attainment import summaries
from projection.readmodels.tables import onsite_services as table

RECORDED = "enforcement.OnsiteServiceRecorded.v1"
RETRACTED = "enforcement.OnsiteServiceRetracted.v1"
COLUMNS = ("service_id", "center_id", "region", "occurred_on", "enterprises", "private_enterprises", "recorded_at")

# a service is retracted once: a second retraction would not move the moment it stopped counting
_RETRACT = text(
    "UPDATE rm_onsite_services AS t SET retracted_at = r.at "
    "FROM unnest(CAST(:sid AS text[]), CAST(:at AS timestamptz[])) AS r(sid, at) "
    "WHERE t.service_id = r.sid AND t.retracted_at IS NULL RETURNING t.*"
)


class OnsiteServices:
    name = "onsite_services"
    event_types = frozenset({RECORDED, RETRACTED})

    async def apply_batch(self, conn: AsyncConnection, events: Sequence[ReceivedEvent]) -> None:
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
        inserted: list = []
        if recorded:
            new = set((await conn.execute(insert_many(table, COLUMNS, returning="service_id"), arrays(recorded, COLUMNS))).scalars())
            inserted = recorded if len(new) == len(recorded) else [r for r in recorded if r["service_id"] in new]
        retractions: dict[str, object] = {}
        for e in events:
            if e.type == RETRACTED:
                retractions.setdefault(e.data["service_id"], e.recorded_at)
        retracted: list = []
        if retractions:
            retracted = (await conn.execute(_RETRACT, {"sid": list(retractions), "at": list(retractions.values())})).mappings().all()
        await summaries.count_services(conn, inserted, retracted)

    apply = apply_batch

    async def clear(self, conn: AsyncConnection) -> None:
        await conn.execute(delete(table))
        await summaries.clear(conn, ["T04"])
