"""Domain events and their CloudEvents 1.0 envelope.

A domain event is a pydantic model named in the past tense. Its wire type is `<source>.<ClassName>.v<version>`
(e.g. `enforcement.AssistanceCenterRegistered.v1`), and its data carries the business date it happened on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, ClassVar, Literal
from uuid import UUID

import orjson
from pydantic import BaseModel, ConfigDict, Field

from kernel.domain.text import AS_RECORDED

EVENT_TYPES: dict[str, type["DomainEvent"]] = {}


class DomainEvent(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    source: ClassVar[str]
    version: ClassVar[int]
    event_type: ClassVar[str]

    def __init_subclass__(
        cls, *, source: str | None = None, version: int = 1, name: str | None = None, **kwargs: Any
    ) -> None:
        super().__init_subclass__(**kwargs)
        if source is None:  # an intermediate base class, e.g. one per service
            return
        cls.source = source
        cls.version = version
        # `name` lets a superseded version keep its wire name beside the current class (e.g. `...HeldV1`)
        cls.event_type = f"{source}.{name or cls.__name__}.v{version}"
        if EVENT_TYPES.get(cls.event_type, cls) is not cls:
            raise TypeError(f"event type {cls.event_type} is defined twice")
        EVENT_TYPES[cls.event_type] = cls

    def data(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


Upcaster = Callable[[dict[str, Any]], tuple[str, dict[str, Any]]]


class Upcasters:
    """How events recorded as older versions read as the newer ones: `data -> (new type, new data)`, step by step.

    Stored events are never rewritten; a reader meeting an old version upcasts it to the version it knows. Each
    reader keeps its own registry (a service for its own store, the projection for what it consumes), so no
    process depends on another's code.
    """

    def __init__(self) -> None:
        self._steps: dict[str, Upcaster] = {}

    def register(self, old: str | type["DomainEvent"]) -> Callable[[Upcaster], Upcaster]:
        event_type = old if isinstance(old, str) else old.event_type

        def add(step: Upcaster) -> Upcaster:
            if event_type in self._steps:
                raise TypeError(f"{event_type} already has an upcaster")
            self._steps[event_type] = step
            return step

        return add

    def __contains__(self, event_type: str) -> bool:
        return event_type in self._steps

    @property
    def superseded(self) -> frozenset[str]:
        return frozenset(self._steps)

    def upcast(self, event_type: str, data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """The event as the newest version this registry knows."""
        while event_type in self._steps:
            event_type, data = self._steps[event_type](data)
        return event_type, data


UPCASTERS = Upcasters()  # the command services' own: used whenever a stream is loaded
upcaster = UPCASTERS.register
upcast = UPCASTERS.upcast


def parse_event(event_type: str, data: dict[str, Any]) -> DomainEvent:
    event_type, data = upcast(event_type, data)
    return EVENT_TYPES[event_type].model_validate(data, context=AS_RECORDED)  # rules added later do not refuse what is stored


class CloudEvent(BaseModel):
    """The envelope every event travels in, over Kafka and over the HTTP feed."""

    model_config = ConfigDict(extra="allow")

    specversion: Literal["1.0"] = "1.0"
    id: UUID = Field(description="The event's unique id; a consumer deduplicates on it or on subject+streamversion.")
    source: str = Field(description="The service that recorded it, e.g. /hubei-ipo/enforcement.")
    type: str = Field(description="Versioned event type, e.g. enforcement.OnsiteServiceRecorded.v1.")
    subject: str = Field(description="The stream id (one aggregate instance).")
    time: datetime = Field(description="When the event was recorded (not when it happened: that is in data).")
    datacontenttype: Literal["application/json"] = "application/json"
    data: dict[str, Any]
    streamversion: int = Field(description="The event's version within its stream, from 1.")
    position: int = Field(description="The event's place in the service's commit order, dense from 1.")
    correlationid: str | None = None
    causationid: str | None = None
    actor: str | None = Field(default=None, description="The token subject that recorded it.")


def rfc3339(moment: datetime) -> str:
    """UTC with a `Z`, the same text whether an envelope travels over Kafka or through the feed's model."""
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def source_uri(service: str) -> str:
    return f"/hubei-ipo/{service}"


def service_of(source: str) -> str:
    return source.rstrip("/").rsplit("/", 1)[-1]


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """One row of an event store, as read back."""

    position: int | None
    event_id: UUID
    stream_id: str
    stream_type: str
    version: int
    type: str
    data: dict[str, Any]
    metadata: dict[str, Any]
    recorded_at: datetime

    def domain_event(self) -> DomainEvent:
        return parse_event(self.type, self.data)

    def envelope(self, service: str) -> dict[str, Any]:
        return {
            "specversion": "1.0",
            "id": str(self.event_id),
            "source": source_uri(service),
            "type": self.type,
            "subject": self.stream_id,
            "time": rfc3339(self.recorded_at),
            "datacontenttype": "application/json",
            "data": self.data,
            "streamversion": self.version,
            "position": self.position,
            "correlationid": self.metadata.get("correlation_id"),
            "causationid": self.metadata.get("causation_id"),
            "actor": self.metadata.get("actor"),
        }

    def envelope_bytes(self, service: str) -> bytes:
        return orjson.dumps(self.envelope(service))
