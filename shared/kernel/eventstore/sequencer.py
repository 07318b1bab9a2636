"""Gives committed events their position, in the order their commits became visible.

PostgreSQL hands out sequence values at insert but shows rows at commit, so ordering readers by an insert
sequence lets a slow transaction's row appear behind a reader's cursor and be skipped forever. Here appends
leave `position` empty and run fully in parallel; the sequencer, one at a time (a row lock on
`event_sequence`), numbers the rows that are visible now. A row that commits later is numbered by a later
sequencer run, so positions are dense and never appear out of order.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

_LOCK = text("SELECT last_position FROM event_sequence WHERE id = 1 FOR UPDATE SKIP LOCKED")
_WAIT = text("SELECT last_position FROM event_sequence WHERE id = 1 FOR UPDATE")
_ASSIGN = text(
    """
    WITH pending AS (
        SELECT id, row_number() OVER (ORDER BY id) AS n
        FROM events WHERE position IS NULL ORDER BY id LIMIT :batch
    ), numbered AS (
        UPDATE events e SET position = :last + p.n FROM pending p WHERE e.id = p.id RETURNING e.position
    )
    SELECT count(*) FROM numbered
    """
)
_ADVANCE = text("UPDATE event_sequence SET last_position = last_position + :n WHERE id = 1")


async def assign_positions(engine: AsyncEngine, batch: int = 5000, *, wait: bool = False) -> int:
    """Number the visible, unnumbered events; returns how many.

    Without `wait` (the relay's loop), zero when another process holds the lock. A read that must see what its
    caller just committed passes `wait=True`: a run in progress elsewhere may not have reached that write, so
    the read waits for it to commit and then numbers whatever is left.
    """
    async with engine.begin() as conn:
        last = (await conn.execute(_WAIT if wait else _LOCK)).scalar()
        if last is None:
            return 0
        # a new statement, so a new snapshot: it sees every commit up to now, including the previous run's
        count = (await conn.execute(_ASSIGN, {"batch": batch, "last": last})).scalar_one()
        if count:
            await conn.execute(_ADVANCE, {"n": count})
        return count
