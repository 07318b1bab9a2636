"""The directory of enterprises (measure 20): every enterprise any event names, and each record that names it.

`rm_enterprises` holds one row per credit code with its name, ownership and region as first recorded: the
name of the first record that names it, the ownership and region of the first that gives them (a credit-list
entry gives neither). A later record that says otherwise does not rewrite them, from whichever region it
comes: it keeps its own claim (each record's figures count by the ownership it carries), and
`rm_enterprise_claims` keeps every distinct claim (name, ownership, region) made about the enterprise, with
the first record that made it and how many events did, so the contradicting ones can be shown. "First" is the
order of recording (the moment, then the source and its position), so the rows are the same whatever order the
sources' events arrive in. `rm_enterprise_mentions` holds one row per record and enterprise, with the measure,
the business date and, once the record is retracted, when that was recorded.

An enterprise is named by an enterprise object (a dict with `uscc`, `name`, `ownership`) anywhere in the
event's data, or at the top level of a credit-list entry (`uscc`, `name`, `region`). A party known only by name,
or an infringer with a credit code but no ownership, is not an enterprise the office served and is left out.
"""

from __future__ import annotations

from typing import Any, Sequence

from sqlalchemy import BigInteger, Column, Date, DateTime, Index, Integer, MetaData, SmallInteger, Table, Text, delete, func, text
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

claims = Table(
    "rm_enterprise_claims",
    metadata,
    Column("uscc", Text, primary_key=True),
    Column("name", Text, primary_key=True),
    Column("ownership", Text, primary_key=True),  # '' when the record gives none
    Column("region", Text, primary_key=True),  # '' when the record gives none
    Column("first_recorded_at", DateTime(timezone=True), nullable=False),
    Column("first_source", Text, nullable=False),
    Column("first_position", BigInteger, nullable=False),
    Column("first_record_id", Text, nullable=False),
    Column("first_occurred_on", Date, nullable=False),
    Column("events", Integer, nullable=False),
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

# the batch's claims, one row per distinct claim (folded by `_earlier`): the first record making it stays
_EARLIER = "(excluded.first_recorded_at, excluded.first_source, excluded.first_position) < (c.first_recorded_at, c.first_source, c.first_position)"
_UPSERT_CLAIMS = text(
    f"""
    INSERT INTO rm_enterprise_claims AS c (uscc, name, ownership, region, first_recorded_at, first_source, first_position,
                                           first_record_id, first_occurred_on, events)
    SELECT * FROM unnest(
        CAST(:uscc AS text[]), CAST(:name AS text[]), CAST(:ownership AS text[]), CAST(:region AS text[]),
        CAST(:first_recorded_at AS timestamptz[]), CAST(:first_source AS text[]), CAST(:first_position AS bigint[]),
        CAST(:first_record_id AS text[]), CAST(:first_occurred_on AS date[]), CAST(:events AS integer[])
    )
    ON CONFLICT (uscc, name, ownership, region) DO UPDATE SET
      events = c.events + excluded.events,
      {", ".join(f"{col} = CASE WHEN {_EARLIER} THEN excluded.{col} ELSE c.{col} END" for col in (
          "first_recorded_at", "first_source", "first_position", "first_record_id", "first_occurred_on"))}
    """
)
# the enterprises the batch named, from all their claims: the first name, the first ownership and region given
_FIRST = "ORDER BY first_recorded_at, first_source, first_position, name, ownership, region"
_UPSERT_ENTERPRISES = text(
    f"""
    INSERT INTO rm_enterprises AS e (uscc, name, ownership, region, named_on, named_at, first_recorded_at)
    SELECT uscc,
           (array_agg(name {_FIRST}))[1],
           (array_agg(ownership {_FIRST}) FILTER (WHERE ownership <> ''))[1],
           (array_agg(region {_FIRST}) FILTER (WHERE region <> ''))[1],
           (array_agg(first_occurred_on {_FIRST}))[1],
           min(first_recorded_at), min(first_recorded_at)
    FROM rm_enterprise_claims WHERE uscc = ANY(CAST(:uscc AS text[])) GROUP BY uscc
    ON CONFLICT (uscc) DO UPDATE SET name = excluded.name, ownership = excluded.ownership, region = excluded.region,
      named_on = excluded.named_on, named_at = excluded.named_at, first_recorded_at = excluded.first_recorded_at
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
CLAIM_COLUMNS = ("uscc", "name", "ownership", "region", "first_recorded_at", "first_source", "first_position",
                 "first_record_id", "first_occurred_on", "events")
MENTION_COLUMNS = ("record_id", "uscc", "measure", "occurred_on", "recorded_at", "retracted_at")


def _claim_key(claim: dict) -> tuple:
    return claim["first_recorded_at"], claim["first_source"], claim["first_position"]


def _fold(known: dict, claim: dict) -> dict:
    """The same claim made again in the batch: the rule of `_UPSERT_CLAIMS`."""
    first = claim if _claim_key(claim) < _claim_key(known) else known
    return {**first, "events": known["events"] + claim["events"]}


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
        """The batch as if event by event, with one upsert per table: each distinct claim of the batch is folded
        into one row (then each enterprise it names is computed again from all its claims), each (record,
        enterprise) into one mention; a retraction ends the
        mentions of earlier batches by one update (run first, so it cannot touch this batch's mentions, which
        are inserted already ended when a later event of the batch retracts their record)."""
        named: dict[tuple, dict] = {}  # (uscc, name, ownership, region) -> the batch's claim
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
                claim = {"uscc": code, "name": e["name"], "ownership": e["ownership"] or "", "region": e["region"] or "",
                         "first_recorded_at": event.recorded_at, "first_source": event.source,
                         "first_position": event.position, "first_record_id": fact.record_id,
                         "first_occurred_on": fact.occurred_on, "events": 1}
                said = (code, claim["name"], claim["ownership"], claim["region"])
                named[said] = _fold(named[said], claim) if said in named else claim
                key = (fact.record_id, code)
                if key in records:
                    records[key]["occurred_on"] = max(records[key]["occurred_on"], fact.occurred_on)
                else:
                    records[key] = {"record_id": fact.record_id, "uscc": code, "measure": fact.measure,
                                    "occurred_on": fact.occurred_on, "recorded_at": event.recorded_at, "retracted_at": None}
                    open_mentions.setdefault(fact.record_id, []).append(records[key])
        if named:
            await conn.execute(_UPSERT_CLAIMS, arrays(list(named.values()), CLAIM_COLUMNS))
            await conn.execute(_UPSERT_ENTERPRISES, {"uscc": sorted({code for code, *_ in named})})
        if ended_before:
            await conn.execute(_RETRACT, {"rec": list(ended_before), "at": list(ended_before.values())})
        if records:
            await conn.execute(_UPSERT_MENTIONS, arrays(list(records.values()), MENTION_COLUMNS))

    apply = apply_batch

    async def clear(self, conn: AsyncConnection) -> None:
        await conn.execute(delete(mentions))
        await conn.execute(delete(claims))
        await conn.execute(delete(enterprises))
