"""The credit list as a table: one row per listing, indexed by credit code and by listing date.

Kept from this service's own events by the kernel's StoreFollower (exactly once, rebuildable), so that
other systems' lookups never scan events.
"""

from __future__ import annotations

from datetime import date
from typing import Sequence

from sqlalchemy import Column, Date, DateTime, Integer, MetaData, PrimaryKeyConstraint, Table, Text, bindparam, delete, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from enforcement.credit_list.domain import EntityDelisted, EntityListed
from kernel.projection.received import ReceivedEvent

metadata = MetaData()

credit_listings = Table(
    "credit_listings",
    metadata,
    Column("uscc", Text, nullable=False),
    Column("listing_number", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("region", Text, nullable=False),
    Column("authority", Text, nullable=False),
    Column("basis", Text, nullable=False),
    Column("listed_on", Date, nullable=False),
    Column("listed_at", DateTime(timezone=True), nullable=False),
    Column("delisted_on", Date),
    Column("delisting_reason", Text),
    Column("delisted_at", DateTime(timezone=True)),
    PrimaryKeyConstraint("uscc", "listing_number"),
)

LISTED = EntityListed.event_type
DELISTED = EntityDelisted.event_type


class CreditListings:
    name = "credit_listings"
    event_types = frozenset({LISTED, DELISTED})

    async def apply(self, conn: AsyncConnection, events: Sequence[ReceivedEvent]) -> None:
        # events arrive in commit order; a listing and its delisting may share one batch, so apply in order
        for e in events:
            if e.type == LISTED:
                await conn.execute(
                    insert(credit_listings).on_conflict_do_nothing(),
                    {
                        "uscc": e.data["uscc"], "listing_number": e.data["listing_number"], "name": e.data["name"],
                        "region": e.data["region"], "authority": e.data["authority"], "basis": e.data["basis"],
                        "listed_on": date.fromisoformat(e.data["listed_on"]), "listed_at": e.recorded_at,
                    },
                )
            elif e.type == DELISTED:
                await conn.execute(
                    update(credit_listings)
                    .where(credit_listings.c.uscc == bindparam("u"), credit_listings.c.listing_number == bindparam("n"))
                    .values(delisted_on=bindparam("on"), delisting_reason=bindparam("why"), delisted_at=bindparam("at")),
                    {"u": e.data["uscc"], "n": e.data["listing_number"], "on": date.fromisoformat(e.data["delisted_on"]),
                     "why": e.data["reason"], "at": e.recorded_at},
                )

    async def clear(self, conn: AsyncConnection) -> None:
        await conn.execute(delete(credit_listings))
