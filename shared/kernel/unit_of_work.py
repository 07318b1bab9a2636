"""What one command reads and writes: the aggregates it loaded (each read a guard at commit) and the events it
decided, written by `flush` in one statement that checks the reads (see `kernel.commands` for the bus around it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection

from kernel.aggregate import AggregateType, Loaded
from kernel.auth import Principal
from kernel.domain.enterprise import Enterprise, region_of_record
from kernel.eventstore.store import EventStore, KeptAnswer, PendingAppend
from kernel.events import DomainEvent
from kernel.observability import EVENTS_APPENDED

S = TypeVar("S")


@dataclass
class UnitOfWork:
    """What one command reads and writes; its write is one statement that checks the reads."""

    conn: AsyncConnection
    principal: Principal
    _read: dict[str, int] = field(default_factory=dict)
    _appends: dict[str, PendingAppend] = field(default_factory=dict)
    _metadata: dict[str, Any] = field(default_factory=dict)

    async def load(self, aggregate: AggregateType[S], key: str) -> Loaded[S]:
        stored = await EventStore.load(self.conn, aggregate.stream_id(key))
        state = aggregate.fold(e.domain_event() for e in stored)
        loaded = Loaded(aggregate=aggregate, key=key, state=state, version=stored[-1].version if stored else 0)
        self._read[loaded.stream_id] = loaded.version
        return loaded

    async def load_enterprise(self, aggregate: AggregateType[S], enterprise: Enterprise, *, field: str = "enterprise.region") -> Loaded[S]:
        """Load the aggregate keyed by `enterprise`'s credit code for a write, within the token's region.

        Where the aggregate records the enterprise already (its state's `enterprise_of_record`), the region first
        recorded there decides (403 for a token of another region, whatever the request claims); otherwise the
        claimed region. A claim contradicting the recorded region is the aggregate's decision to refuse
        (`kernel.domain.enterprise.require_as_recorded`).
        """
        loaded = await self.load(aggregate, enterprise.uscc)
        self.principal.require_region(region_of_record(loaded.state.enterprise_of_record, enterprise), field=field)
        return loaded

    def start(self, aggregate: AggregateType[S], key: str) -> Loaded[S]:
        """A record this command creates under a fresh key: nothing to read (a stream already there is a conflict)."""
        loaded = Loaded(aggregate=aggregate, key=key, state=aggregate.initial(), version=0)
        self._read[loaded.stream_id] = 0
        return loaded

    def record(self, target: Loaded[Any], events: list[DomainEvent]) -> int:
        """Append events to the loaded aggregate's stream; returns the stream's version after them."""
        pending = self._appends.get(target.stream_id)
        if pending is None:
            pending = PendingAppend(target.stream_id, target.aggregate.name, target.version)
            self._appends[target.stream_id] = pending
        pending.events.extend(events)
        return pending.expected_version + len(pending.events)

    async def flush(self, answer: KeptAnswer | None = None) -> bool:
        """Write everything decided, with the guards and (when given) the idempotency record, in one statement.

        False when another request kept the same key first: nothing was stored, and the caller answers with theirs.
        """
        guards = {s: v for s, v in self._read.items() if s not in self._appends}
        kept = await EventStore.commit(self.conn, list(self._appends.values()), self._metadata, guards, answer)
        for pending in self._appends.values():
            for event in pending.events:
                EVENTS_APPENDED.labels(event.event_type).inc()
        return kept

    def written(self) -> dict[str, int]:
        """Each stream this command writes, at the version it will be left at."""
        return {s: p.expected_version + len(p.events) for s, p in self._appends.items() if p.events}
