"""`GET /v1/status`: how far behind each source the projection is, and whether the Kafka fast path delivers."""

from __future__ import annotations

from datetime import datetime, timezone

from fastapi import APIRouter, Request
from prometheus_client import REGISTRY
from pydantic import BaseModel, Field
from sqlalchemy import text

from kernel.auth import Reader

router = APIRouter(tags=["operations"])

_CURSORS = text("SELECT source, position, head, updated_at FROM projection_source_cursors")


class SourceStatus(BaseModel):
    source: str
    position: int = Field(description="Every event of the source up to here is applied.")
    head: int | None = Field(description="The source's last position, as its feed said at the last reconciliation.")
    lag_events: int | None = Field(description="head - position: events recorded by the source and not applied yet.")
    lag_seconds: float | None = Field(description="Age of the oldest event not applied yet (0 when none is missing).")
    feed_error: str | None = Field(description="Why the last reconciliation with the feed failed, if it did.")
    saved_at: datetime | None = Field(description="When the position was last saved.")


class KafkaStatus(BaseModel):
    alive: bool
    receiving: bool = Field(description="Joined to its group with partitions assigned.")
    error: str | None


class ProjectionStatus(BaseModel):
    sources: list[SourceStatus]
    kafka: KafkaStatus
    last_complete_pass: datetime | None = Field(description="When every feed was last reconciled without error.")


def _lag_seconds(source: str) -> float | None:
    return REGISTRY.get_sample_value("projection_lag_seconds", {"source": source})


@router.get("/v1/status", response_model=ProjectionStatus, summary="Per-source position, head and lag")
async def projection_status(request: Request, _: Reader) -> ProjectionStatus:
    reconciler, consumer = request.app.state.reconciler, request.app.state.consumer
    async with request.app.state.engine.connect() as conn:
        saved = {r.source: r for r in await conn.execute(_CURSORS)}
    sources = []
    for source, live in reconciler.status.items():
        row = saved.get(source)
        position = max(live.get("position") or 0, row.position if row else 0)
        head = live.get("head")
        lag = max(head - position, 0) if head is not None else None
        seconds = (_lag_seconds(source) or 0.0) if lag else (0.0 if lag == 0 else None)
        sources.append(SourceStatus(
            source=source, position=position, head=head, lag_events=lag, lag_seconds=seconds,
            feed_error=live.get("error"), saved_at=row.updated_at if row else None,
        ))
    passed = reconciler.last_complete_pass
    return ProjectionStatus(
        sources=sources,
        kafka=KafkaStatus(alive=consumer.alive, receiving=consumer.receiving, error=consumer.error),
        last_complete_pass=datetime.fromtimestamp(passed, timezone.utc) if passed else None,
    )
