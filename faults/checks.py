"""What must hold once the load has ended and the system has settled, read from the databases themselves.

- Every write was acknowledged, and each acknowledged write is in its service's store exactly once: its events
  carry its Idempotency-Key, its correlation id and the token's subject, all come from one request (one
  causation id, the acknowledging request's own when the answer was not a replay), and the stream version the
  answer named is there. The idempotency record holds the answer the client received. No event is in a store
  that no write asked for.
- Every stream's versions are dense from 1 and agree with the streams table; positions are dense from 1 and
  agree with the sequence; each relay's checkpoint is at the head (it published everything).
- The projection's ledger holds exactly the events of the stores, each once; so does the ledger of a projection
  built from nothing, and both answer the same figures.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

import asyncpg

from faults.db import fetch, patiently
from faults.ledger import Ledger, Write
from faults.system import COMMAND_SERVICES, SUBJECT, System

_EVENTS = "SELECT position, event_id, stream_id, version, data, metadata FROM events ORDER BY id"
_STREAMS = "SELECT stream_id, version FROM streams"
_KEYS = "SELECT key, status_code, response FROM idempotency_keys WHERE principal = $1"
_HEAD = "SELECT last_position FROM event_sequence WHERE id = 1"
_CHECKPOINTS = "SELECT name, position FROM relay_checkpoints"
_APPLIED = "SELECT source, stream_id, version, position, event_id FROM projection_applied_events"


@dataclass
class Check:
    name: str
    passed: bool
    detail: str


@dataclass
class Store:
    """One service's event store as read after the run."""

    events: list[asyncpg.Record]
    streams: dict[str, int]
    keys: dict[str, asyncpg.Record]
    head: int
    checkpoints: dict[str, int]

    def entries(self) -> set[tuple[str, int, int, str]]:
        return {(e["stream_id"], e["version"], e["position"], str(e["event_id"])) for e in self.events}


async def read_store(system: System, service: str) -> Store:
    dsn = system.dsn(service)
    return Store(
        events=await patiently(lambda: fetch(dsn, _EVENTS)),
        streams={r["stream_id"]: r["version"] for r in await fetch(dsn, _STREAMS)},
        keys={r["key"]: r for r in await fetch(dsn, _KEYS, SUBJECT)},
        head=(await fetch(dsn, _HEAD))[0]["last_position"],
        checkpoints={r["name"]: r["position"] for r in await fetch(dsn, _CHECKPOINTS)},
    )


async def read_applied(system: System, database: str) -> dict[str, list[asyncpg.Record]]:
    rows = await patiently(lambda: fetch(system.dsn(database), _APPLIED))
    by_source: dict[str, list[asyncpg.Record]] = defaultdict(list)
    for row in rows:
        by_source[row["source"]].append(row)
    return by_source


def _sample(items: list[str], n: int = 3) -> str:
    return "; ".join(items[:n]) + (f" (and {len(items) - n} more)" if len(items) > n else "")


def every_write_acknowledged(ledger: Ledger) -> Check:
    rejected = [f"{w.key}: {w.rejected}" for w in ledger.writes if w.rejected]
    waiting = [w.key for w in ledger.unacknowledged() if not w.rejected]
    passed = not rejected and not waiting
    detail = f"{len(ledger.acknowledged())} of {len(ledger.writes)} acknowledged"
    if rejected:
        detail += f"; rejected: {_sample(rejected)}"
    if waiting:
        detail += f"; never acknowledged: {_sample(waiting)}"
    return Check("every write acknowledged", passed, detail)


def resent_writes_replayed(ledger: Ledger) -> Check:
    resent = [w for w in ledger.writes if w.resent]
    differ = [f"{w.key}: {w.resend_differs}" for w in resent if w.resend_differs]
    return Check("a write sent again gets the first answer, replayed", bool(resent) and not differ,
                 f"{len(resent)} writes sent again after their 201" + (f"; {_sample(differ)}" if differ else ""))


def _write_problems(write: Write, events: list[asyncpg.Record]) -> list[str]:
    if not events:
        return ["not in the store"]
    problems = []
    causes = {e["metadata"].get("causation_id") for e in events}
    if len(causes) != 1 or None in causes:
        problems.append(f"recorded by {len(causes)} requests")
    elif not write.replayed and causes != {write.request_id}:
        problems.append("causation id is not the acknowledging request's id")
    if any(e["metadata"].get("correlation_id") != write.correlation_id for e in events):
        problems.append("correlation id differs")
    if any(e["metadata"].get("actor") != SUBJECT for e in events):
        problems.append("actor differs")
    named = [e for e in events if str(e["data"].get(write.kind.answer_id)) == write.record_id]
    if not any(e["version"] == write.stream_version for e in named):
        problems.append(f"no event of {write.record_id} at the answered version {write.stream_version}")
    return problems


def stored_exactly_once(ledger: Ledger, stores: dict[str, Store]) -> list[Check]:
    by_key: dict[str, list[asyncpg.Record]] = defaultdict(list)
    unasked = 0
    known = {w.key for w in ledger.writes}
    for service in COMMAND_SERVICES:
        for event in stores[service].events:
            key = event["metadata"].get("idempotency_key")
            if key not in known or not key.startswith(f"{ledger.run}-{service}-"):
                unasked += 1
            else:
                by_key[key].append(event)
    problems = []
    answers = []
    for write in ledger.acknowledged():
        problems += [f"{write.key}: {p}" for p in _write_problems(write, by_key.get(write.key, []))]
        kept = stores[write.service].keys.get(write.key)
        if kept is None:
            answers.append(f"{write.key}: no idempotency record")
        elif kept["status_code"] != 201 or kept["response"] != write.answer:
            answers.append(f"{write.key}: the stored answer differs from the one received")
    acknowledged = len(ledger.acknowledged())
    stored = sum(len(s.keys) for s in stores.values())
    if stored != acknowledged:
        answers.append(f"{stored} idempotency records for {acknowledged} acknowledged writes")
    events = sum(len(s.events) for s in stores.values())
    return [
        Check("each acknowledged write stored exactly once", not problems,
              f"{acknowledged} writes, {events} events" + (f"; {_sample(problems)}" if problems else "")),
        Check("no event that no write asked for", unasked == 0, f"{unasked} events without a known Idempotency-Key"),
        Check("idempotency records hold the answers given", not answers, _sample(answers) or "every answer kept"),
    ]


def streams_and_positions(stores: dict[str, Store]) -> list[Check]:
    gaps, positions, relays = [], [], []
    for service, store in stores.items():
        versions: dict[str, list[int]] = defaultdict(list)
        for event in store.events:
            versions[event["stream_id"]].append(event["version"])
        for stream_id, seen in versions.items():
            if sorted(seen) != list(range(1, len(seen) + 1)) or store.streams.get(stream_id) != len(seen):
                gaps.append(f"{service}/{stream_id}: versions {sorted(seen)[:8]}, streams table {store.streams.get(stream_id)}")
        if set(store.streams) != set(versions):
            gaps.append(f"{service}: {len(set(store.streams) ^ set(versions))} streams without events or without a row")
        numbered = sorted(e["position"] for e in store.events if e["position"] is not None)
        if numbered != list(range(1, len(store.events) + 1)) or store.head != len(store.events):
            positions.append(f"{service}: {len(store.events)} events, {len(numbered)} positioned, head {store.head}")
        behind = {name: p for name, p in store.checkpoints.items() if p != store.head}
        if not store.checkpoints or behind:
            relays.append(f"{service}: checkpoints {store.checkpoints or 'none'}, head {store.head}")
    streams = sum(len(s.streams) for s in stores.values())
    return [
        Check("stream versions dense, no duplicates", not gaps, _sample(gaps) or f"{streams} streams"),
        Check("positions dense from 1", not positions, _sample(positions) or "every event positioned, no gap"),
        Check("each relay published up to the head", not relays, _sample(relays) or "checkpoints at the heads"),
    ]


def ledger_equals_stores(name: str, applied: dict[str, list[asyncpg.Record]], stores: dict[str, Store]) -> Check:
    problems = []
    for service, store in stores.items():
        rows = applied.get(service, [])
        ids = Counter(str(r["event_id"]) for r in rows)
        twice = [i for i, n in ids.items() if n > 1]
        if twice:
            problems.append(f"{service}: {len(twice)} events applied more than once")
        entries = {(r["stream_id"], r["version"], r["position"], str(r["event_id"])) for r in rows}
        expected = store.entries()
        if entries != expected:
            problems.append(f"{service}: {len(expected - entries)} events not applied, {len(entries - expected)} applied "
                            "that the store does not hold as such")
    others = set(applied) - set(stores)
    if others:
        problems.append(f"sources that are not services: {sorted(others)}")
    total = sum(len(rows) for rows in applied.values())
    return Check(f"{name}: every event applied exactly once", not problems, _sample(problems) or f"{total} events applied")


def figures_equal(live: dict[str, Any], rebuilt: dict[str, Any]) -> list[Check]:
    differ = [label for label in live if live[label] != rebuilt.get(label)]
    province = live.get("attainment 420000", {})
    counted = sum(1 for t in province.get("targets", []) if t.get("actual"))
    return [
        Check("figures equal those of a projection built from nothing", not differ,
              f"{len(live)} reports compared" + (f"; differ: {_sample(differ, 5)}" if differ else "")),
        Check("the figures count something", counted >= 4, f"{counted} of the province's targets have a non-zero actual"),
    ]
