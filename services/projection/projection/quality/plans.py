"""The trainings' plans (measure 22): each training's days as planned, for the data-quality reads.

The target tables keep a training from its completion only, dated by its last day; the quality reads also need
the days of a training that was planned and not (yet) held, and how many days a held one ran. One row per
training from its plan (or, for a training recorded as held without a plan row, its completion, which repeats
the days). Whether it was completed, cancelled or retracted, and when that was recorded, is in the activity
facts (`training_completed`, `training_cancelled`, the planned fact ending).
"""

from __future__ import annotations

from datetime import date
from typing import Sequence

from sqlalchemy import Column, Date, DateTime, Index, MetaData, Table, Text, delete
from sqlalchemy.ext.asyncio import AsyncConnection

from kernel.projection.bulk import arrays, insert_many
from kernel.projection.received import ReceivedEvent

PLANNED = "training.TrainingPlanned.v1"
COMPLETED = "training.TrainingCompleted.v1"

metadata = MetaData()

training_plans = Table(
    "rm_training_plans",
    metadata,
    Column("training_id", Text, primary_key=True),
    Column("region", Text, nullable=False),
    Column("format", Text, nullable=False),
    Column("audience", Text, nullable=False),
    Column("title", Text),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Index("ix_rm_training_plans_ends", "ends_on"),
)
COLUMNS = ("training_id", "region", "format", "audience", "title", "starts_on", "ends_on", "recorded_at")


class TrainingPlans:
    name = "training_plans"
    event_types = frozenset({PLANNED, COMPLETED})

    async def apply(self, conn: AsyncConnection, events: Sequence[ReceivedEvent]) -> None:
        rows = {}
        for e in events:  # the plan first; a completion only fills in a training that has no row
            d = e.data
            if d["training_id"] in rows:
                continue
            rows[d["training_id"]] = {
                "training_id": d["training_id"], "region": d["region"], "format": d["format"], "audience": d["audience"],
                "title": d.get("title"), "starts_on": date.fromisoformat(d["starts_on"]),
                "ends_on": date.fromisoformat(d["ends_on"]), "recorded_at": e.recorded_at,
            }
        if rows:
            await conn.execute(insert_many(training_plans, COLUMNS), arrays(list(rows.values()), COLUMNS))

    apply_batch = apply

    async def clear(self, conn: AsyncConnection) -> None:
        await conn.execute(delete(training_plans))
