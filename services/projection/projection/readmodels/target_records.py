"""The shape every target read model shares: a record counts from the event that made it, until retracted.

A read model names the event that records one row (and how to turn it into the row), and the event that
retracts it. Rows are inserted once (a redelivered event changes nothing; the projector also skips it), and a
retraction stamps `retracted_at` with the moment the retraction was recorded, so that earlier `known_at`
views still see the row.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar, Sequence

from sqlalchemy import Table, delete, text
from sqlalchemy.ext.asyncio import AsyncConnection

from kernel.projection.bulk import arrays, insert_many
from kernel.projection.received import ReceivedEvent
from projection.attainment import summaries


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

    async def apply_batch(self, conn: AsyncConnection, events: Sequence[ReceivedEvent]) -> None:
        """The batch's records in one insert, then its retractions in one update; the rows each statement
        changed (and only those) go to the attainment summaries."""
        rows = [
            {"record_id": e.data[self.id_field], "recorded_at": e.recorded_at, **self.row(e)}
            for e in events if e.type == self.recorded
        ]
        inserted: list = []
        if rows:
            columns = list(rows[0])
            new = set((await conn.execute(insert_many(self.table, columns, returning="record_id"), arrays(rows, columns))).scalars())
            inserted = rows if len(new) == len(rows) else [r for r in rows if r["record_id"] in new]
        retractions: dict[str, Any] = {}  # record id -> the first retraction's moment
        for e in events:
            if e.type == self.retracted:
                retractions.setdefault(e.data[self.id_field], e.recorded_at)
        retracted: list = []
        if retractions:
            retracted = (await conn.execute(self._retract(), {"rid": list(retractions), "at": list(retractions.values())})).mappings().all()
        await summaries.count_records(conn, self.table.name, inserted, retracted)

    apply = apply_batch  # the same for any sequence, one event included

    def _retract(self):
        return text(
            f"UPDATE {self.table.name} AS t SET retracted_at = r.at "
            "FROM unnest(CAST(:rid AS text[]), CAST(:at AS timestamptz[])) AS r(rid, at) "
            "WHERE t.record_id = r.rid AND t.retracted_at IS NULL RETURNING t.*"
        )

    async def clear(self, conn: AsyncConnection) -> None:
        await conn.execute(delete(self.table))
        await summaries.clear(conn, [s.target for s in summaries.SERIES_OF_TABLE.get(self.table.name, [])])
