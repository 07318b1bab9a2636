"""Activity facts of every measure (the indicators' source): one row per counted thing, kept bitemporally.

Each row keeps when it was recorded and, once its record is retracted or its figure replaced, when that was
recorded, so the indicators can be answered for any `known_at`; `occurred_on` answers `as_of`.
"""

from __future__ import annotations

from typing import Sequence

from sqlalchemy import BigInteger, Boolean, Column, Date, DateTime, Float, Index, MetaData, SmallInteger, Table, Text, delete, text
from sqlalchemy.ext.asyncio import AsyncConnection

from kernel.projection.bulk import arrays, insert_many
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

COLUMNS = ("fact_id", "record_id", "kind", "measure", "region", "occurred_on", "uscc", "private", "category", "amount",
           "value", "recorded_at", "retracted_at")

# facts of earlier batches that a retraction or a replacement ends (each record's first ending in the batch)
_RETRACT = text(
    "UPDATE rm_activity_facts AS t SET retracted_at = r.at "
    "FROM unnest(CAST(:rec AS text[]), CAST(:at AS timestamptz[])) AS r(rec, at) "
    "WHERE t.record_id = r.rec AND t.retracted_at IS NULL"
)
_REGIONS = text(
    "SELECT DISTINCT ON (record_id) record_id, region FROM rm_activity_facts "
    "WHERE record_id = ANY(CAST(:recs AS text[])) ORDER BY record_id"
)


class ActivityFacts:
    name = "activity_facts"
    event_types = EVENT_TYPES

    async def apply_batch(self, conn: AsyncConnection, events: Sequence[ReceivedEvent]) -> None:
        """The batch in one pass, as if event by event: a fact ended by a later event of the batch is inserted
        already ended; facts of earlier batches are ended by one update (before the insert, so that it cannot
        touch this batch's facts); a fact that does not repeat its region takes the region of its record's
        earlier facts, from this batch or from the table."""
        pending: list[dict] = []
        open_facts: dict[str, list[dict]] = {}  # record id -> its facts in `pending` not ended yet
        ended_before: dict[str, object] = {}  # record id -> the first moment the batch ends its earlier facts
        regions: dict[str, str] = {}  # record id -> the region of its first fact in the batch
        unplaced: list[tuple[dict, str]] = []  # facts whose region is their record's earlier region
        for event in events:
            reading = read(event)
            for record in (*reading.retracts, *reading.replaces):
                for fact in open_facts.pop(record, ()):
                    fact["retracted_at"] = event.recorded_at
                ended_before.setdefault(record, event.recorded_at)
            for n, fact in enumerate(reading.facts):
                row = {
                    "fact_id": f"{event.source}:{event.stream_id}:{event.version}:{n}", "record_id": fact.record_id,
                    "kind": fact.kind, "measure": fact.measure, "region": fact.region, "occurred_on": fact.occurred_on,
                    "uscc": fact.uscc, "private": fact.private, "category": fact.category, "amount": fact.amount,
                    "value": fact.value, "recorded_at": event.recorded_at, "retracted_at": None,
                }
                if fact.region is None:
                    if fact.record_id in regions:
                        row["region"] = regions[fact.record_id]
                    else:
                        unplaced.append((row, fact.record_id))
                else:
                    regions.setdefault(fact.record_id, fact.region)
                pending.append(row)
                open_facts.setdefault(fact.record_id, []).append(row)
        if unplaced:
            found = {r.record_id: r.region for r in await conn.execute(_REGIONS, {"recs": sorted({rec for _, rec in unplaced})})}
            for row, record in unplaced:
                row["region"] = found.get(record)
            # the record's first fact has not been applied: nothing to place this fact in
            pending = [row for row in pending if row["region"] is not None]
        if ended_before:
            await conn.execute(_RETRACT, {"rec": list(ended_before), "at": list(ended_before.values())})
        if pending:
            await conn.execute(insert_many(activity_facts, COLUMNS), arrays(pending, COLUMNS))

    apply = apply_batch

    async def clear(self, conn: AsyncConnection) -> None:
        await conn.execute(delete(activity_facts))
