"""Who did what, when: every event records the token subject that caused it and the request's correlation id."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel
from sqlalchemy import select

from kernel.auth import AuditReader
from kernel.domain.dates import IsoDateTime
from kernel.eventstore.sequencer import assign_positions
from kernel.eventstore.tables import events
from kernel.events import rfc3339


class AuditEntry(BaseModel):
    position: int
    time: str
    actor: str | None
    type: str
    subject: str
    correlationid: str | None
    idempotency_key: str | None


class AuditPage(BaseModel):
    entries: list[AuditEntry]
    next_after: int | None


def audit_router(path: str = "/v1/audit") -> APIRouter:
    router = APIRouter(tags=["events"])

    @router.get(path, response_model=AuditPage, summary="Who recorded what, and when",
                description="Needs the scope `audit:read` and a token without a region limit (the log holds every "
                "region's records, their actors and idempotency keys).")
    async def audit(
        request: Request,
        _: AuditReader,
        actor: Annotated[str | None, Query(max_length=200, description="Only this token subject.")] = None,
        since: Annotated[IsoDateTime | None, Query(description="Recorded at or after this moment.")] = None,
        until: Annotated[IsoDateTime | None, Query(description="Recorded before this moment.")] = None,
        after: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> AuditPage:
        query = select(events.c.position, events.c.recorded_at, events.c.metadata, events.c.type, events.c.stream_id).where(
            events.c.position > after
        )
        if actor is not None:
            query = query.where(events.c.metadata["actor"].astext == actor)
        if since is not None:
            query = query.where(events.c.recorded_at >= since)
        if until is not None:
            query = query.where(events.c.recorded_at < until)
        await assign_positions(request.app.state.engine, wait=True)  # read-your-writes, as in the feed
        async with request.app.state.engine.connect() as conn:
            rows = (await conn.execute(query.order_by(events.c.position).limit(limit))).all()
        entries = [
            AuditEntry(position=r.position, time=rfc3339(r.recorded_at), actor=r.metadata.get("actor"), type=r.type,
                       subject=r.stream_id, correlationid=r.metadata.get("correlation_id"),
                       idempotency_key=r.metadata.get("idempotency_key"))
            for r in rows
        ]
        return AuditPage(entries=entries, next_after=entries[-1].position if len(entries) == limit else None)

    return router
