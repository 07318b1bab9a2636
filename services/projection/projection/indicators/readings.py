"""What one event says for the indicators: the facts it records, and which earlier facts stop counting.

A fact is one dated, counted thing (a case opened, a subsidy granted, a briefing held), with the region it
belongs to, the enterprise where there is one, a category (an outcome, a kind, an ownership type) and up to two
numbers: `amount` (yuan, or a count the event reports) and `value` (days, minutes, attendance, or +1/-1 for
records that enter and leave a register, such as the credit list or the brand library).

Every fact belongs to a record (`record_id`, e.g. `briefing:<id>`). A retraction names the record, and every
fact of it stops counting from the moment the retraction was recorded; a retraction of part of a record (one
membership of an enterprise in the demonstration program, one GB/T 29490 certification, a training's place in
the plan once it is cancelled) names the record and which of its facts: their kinds and the dates they fall on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Fact:
    kind: str
    record_id: str
    measure: int
    occurred_on: date
    # None: the region of the record's earlier facts, and their `private` when this fact does not say (an event
    # that does not repeat them, such as a closure or a cancellation)
    region: str | None
    uscc: str | None = None
    private: bool | None = None
    category: str | None = None
    amount: int | None = None
    value: float | None = None


@dataclass(frozen=True)
class PartRetraction:
    """The facts of `record` of these `kinds` (any kind when None) dated from `since` to `until` (inclusive,
    open when None) stop counting."""

    record: str
    kinds: tuple[str, ...] | None = None
    since: date | None = None
    until: date | None = None

    def covers(self, kind: str, occurred_on: date) -> bool:
        return ((self.kinds is None or kind in self.kinds) and (self.since is None or occurred_on >= self.since)
                and (self.until is None or occurred_on <= self.until))


@dataclass
class Reading:
    facts: list[Fact] = field(default_factory=list)
    retracts: list[str] = field(default_factory=list)  # record ids that no longer count, every fact of them
    replaces: list[str] = field(default_factory=list)  # record ids whose standing facts are superseded
    retracts_part: list[PartRetraction] = field(default_factory=list)  # some facts of a record no longer count

    def endings(self) -> list[PartRetraction]:
        """Everything this event ends: whole records (retracted or replaced) and parts of records."""
        return [PartRetraction(r) for r in (*self.retracts, *self.replaces)] + self.retracts_part


def day(value: str) -> date:
    return date.fromisoformat(value)


def enterprise_of(data: dict, key: str = "enterprise") -> dict[str, Any]:
    ent = data.get(key) or {}
    return {"uscc": ent.get("uscc"), "private": (ent.get("ownership") == "private") if ent else None}


def fact(kind: str, record: str, measure: int, on: str, d: dict, *, region: str | None | bool = True,
         ent: str | None = "enterprise", **extra) -> Fact:
    """A fact dated by `d[on]`, in `d["region"]` (or the given region, or None: the record's), naming the
    enterprise at `d[ent]` if the event has one."""
    where = d.get("region") if region is True else (region or None)
    people = enterprise_of(d, ent) if ent and d.get(ent) else {}
    return Fact(kind, record, measure, day(d[on]), where, **{**people, **extra})


def facts(*items: Fact) -> Reading:
    return Reading(facts=list(items))


def retract(record: str) -> Reading:
    return Reading(retracts=[record])


def retract_part(record: str, kinds: tuple[str, ...], since: str | None = None, until: str | None = None) -> Reading:
    return Reading(retracts_part=[PartRetraction(record, kinds, day(since) if since else None, day(until) if until else None)])
