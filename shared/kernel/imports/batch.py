"""Many commands decided one after another against one transaction, and appended together.

Each line runs the same endpoint function as a single request, with a bus that decides in memory: a line loads
streams as stored plus what the earlier accepted lines of the batch recorded, and its events join the batch
only when its decision succeeds, so a refused line leaves no trace. At the end the batch's events are appended
in a handful of statements, with the same optimistic checks as a single command.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import orjson
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncConnection

from kernel.aggregate import AggregateType, Loaded, S
from kernel.auth import Principal
from kernel.commands import CommandBus, Handler, UnitOfWork
from kernel.eventstore.store import EventStore, PendingAppend, StreamConflict
from kernel.events import DomainEvent
from kernel.observability import EVENTS_APPENDED


@dataclass
class Decided:
    """What a line's command answered: its body and where the record can be read."""

    status_code: int
    answer: dict[str, Any]
    location: str | None


@dataclass
class BatchState:
    """The batch so far: streams read from the store, and the accepted lines' events per stream."""

    conn: AsyncConnection
    stored: dict[str, tuple[list[DomainEvent], int]] = field(default_factory=dict)
    pending: dict[str, PendingAppend] = field(default_factory=dict)
    guards: dict[str, int] = field(default_factory=dict)

    async def read(self, stream_id: str) -> tuple[list[DomainEvent], int]:
        if stream_id not in self.stored:
            events = await EventStore.load(self.conn, stream_id)
            self.stored[stream_id] = ([e.domain_event() for e in events], events[-1].version if events else 0)
        return self.stored[stream_id]

    def current_version(self, stream_id: str) -> int:
        pending = self.pending.get(stream_id)
        if pending is not None:
            return pending.expected_version + len(pending.events)
        return self.stored[stream_id][1] if stream_id in self.stored else 0

    async def flush(self, metadata: dict[str, Any]) -> int:
        appends = list(self.pending.values())
        await EventStore.append(self.conn, appends, metadata)
        await EventStore.check_guards(self.conn, {s: v for s, v in self.guards.items() if s not in self.pending})
        count = 0
        for pending in appends:
            for event in pending.events:
                EVENTS_APPENDED.labels(event.event_type).inc()
                count += 1
        return count


class LineUnitOfWork(UnitOfWork):
    """One line's view: the store plus the batch's accepted lines; its own events kept apart until accepted."""

    def __init__(self, batch: BatchState, principal: Principal) -> None:
        super().__init__(conn=batch.conn, principal=principal)
        self.batch = batch
        self._stored_versions: dict[str, int] = {}
        self._started: set[str] = set()

    async def load(self, aggregate: AggregateType[S], key: str) -> Loaded[S]:
        stream_id = aggregate.stream_id(key)
        events, stored_version = await self.batch.read(stream_id)
        pending = self.batch.pending.get(stream_id)
        if pending is not None:
            events = [*events, *pending.events]
        own = self._appends.get(stream_id)
        if own is not None:
            events = [*events, *own.events]
        loaded = Loaded(aggregate=aggregate, key=key, state=aggregate.fold(events),
                        version=self.batch.current_version(stream_id) + (len(own.events) if own else 0))
        self._stored_versions[stream_id] = stored_version
        return loaded

    def start(self, aggregate: AggregateType[S], key: str) -> Loaded[S]:
        stream_id = aggregate.stream_id(key)
        if stream_id in self.batch.pending:
            raise StreamConflict(stream_id, 0)
        self._started.add(stream_id)
        return Loaded(aggregate=aggregate, key=key, state=aggregate.initial(), version=0)

    def accept(self) -> None:
        """The line's decision stands: its events join the batch, its reads become the batch's guards."""
        for stream_id, own in self._appends.items():
            pending = self.batch.pending.get(stream_id)
            if pending is None:
                self.batch.pending[stream_id] = PendingAppend(stream_id, own.stream_type, own.expected_version, list(own.events))
            else:
                if pending.expected_version + len(pending.events) != own.expected_version:
                    raise StreamConflict(stream_id, own.expected_version)
                pending.events.extend(own.events)
        for stream_id, version in self._stored_versions.items():
            self.batch.guards.setdefault(stream_id, version)

    async def flush(self, answer=None) -> bool:  # the batch appends everything at once
        raise NotImplementedError("a line's events are appended with its batch")


class LineBus(CommandBus):
    """The bus a line's endpoint receives: it decides against the batch and answers with what was decided."""

    def __init__(self, batch: BatchState, principal: Principal, metadata: dict[str, Any]) -> None:
        super().__init__(engine=None, principal=principal, idempotency_key="", key_was_sent=False,  # type: ignore[arg-type]
                         fingerprint="", metadata=metadata, on_commit=lambda: None)
        self.batch = batch
        self.decided: Decided | None = None

    async def run(self, handler: Handler, *, status_code: int = 201,
                  location: str | Callable[[BaseModel], str] | None = None) -> Response:
        uow = LineUnitOfWork(self.batch, self.principal)
        answer = await handler(uow)
        uow.accept()
        where = location(answer) if callable(location) else location
        self.decided = Decided(status_code, answer.model_dump(mode="json"), where)
        # the same answer a single request gets: an endpoint may read it (its id) or add to it (a Location)
        return Response(orjson.dumps(self.decided.answer), status_code=status_code, media_type="application/json",
                        headers={"Location": where} if where else None)
