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

# facts of earlier batches that retractions or replacements end, each at the first moment one of them covers
# it (a record ended whole, or the part of it of some kinds and dates: `kinds` is comma-separated)
_END = text(
    """
    UPDATE rm_activity_facts AS t SET retracted_at = e.at FROM (
        SELECT DISTINCT ON (f.fact_id) f.fact_id, r.at
        FROM unnest(CAST(:rec AS text[]), CAST(:kinds AS text[]), CAST(:since AS date[]), CAST(:until AS date[]),
                    CAST(:at AS timestamptz[])) AS r(rec, kinds, since, until, at)
        JOIN rm_activity_facts AS f ON f.record_id = r.rec AND f.retracted_at IS NULL
         AND (r.kinds IS NULL OR f.kind = ANY(string_to_array(r.kinds, ',')))
         AND (r.since IS NULL OR f.occurred_on >= r.since) AND (r.until IS NULL OR f.occurred_on <= r.until)
        ORDER BY f.fact_id, r.at
    ) AS e WHERE t.fact_id = e.fact_id
    """
)
# the region (and whether private) of each record's first fact, for a fact that does not repeat them
_REGIONS = text(
    "SELECT DISTINCT ON (record_id) record_id, region, private FROM rm_activity_facts "
    "WHERE record_id = ANY(CAST(:recs AS text[])) ORDER BY record_id, recorded_at, fact_id"
)


def _place(row: dict, region: str | None, private: bool | None) -> None:
    row["region"] = region
    if row["private"] is None:
        row["private"] = private


class ActivityFacts:
    name = "activity_facts"
    event_types = EVENT_TYPES

    async def apply_batch(self, conn: AsyncConnection, events: Sequence[ReceivedEvent]) -> None:
        """The batch in one pass, as if event by event: a fact ended by a later event of the batch is inserted
        already ended; facts of earlier batches are ended by one update (before the insert, so that it cannot
        touch this batch's facts); a fact that does not repeat its region takes the region (and, when it does
        not say, whether private) of its record's earlier facts, from this batch or from the table."""
        pending: list[dict] = []
        open_facts: dict[str, list[dict]] = {}  # record id -> its facts in `pending` not ended yet
        endings: list[dict] = []  # what the batch ends of earlier batches' facts, and when
        places: dict[str, tuple[str, bool | None]] = {}  # record id -> region and private of its first fact in the batch
        unplaced: list[tuple[dict, str]] = []  # facts whose region is their record's earlier region
        for event in events:
            reading = read(event)
            for ending in reading.endings():
                standing = open_facts.get(ending.record, [])
                for row in [r for r in standing if ending.covers(r["kind"], r["occurred_on"])]:
                    row["retracted_at"] = event.recorded_at
                    standing.remove(row)
                endings.append({"rec": ending.record, "kinds": ",".join(ending.kinds) if ending.kinds else None,
                                "since": ending.since, "until": ending.until, "at": event.recorded_at})
            for n, fact in enumerate(reading.facts):
                row = {
                    "fact_id": f"{event.source}:{event.stream_id}:{event.version}:{n}", "record_id": fact.record_id,
                    "kind": fact.kind, "measure": fact.measure, "region": fact.region, "occurred_on": fact.occurred_on,
                    "uscc": fact.uscc, "private": fact.private, "category": fact.category, "amount": fact.amount,
                    "value": fact.value, "recorded_at": event.recorded_at, "retracted_at": None,
                }
                if fact.region is None:
                    if fact.record_id in places:
                        _place(row, *places[fact.record_id])
                    else:
                        unplaced.append((row, fact.record_id))
                else:
                    places.setdefault(fact.record_id, (fact.region, fact.private))
                pending.append(row)
                open_facts.setdefault(fact.record_id, []).append(row)
        if unplaced:
            found = {r.record_id: (r.region, r.private)
                     for r in await conn.execute(_REGIONS, {"recs": sorted({rec for _, rec in unplaced})})}
            for row, record in unplaced:
                _place(row, *found.get(record, (None, None)))
            # the record's first fact has not been applied: nothing to place this fact in
            pending = [row for row in pending if row["region"] is not None]
        if endings:
            await conn.execute(_END, {k: [e[k] for e in endings] for k in ("rec", "kinds", "since", "until", "at")})
        if pending:
            await conn.execute(insert_many(activity_facts, COLUMNS), arrays(pending, COLUMNS))

    apply = apply_batch

    async def clear(self, conn: AsyncConnection) -> None:
        await conn.execute(delete(activity_facts))
