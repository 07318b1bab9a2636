"""The write path every command endpoint shares.

A command handler loads the aggregates it needs, decides, and records events. `CommandBus.run` wraps it in
one transaction with the optimistic checks (every stream read must be unchanged at commit, every stream
written must still be at the version decided on) and the idempotency record, then wakes the relay. The answer
carries a `Consistency-Token` naming the streams and versions written (`kernel.projection.consistency`), which
a projection read takes as `?consistency_token=` to wait for them.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import Annotated, Any, Awaitable, Callable, TypeVar

import orjson
from fastapi import Depends, Header, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from kernel.aggregate import AggregateType
from kernel.auth import Principal, authenticate, write_scope
from kernel.domain.enterprise import Enterprise
from kernel.eventstore.sequencer import assign_positions
from kernel.eventstore.store import EventStore, KeptAnswer, StreamConflict
from kernel.eventstore.tables import idempotency_keys
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict, Problem
from kernel.projection.consistency import HEADER as CONSISTENCY_TOKEN
from kernel.projection.consistency import position_token, streams_token
from kernel.unit_of_work import UnitOfWork  # noqa: F401 (re-exported: handlers take it from here)

S = TypeVar("S")
MAX_KEY_LENGTH = 200


async def positioned_head(engine: AsyncEngine) -> int:
    """The store's last position once everything committed so far has one (for a token covering earlier writes)."""
    while await assign_positions(engine, wait=True) >= 5000:
        pass
    async with engine.connect() as conn:
        return await EventStore.head(conn)


Handler = Callable[[UnitOfWork], Awaitable[BaseModel]]


def request_fingerprint(method: str, path: str, body: bytes) -> str:
    """A hash of what the request asks for: the same JSON with keys reordered is the same request."""
    try:
        canonical = orjson.dumps(orjson.loads(body), option=orjson.OPT_SORT_KEYS) if body else b""
    except (orjson.JSONDecodeError, orjson.JSONEncodeError):
        canonical = body  # not JSON, or nested too deep to be written back: the bytes as sent
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + canonical).hexdigest()


@dataclass
class CommandBus:
    engine: AsyncEngine
    principal: Principal
    idempotency_key: str
    key_was_sent: bool
    fingerprint: str
    metadata: dict[str, Any]
    on_commit: Callable[[], None]
    source: str | None = None  # the service whose store this is, as the projection names it (its token's source)

    async def run(
        self, handler: Handler, *, status_code: int = 201, location: str | Callable[[BaseModel], str] | None = None
    ) -> Response:
        """Decide, then record in one statement that checks every read; `location` may be computed from the answer."""
        stored: Response | None = None
        try:
            # no transaction: the reads are checked again by the one write statement, which commits by itself
            # (saving the BEGIN and COMMIT round trips of every command)
            async with self.engine.connect() as conn:
                await conn.execution_options(isolation_level="AUTOCOMMIT")
                stored = await self._stored_answer(conn)
                if stored is None:
                    uow = UnitOfWork(conn=conn, principal=self.principal, _metadata=self.metadata)
                    answer = await handler(uow)
                    body = answer.model_dump(mode="json")
                    kept = KeptAnswer(self.principal.subject, self.idempotency_key, self.fingerprint, status_code, body)
                    if not await uow.flush(kept if self.key_was_sent else None):
                        # another request kept the same key first and nothing of ours was stored: answer with theirs
                        stored = await self._stored_answer(conn)
                        assert stored is not None  # it committed its record before ours was refused
        except StreamConflict as exc:
            raise Conflict(Bilingual(
                f"{exc.stream_id} 在处理本请求期间已被修改，请重新读取后以同一 Idempotency-Key 重试",
                f"{exc.stream_id} changed while this request was decided; reload and retry with the same Idempotency-Key",
            )) from None
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) == "23505":  # a unique violation: a concurrent writer won
                raise Conflict(Bilingual("同时进行的另一写入已先记录了同一事项，请重新读取后重试",
                                         "a concurrent write recorded the same thing first; reload and retry")) from None
            raise
        if stored is not None:
            return await self._replayed(stored)
        self.on_commit()
        headers = {"Idempotency-Key": self.idempotency_key}
        if location:
            headers["Location"] = location(answer) if callable(location) else location
        if self.source and (written := uow.written()):
            headers[CONSISTENCY_TOKEN] = streams_token(self.source, written)
        return Response(orjson.dumps(body), status_code=status_code, media_type="application/json", headers=headers)

    async def change(
        self,
        aggregate: AggregateType[S],
        key: str,
        decide: Callable[[S], list[DomainEvent]],
        answer: Callable[[int], BaseModel],
        *,
        location: str,
        region_of: Callable[[S], str | None] = lambda state: state.region,  # type: ignore[attr-defined]
        region_field: str = "region",
    ) -> Response:
        """The common write on an existing record: load it, refuse a token of another region, decide, record.

        A record that does not exist is left to `decide` (which answers 404), so the region check never hides it;
        so is a stream where nothing stands any more (`region_of` answers None). The region is the one stored
        (for an aggregate keyed by an enterprise, its `enterprise_of_record`), never one the request claims.
        `answer` receives the stream's new version.
        """

        async def handle(uow: UnitOfWork) -> BaseModel:
            loaded = await uow.load(aggregate, key)
            region = region_of(loaded.state) if loaded.exists else None
            if region is not None:
                uow.principal.require_region(region, field=region_field)
            return answer(uow.record(loaded, decide(loaded.state)))

        return await self.run(handle, location=location)

    async def create(
        self,
        aggregate: AggregateType[S],
        key: str,
        decide: Callable[[S], list[DomainEvent]],
        answer: Callable[[int], BaseModel],
        *,
        location: str,
        region: str | None = None,
        region_field: str = "region",
        fresh: bool = True,
        enterprise: Enterprise | None = None,
    ) -> Response:
        """The common write that starts a record: refuse a token of another region, decide, record.

        The record's key is one of three kinds:
        - a fresh key the service chose (a UUID; `fresh`): nothing to read, and a stream already there is a conflict;
        - a key the caller chose (`fresh=False`: a center's or an agency's id): loaded, so that `decide` refuses a
          second registration with its own answer;
        - an enterprise's credit code (`enterprise=`, `key` its uscc): loaded within the token's region, the region
          first recorded deciding (`UnitOfWork.load_enterprise`).
        Otherwise the region checked is the one the request claims (`region`, named `region_field` in a refusal),
        before anything is read. `answer` receives the stream's new version.
        """

        async def handle(uow: UnitOfWork) -> BaseModel:
            if enterprise is not None:
                assert key == enterprise.uscc, "a record keyed by an enterprise is keyed by its credit code"
                loaded = await uow.load_enterprise(aggregate, enterprise)
            else:
                if region is not None:
                    uow.principal.require_region(region, field=region_field)
                loaded = uow.start(aggregate, key) if fresh else await uow.load(aggregate, key)
            return answer(uow.record(loaded, decide(loaded.state)))

        return await self.run(handle, location=location)

    async def _replayed(self, stored: Response) -> Response:
        """A kept answer, with a token covering the write it answered (committed before it was kept): the store's
        head once numbered. Run after the request's connection is back in the pool (the sequencer takes its own)."""
        if self.source:
            stored.headers[CONSISTENCY_TOKEN] = position_token(self.source, await positioned_head(self.engine))
        return stored

    async def _stored_answer(self, conn: AsyncConnection) -> Response | None:
        if not self.key_was_sent:
            return None
        row = (
            await conn.execute(
                select(idempotency_keys.c.request_hash, idempotency_keys.c.status_code, idempotency_keys.c.response).where(
                    idempotency_keys.c.principal == self.principal.subject,
                    idempotency_keys.c.key == self.idempotency_key,
                )
            )
        ).first()
        if row is None:
            return None
        if row.request_hash != self.fingerprint:
            raise Problem(
                422,
                "idempotency-key-reused",
                "this Idempotency-Key was used for a different request",
                errors=[{"field": "Idempotency-Key", "in": "header", "message": "already used with another body"}],
            )
        return Response(
            orjson.dumps(row.response),
            status_code=row.status_code,
            media_type="application/json",
            headers={"Idempotency-Key": self.idempotency_key, "Idempotent-Replayed": "true"},
        )


def command_bus(service: str):
    """The dependency a service's write endpoints take: authenticated with `<service>:write`."""

    async def dependency(
        request: Request,
        principal: Annotated[Principal, Depends(authenticate)],
        idempotency_key: Annotated[
            str | None,
            Header(
                alias="Idempotency-Key",
                max_length=MAX_KEY_LENGTH,
                description="Any unique string per intended write; resending the same request with it changes nothing.",
            ),
        ] = None,
    ) -> CommandBus:
        principal.require_scope(write_scope(service))
        body = await request.body()
        request_id = getattr(request.state, "request_id", None) or uuid.uuid4().hex
        return CommandBus(
            engine=request.app.state.engine,
            principal=principal,
            idempotency_key=idempotency_key or uuid.uuid4().hex,
            key_was_sent=bool(idempotency_key),
            fingerprint=request_fingerprint(request.method, request.url.path, body),
            metadata={
                "actor": principal.subject,
                "correlation_id": getattr(request.state, "correlation_id", None) or request_id,
                "causation_id": request_id,
                "idempotency_key": idempotency_key,
            },
            on_commit=request.app.state.relay.wake,
            source=service,
        )

    return dependency
