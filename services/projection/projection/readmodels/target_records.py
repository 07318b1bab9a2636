"""The shape every target read model shares: a record counts from the event that made it, until retracted.

A read model names the event that records one row (and how to turn it into the row), and the event that
retracts it. Rows are inserted once (a redelivered event changes nothing; the projector also skips it), and a
retraction stamps `retracted_at` with the moment the retraction was recorded, so that earlier `known_at`
views still see the row.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar, Sequence

from sqlalchemy import Table, bindparam, delete, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from kernel.projection.received import ReceivedEvent


def day(value: str) -> date:
    return date.fromisoformat(value)


def is_private(enterprise: dict[str, Any]) -> bool:
    """Private means the enterprise's ownership, as the event recorded it, is `private`."""
    return enterprise.get("ownership") == "private"


class RetractableRecords:
    name: ClassVar[str]
    table: ClassVar[Table]
    recorded: ClassVar[str]  # event type that records a row
    retracted: ClassVar[str]  # event type that retracts it
    id_field: ClassVar[str]  # the record id in both events' data

    event_types: ClassVar[frozenset[str]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.event_types = frozenset({cls.recorded, cls.retracted})

    def row(self, event: ReceivedEvent) -> dict[str, Any]:
        raise NotImplementedError

    async def apply(self, conn: AsyncConnection, events: Sequence[ReceivedEvent]) -> None:
        rows = [
            {"record_id": e.data[self.id_field], "recorded_at": e.recorded_at, **self.row(e)}
            for e in events if e.type == self.recorded
        ]
        if rows:
            await conn.execute(insert(self.table).on_conflict_do_nothing(), rows)
        retracted = [{"rid": e.data[self.id_field], "at": e.recorded_at} for e in events if e.type == self.retracted]
        if retracted:
            await conn.execute(
                update(self.table)
                .where(self.table.c.record_id == bindparam("rid"), self.table.c.retracted_at.is_(None))
                .values(retracted_at=bindparam("at")),
                retracted,
            )

    async def clear(self, conn: AsyncConnection) -> None:
        await conn.execute(delete(self.table))
