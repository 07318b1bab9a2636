"""The directory of enterprises (measure 20): every enterprise any event names, and each record that names it.

`rm_enterprises` holds one row per credit code with the latest name, ownership and region known (from the
record with the latest business date; a record that does not give the ownership keeps the one known).
`rm_enterprise_mentions` holds one row per record and enterprise, with the measure, the business date and,
once the record is retracted, when that was recorded.

An enterprise is named by an enterprise object (a dict with `uscc`, `name`, `ownership`) anywhere in the
event's data, or at the top level of a credit-list entry (`uscc`, `name`, `region`). A party known only by name,
or an infringer with a credit code but no ownership, is not an enterprise the office served and is left out.
"""

from __future__ import annotations

from typing import Any, Iterator, Sequence

from sqlalchemy import Column, Date, DateTime, Index, MetaData, SmallInteger, Table, Text, bindparam, delete, func, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from kernel.projection.received import ReceivedEvent
from projection.indicators.facts import EVENT_TYPES, read

metadata = MetaData()

enterprises = Table(
    "rm_enterprises",
    metadata,
    Column("uscc", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("ownership", Text),
    Column("region", Text),
    Column("named_on", Date, nullable=False),  # business date of the record the name comes from
    Column("named_at", DateTime(timezone=True), nullable=False),
    Column("first_recorded_at", DateTime(timezone=True), nullable=False),
    Index("ix_rm_enterprises_lower_name", func.lower(text("name"))),
    Index("ix_rm_enterprises_ownership_region", "ownership", "region"),
)

mentions = Table(
    "rm_enterprise_mentions",
    metadata,
    Column("record_id", Text, primary_key=True),
    Column("uscc", Text, primary_key=True),
    Column("measure", SmallInteger, nullable=False),
    Column("occurred_on", Date, nullable=False),  # the latest business date of the record's events
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("retracted_at", DateTime(timezone=True)),
    Index("ix_rm_enterprise_mentions_uscc", "uscc"),
)

_UPSERT_ENTERPRISE = """
INSERT INTO rm_enterprises AS e (uscc, name, ownership, region, named_on, named_at, first_recorded_at)
VALUES (:uscc, :name, :ownership, :region, :named_on, :named_at, :named_at)
ON CONFLICT (uscc) DO UPDATE SET
  name = CASE WHEN (excluded.named_on, excluded.named_at) >= (e.named_on, e.named_at) THEN excluded.name ELSE e.name END,
  ownership = CASE WHEN (excluded.named_on, excluded.named_at) >= (e.named_on, e.named_at)
                   THEN coalesce(excluded.ownership, e.ownership) ELSE coalesce(e.ownership, excluded.ownership) END,
  region = CASE WHEN (excluded.named_on, excluded.named_at) >= (e.named_on, e.named_at)
                THEN coalesce(excluded.region, e.region) ELSE coalesce(e.region, excluded.region) END,
  named_on = greatest(e.named_on, excluded.named_on),
  named_at = CASE WHEN (excluded.named_on, excluded.named_at) >= (e.named_on, e.named_at) THEN excluded.named_at ELSE e.named_at END
"""

_RETRACT = (
    update(mentions)
    .where(mentions.c.record_id == bindparam("rec"), mentions.c.retracted_at.is_(None))
    .values(retracted_at=bindparam("at"))
)

_REGIONS_OF_DIVISIONS = "420000"


def named_enterprises(data: Any, top: bool = True) -> Iterator[dict]:
    """Every enterprise object in an event's data (depth first), and a credit-list entry's own entity."""
    if isinstance(data, dict):
        if data.get("uscc") and data.get("name") and ("ownership" in data or (top and "listing_number" in data)):
            region = data.get("region")
            yield {"uscc": data["uscc"], "name": data["name"], "ownership": data.get("ownership"),
                   "region": None if region == _REGIONS_OF_DIVISIONS else region}
        for key, value in data.items():
            if key != "infringer" and isinstance(value, (dict, list)):
                yield from named_enterprises(value, top=False)
    elif isinstance(data, list):
        for item in data:
            yield from named_enterprises(item, top=False)


class EnterpriseDirectory:
    name = "enterprise_directory"
    event_types = EVENT_TYPES

    async def apply(self, conn: AsyncConnection, events: Sequence[ReceivedEvent]) -> None:
        named: list[dict] = []  # in event order: a later upsert sees the earlier ones
        records: dict[tuple[str, str], dict] = {}

        async def flush() -> None:
            if named:
                await conn.execute(text(_UPSERT_ENTERPRISE), named)
                named.clear()
            if records:
                stmt = insert(mentions)
                await conn.execute(stmt.on_conflict_do_update(
                    index_elements=[mentions.c.record_id, mentions.c.uscc],
                    set_={"occurred_on": func.greatest(mentions.c.occurred_on, stmt.excluded.occurred_on)},
                ), list(records.values()))
                records.clear()

        for event in events:
            reading = read(event)
            if reading.retracts:
                await flush()
                await conn.execute(_RETRACT, [{"rec": r, "at": event.recorded_at} for r in reading.retracts])
            if not reading.facts:
                continue
            fact = reading.facts[0]
            found = {e["uscc"]: e for e in named_enterprises(event.data)}
            for code, e in found.items():
                named.append({**e, "named_on": fact.occurred_on, "named_at": event.recorded_at})
                key = (fact.record_id, code)
                if key in records:
                    records[key]["occurred_on"] = max(records[key]["occurred_on"], fact.occurred_on)
                else:
                    records[key] = {"record_id": fact.record_id, "uscc": code, "measure": fact.measure,
                                    "occurred_on": fact.occurred_on, "recorded_at": event.recorded_at}
        await flush()

    async def clear(self, conn: AsyncConnection) -> None:
        await conn.execute(delete(mentions))
        await conn.execute(delete(enterprises))
