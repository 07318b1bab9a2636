"""Aggregates: state rebuilt by folding `apply` over a stream's events; commands decided against that state."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Generic, Iterable, TypeVar

from kernel.events import DomainEvent

S = TypeVar("S")


def record_region(state: object) -> str | None:
    """A record's region: its own `region`, else its enterprise's or applicant's (who the record is about)."""
    region = getattr(state, "region", None)
    if isinstance(region, str) and region:
        return region
    for party in ("enterprise", "applicant"):
        region = getattr(getattr(state, party, None), "region", None)
        if isinstance(region, str) and region:
            return region
    return None


@dataclass(frozen=True)
class AggregateType(Generic[S]):
    """One kind of aggregate: its stream naming, its empty state, and how an event changes the state."""

    name: str  # e.g. "assistance-center"; a stream id is "<name>-<key>"
    initial: Callable[[], S]
    apply: Callable[[S, DomainEvent], S]
    # the region a recorded instance belongs to, for the read check; None for an aggregate that holds records of
    # several regions (a dossier of an enterprise's records), whose readers check each record themselves
    region_of: Callable[[S], str | None] = record_region

    def stream_id(self, key: str) -> str:
        return f"{self.name}-{key}"

    def key_of(self, stream_id: str) -> str:
        return stream_id.removeprefix(f"{self.name}-")

    def fold(self, events: Iterable[DomainEvent]) -> S:
        state = self.initial()
        for event in events:
            state = self.apply(state, event)
        return state


@dataclass(frozen=True)
class Loaded(Generic[S]):
    """An aggregate as read for a decision: its state and the stream version that state reflects."""

    aggregate: AggregateType[S]
    key: str
    state: S
    version: int

    @property
    def stream_id(self) -> str:
        return self.aggregate.stream_id(self.key)

    @property
    def exists(self) -> bool:
        return self.version > 0
