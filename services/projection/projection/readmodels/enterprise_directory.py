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

from typing import Any, Sequence

from sqlalchemy import Column, Date, DateTime, Index, MetaData, SmallInteger, Table, Text, delete, func, text
from sqlalchemy.ext.asyncio import AsyncConnection

from kernel.projection.bulk import arrays
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

# one row per enterprise of the batch (the batch's own records already folded into it, in order, by `_fold`):
# the name, ownership and region of the record with the latest (business date, recorded moment) win; a record
# without an ownership or region keeps the one known
_UPSERT_ENTERPRISES = text(
    """
    INSERT INTO rm_enterprises AS e (uscc, name, ownership, region, named_on, named_at, first_recorded_at)
    SELECT uscc, name, ownership, region, named_on, named_at, first_recorded_at FROM unnest(
        CAST(:uscc AS text[]), CAST(:name AS text[]), CAST(:ownership AS text[]), CAST(:region AS text[]),
        CAST(:named_on AS date[]), CAST(:named_at AS timestamptz[]), CAST(:first_recorded_at AS timestamptz[])
    ) AS v(uscc, name, ownership, region, named_on, named_at, first_recorded_at)
    ON CONFLICT (uscc) DO UPDATE SET
      name = CASE WHEN (excluded.named_on, excluded.named_at) >= (e.named_on, e.named_at) THEN excluded.name ELSE e.name END,
      ownership = CASE WHEN (excluded.named_on, excluded.named_at) >= (e.named_on, e.named_at)
                       THEN coalesce(excluded.ownership, e.ownership) ELSE coalesce(e.ownership, excluded.ownership) END,
      region = CASE WHEN (excluded.named_on, excluded.named_at) >= (e.named_on, e.named_at)
                    THEN coalesce(excluded.region, e.region) ELSE coalesce(e.region, excluded.region) END,
      named_on = greatest(e.named_on, excluded.named_on),
      named_at = CASE WHEN (excluded.named_on, excluded.named_at) >= (e.named_on, e.named_at) THEN excluded.named_at ELSE e.named_at END
    """
)
_UPSERT_MENTIONS = text(
    """
    INSERT INTO rm_enterprise_mentions AS m (record_id, uscc, measure, occurred_on, recorded_at, retracted_at)
    SELECT * FROM unnest(
        CAST(:record_id AS text[]), CAST(:uscc AS text[]), CAST(:measure AS smallint[]), CAST(:occurred_on AS date[]),
        CAST(:recorded_at AS timestamptz[]), CAST(:retracted_at AS timestamptz[])
    )
    ON CONFLICT (record_id, uscc) DO UPDATE SET occurred_on = greatest(m.occurred_on, excluded.occurred_on)
    """
)
# mentions of earlier batches that a retraction ends (each record's first retraction in the batch)
_RETRACT = text(
    "UPDATE rm_enterprise_mentions AS t SET retracted_at = r.at "
    "FROM unnest(CAST(:rec AS text[]), CAST(:at AS timestamptz[])) AS r(rec, at) "
    "WHERE t.record_id = r.rec AND t.retracted_at IS NULL"
)
ENTERPRISE_COLUMNS = ("uscc", "name", "ownership", "region", "named_on", "named_at", "first_recorded_at")
MENTION_COLUMNS = ("record_id", "uscc", "measure", "occurred_on", "recorded_at", "retracted_at")


def _fold(known: dict, named: dict) -> dict:
    """`named` (a later record) over `known`: the rule of `_UPSERT_ENTERPRISES`, for two records of one batch."""
    if (named["named_on"], named["named_at"]) >= (known["named_on"], known["named_at"]):
        return {**named, "ownership": named["ownership"] if named["ownership"] is not None else known["ownership"],
                "region": named["region"] if named["region"] is not None else known["region"],
                "named_on": max(known["named_on"], named["named_on"]), "first_recorded_at": known["first_recorded_at"]}
    return {**known, "ownership": known["ownership"] if known["ownership"] is not None else named["ownership"],
            "region": known["region"] if known["region"] is not None else named["region"]}


_REGIONS_OF_DIVISIONS = "420000"
_CONTAINERS = (dict, list)


def named_enterprises(data: Any, top: bool = True) -> list[dict]:
    """Every enterprise object in an event's data (depth first), and a credit-list entry's own entity."""
    found: list[dict] = []
    _collect(data, top, found)
    return found


def _collect(data: Any, top: bool, found: list[dict]) -> None:
    if isinstance(data, dict):
        if data.get("uscc") and data.get("name") and ("ownership" in data or (top and "listing_number" in data)):
            region = data.get("region")
            found.append({"uscc": data["uscc"], "name": data["name"], "ownership": data.get("ownership"),
                          "region": None if region == _REGIONS_OF_DIVISIONS else region})
        for key, value in data.items():
            if key != "infringer" and isinstance(value, _CONTAINERS):
                _collect(value, False, found)
    elif isinstance(data, list):
        for item in data:
            _collect(item, False, found)


class EnterpriseDirectory:
    name = "enterprise_directory"
    event_types = EVENT_TYPES

    async def apply_batch(self, conn: AsyncConnection, events: Sequence[ReceivedEvent]) -> None:
        """The batch as if event by event, with one upsert per table: each enterprise's records of the batch are
        folded in order into one row, each (record, enterprise) into one mention; a retraction ends the
        mentions of earlier batches by one update (run first, so it cannot touch this batch's mentions, which
        are inserted already ended when a later event of the batch retracts their record)."""
        named: dict[str, dict] = {}  # uscc -> the batch's records folded
        records: dict[tuple[str, str], dict] = {}  # (record, uscc) -> its mention
        open_mentions: dict[str, list[dict]] = {}  # record -> its mentions in `records` not ended yet
        ended_before: dict[str, object] = {}  # record id -> its first retraction in the batch
        for event in events:
            reading = read(event)
            for record in reading.retracts:
                ended_before.setdefault(record, event.recorded_at)
                for mention in open_mentions.pop(record, ()):
                    mention["retracted_at"] = event.recorded_at
            if not reading.facts:
                continue
            fact = reading.facts[0]
            found = {e["uscc"]: e for e in named_enterprises(event.data)}
            for code, e in found.items():
                row = {**e, "named_on": fact.occurred_on, "named_at": event.recorded_at, "first_recorded_at": event.recorded_at}
                named[code] = _fold(named[code], row) if code in named else row
                key = (fact.record_id, code)
                if key in records:
                    records[key]["occurred_on"] = max(records[key]["occurred_on"], fact.occurred_on)
                else:
                    records[key] = {"record_id": fact.record_id, "uscc": code, "measure": fact.measure,
                                    "occurred_on": fact.occurred_on, "recorded_at": event.recorded_at, "retracted_at": None}
                    open_mentions.setdefault(fact.record_id, []).append(records[key])
        if named:
            rows = list(named.values())
            await conn.execute(_UPSERT_ENTERPRISES, arrays(rows, ENTERPRISE_COLUMNS))
        if ended_before:
            await conn.execute(_RETRACT, {"rec": list(ended_before), "at": list(ended_before.values())})
        if records:
            await conn.execute(_UPSERT_MENTIONS, arrays(list(records.values()), MENTION_COLUMNS))

    apply = apply_batch

    async def clear(self, conn: AsyncConnection) -> None:
        await conn.execute(delete(mentions))
        await conn.execute(delete(enterprises))
