"""An event as the projection receives it, from Kafka or from a feed (both carry the same CloudEvent)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import orjson

from kernel.events import service_of


@dataclass(frozen=True, slots=True)
class ReceivedEvent:
    source: str  # the service that recorded it, e.g. "enforcement"
    event_id: UUID
    type: str
    stream_id: str
    version: int
    position: int
    recorded_at: datetime
    data: dict[str, Any]
    actor: str | None = None  # the token subject that recorded it, where the envelope says


class MalformedEvent(ValueError):
    pass


def from_envelope(envelope: dict[str, Any]) -> ReceivedEvent:
    try:
        return ReceivedEvent(
            source=service_of(envelope["source"]),
            event_id=UUID(envelope["id"]),
            type=envelope["type"],
            stream_id=envelope["subject"],
            version=int(envelope["streamversion"]),
            position=int(envelope["position"]),
            recorded_at=datetime.fromisoformat(envelope["time"]),
            data=envelope["data"],
            actor=envelope.get("actor"),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise MalformedEvent(f"not an event envelope: {exc!r}") from exc


def from_bytes(raw: bytes) -> ReceivedEvent:
    try:
        return from_envelope(orjson.loads(raw))
    except orjson.JSONDecodeError as exc:
        raise MalformedEvent(f"not JSON: {exc}") from exc
