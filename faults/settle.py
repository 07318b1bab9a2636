"""Waiting for the system to settle after the load: every event positioned, published and applied."""

from __future__ import annotations

import asyncio
import time

from faults.db import fetch, fetchval, patiently
from faults.system import COMMAND_SERVICES, System

_STORE = """
    SELECT count(*) AS events, count(*) FILTER (WHERE position IS NULL) AS unpositioned,
           (SELECT last_position FROM event_sequence WHERE id = 1) AS head,
           (SELECT min(position) FROM relay_checkpoints) AS published
    FROM events
"""
_APPLIED = "SELECT count(*) FROM projection_applied_events WHERE source = $1"


async def store_state(system: System, service: str) -> dict[str, int]:
    row = (await patiently(lambda: fetch(system.dsn(service), _STORE)))[0]
    return dict(row)


async def applied_count(system: System, database: str, source: str) -> int:
    return await patiently(lambda: fetchval(system.dsn(database), _APPLIED, source))


async def settled(system: System, database: str, *, relays: bool = True) -> dict[str, str]:
    """What is not settled yet, per service (empty when everything is)."""
    waiting = {}
    for service in COMMAND_SERVICES:
        state = await store_state(system, service)
        applied = await applied_count(system, database, service)
        if state["unpositioned"] or state["head"] != state["events"]:
            waiting[service] = f"{state['unpositioned']} of {state['events']} events without a position"
        elif relays and state["published"] != state["head"]:
            waiting[service] = f"relay at {state['published']} of {state['head']}"
        elif applied != state["head"]:
            waiting[service] = f"{database} applied {applied} of {state['head']}"
    return waiting


async def wait_settled(system: System, database: str, timeout: float, *, relays: bool = True) -> tuple[float, dict]:
    """Seconds until settled, and what was still waiting if it did not settle within `timeout`."""
    began = time.monotonic()
    while True:
        waiting = await settled(system, database, relays=relays)
        if not waiting or time.monotonic() - began > timeout:
            return time.monotonic() - began, waiting
        await asyncio.sleep(0.25)
