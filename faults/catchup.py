"""How long the projection takes, after a restart, to apply everything acknowledged up to that restart.

At the moment of the restart, the writes acknowledged so far are known by their Idempotency-Keys. Their events
are found in each service's store (once the sequencer has given them positions), and the highest of those
positions is the mark: the projection has caught up when its ledger holds every position of the source up to
the mark (positions are dense, so a count is exact).
"""

from __future__ import annotations

import asyncio
import time

from faults.db import fetch, fetchval, patiently
from faults.ledger import Ledger
from faults.system import COMMAND_SERVICES, PROJECTION_DATABASE, System

_MARK = """
    SELECT count(*) FILTER (WHERE position IS NULL) AS unpositioned, coalesce(max(position), 0) AS mark
    FROM events WHERE metadata->>'idempotency_key' = ANY($1::text[])
"""
_APPLIED_UP_TO = "SELECT count(*) FROM projection_applied_events WHERE source = $1 AND position <= $2"


async def marks(system: System, ledger: Ledger, at: float, timeout: float = 60.0) -> dict[str, int]:
    """Per service, the highest position of a write acknowledged by `at` (waiting for positions to be given)."""
    result: dict[str, int] = {}
    deadline = time.monotonic() + timeout
    for service in COMMAND_SERVICES:
        keys = [w.key for w in ledger.acknowledged(before=at) if w.service == service]
        while True:
            row = (await patiently(lambda: fetch(system.dsn(service), _MARK, keys)))[0]
            if row["unpositioned"] == 0:
                result[service] = row["mark"]
                break
            if time.monotonic() > deadline:
                raise TimeoutError(f"{service}: {row['unpositioned']} acknowledged events were never given a position")
            await asyncio.sleep(0.1)
    return result


async def applied(system: System, marks_: dict[str, int], database: str = PROJECTION_DATABASE) -> bool:
    for source, mark in marks_.items():
        count = await patiently(lambda: fetchval(system.dsn(database), _APPLIED_UP_TO, source, mark))
        if count < mark:
            return False
    return True


async def catch_up(system: System, ledger: Ledger, since: float, timeout: float) -> float | None:
    """Seconds from `since` until the projection applied every write acknowledged by then; None past `timeout`."""
    wanted = await marks(system, ledger, since, timeout)
    while not await applied(system, wanted):
        if time.monotonic() - since > timeout:
            return None
        await asyncio.sleep(0.1)
    return time.monotonic() - since
