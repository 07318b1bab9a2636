"""Activity facts of every measure (the indicators' source): one row per counted thing, kept bitemporally.

Each row keeps when it was recorded and, once its record is retracted or its figure replaced, when that was
recorded, so the indicators can be answered for any `known_at`; `occurred_on` answers `as_of`.
"""

from __future__ import annotations

from typing import Sequence

from sqlalchemy import (BigInteger, Boolean, Column, Date, DateTime, Float, Index, MetaData, SmallInteger, Table, Text,
                        bindparam, delete, select, update)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from kernel.projection.received import ReceivedEvent
from projection.indicators.facts import EVENT_TYPES, read

metadata = MetaData()

activity_facts = Table(
    "rm_activity_facts",
    metadata,
    Column("fact_id", Text, primary_key=True),  # source:stream:version:n, so a fact is written once
    Column("record_id", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("measure", SmallInteger, nullable=False),
    Column("region", Text, nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("uscc", Text),
    Column("private", Boolean),
    Column("category", Text),
    Column("amount", BigInteger),
    Column("value", Float),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("retracted_at", DateTime(timezone=True)),
    Index("ix_rm_activity_facts_kind_day", "kind", "occurred_on"),
    Index("ix_rm_activity_facts_record", "record_id"),
)

_RETRACT = (
    update(activity_facts)
    .where(activity_facts.c.record_id == bindparam("rec"), activity_facts.c.retracted_at.is_(None))
    .values(retracted_at=bindparam("at"))
)


class ActivityFacts:
    name = "activity_facts"
    event_types = EVENT_TYPES

    async def apply(self, conn: AsyncConnection, events: Sequence[ReceivedEvent]) -> None:
        pending: list[dict] = []

        async def flush() -> None:
            if pending:
                await conn.execute(insert(activity_facts).on_conflict_do_nothing(), pending)
                pending.clear()

        for event in events:
            reading = read(event)
            ended = reading.retracts + reading.replaces
            if ended:
                await flush()
                await conn.execute(_RETRACT, [{"rec": r, "at": event.recorded_at} for r in ended])
            for n, fact in enumerate(reading.facts):
                region = fact.region
                if region is None:
                    await flush()
                    region = (await conn.execute(
                        select(activity_facts.c.region).where(activity_facts.c.record_id == fact.record_id).limit(1)
                    )).scalar()
                    if region is None:
                        continue  # the record's first event has not been applied: nothing to place this fact in
                pending.append({
                    "fact_id": f"{event.source}:{event.stream_id}:{event.version}:{n}", "record_id": fact.record_id,
                    "kind": fact.kind, "measure": fact.measure, "region": region, "occurred_on": fact.occurred_on,
                    "uscc": fact.uscc, "private": fact.private, "category": fact.category, "amount": fact.amount,
                    "value": fact.value, "recorded_at": event.recorded_at, "retracted_at": None,
                })
        await flush()

    async def clear(self, conn: AsyncConnection) -> None:
        await conn.execute(delete(activity_facts))
