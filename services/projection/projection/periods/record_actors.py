"""Who recorded each record a target counts, and its retraction: the actor a restatement names.

One row per event of the records the targets read (on-site services and the six yearly targets' records), with
the token subject the envelope carries. Rebuilt from the feeds like every read model.
"""

from __future__ import annotations

from typing import Sequence

from sqlalchemy import Column, DateTime, Integer, MetaData, Table, Text, delete
from sqlalchemy.ext.asyncio import AsyncConnection

from kernel.projection.bulk import arrays, insert_many
from kernel.projection.received import ReceivedEvent
from projection.readmodels.onsite_services import RECORDED, RETRACTED
from projection.readmodels.target_briefings import TargetBriefings
from projection.readmodels.target_examiner_visits import TargetExaminerVisits
from projection.readmodels.target_matchmaking_events import TargetMatchmakingEvents
from projection.readmodels.target_pledge_projects import TargetPledgeProjects
from projection.readmodels.target_recognitions import TargetRecognitions
from projection.readmodels.target_trainings import TargetTrainings

metadata = MetaData()

record_actors = Table(
    "rm_record_actors",
    metadata,
    Column("source", Text, primary_key=True),
    Column("stream_id", Text, primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("type", Text, nullable=False),
    Column("record_id", Text, nullable=False),
    Column("actor", Text),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)
COLUMNS = ("source", "stream_id", "version", "type", "record_id", "actor", "recorded_at")

# table -> (id column, kind, the event recording a row, the event retracting it, id field in both events)
TARGET_RECORDS = {
    "rm_onsite_services": ("service_id", "onsite-service", RECORDED, RETRACTED, "service_id"),
    **{model.table.name: ("record_id", model.table.name.removeprefix("rm_target_").replace("_", "-").removesuffix("s"),
                          model.recorded, model.retracted, model.id_field)
       for model in (TargetPledgeProjects, TargetMatchmakingEvents, TargetRecognitions, TargetBriefings,
                     TargetExaminerVisits, TargetTrainings)},
}
ID_FIELDS = {t: spec[4] for spec in TARGET_RECORDS.values() for t in spec[2:4]}


class RecordActors:
    name = "record_actors"
    event_types = frozenset(ID_FIELDS)

    async def apply(self, conn: AsyncConnection, events: Sequence[ReceivedEvent]) -> None:
        rows = [{"source": e.source, "stream_id": e.stream_id, "version": e.version, "type": e.type,
                 "record_id": str(e.data[ID_FIELDS[e.type]]), "actor": e.actor, "recorded_at": e.recorded_at}
                for e in events if e.type in ID_FIELDS and ID_FIELDS[e.type] in e.data]
        if rows:
            await conn.execute(insert_many(record_actors, COLUMNS), arrays(rows, COLUMNS))

    async def clear(self, conn: AsyncConnection) -> None:
        await conn.execute(delete(record_actors))
