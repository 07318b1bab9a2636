"""Measure 5: seriously dishonest entities listed for joint punishment, and later delisted.

One stream per entity (keyed by its credit code), so that its whole history is one aggregate: an entity may be
listed, delisted and listed again; each listing is numbered from 1.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from kernel.aggregate import AggregateType
from kernel.domain.dates import require_not_future
from kernel.domain.regions import ReportingArea
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict, NotFound

from kernel.domain.rules import require_on_or_after


class EntityListed(DomainEvent, source="enforcement"):
    uscc: str
    name: str
    listing_number: int
    region: ReportingArea  # the jurisdiction of the listing authority (420000 for the province)
    authority: str
    basis: str
    listed_on: date


class EntityDelisted(DomainEvent, source="enforcement"):
    uscc: str
    name: str
    listing_number: int
    region: ReportingArea
    delisted_on: date
    reason: str


@dataclass(frozen=True)
class Listing:
    number: int
    name: str
    region: str
    authority: str
    basis: str
    listed_on: date
    delisted_on: date | None = None
    delisting_reason: str | None = None


@dataclass(frozen=True)
class CreditEntity:
    uscc: str | None = None
    listings: tuple[Listing, ...] = ()

    @property
    def current(self) -> Listing | None:
        """The listing in force, if the entity is listed now."""
        if self.listings and self.listings[-1].delisted_on is None:
            return self.listings[-1]
        return None


def apply(state: CreditEntity, event: DomainEvent) -> CreditEntity:
    match event:
        case EntityListed():
            listing = Listing(event.listing_number, event.name, event.region, event.authority, event.basis, event.listed_on)
            return CreditEntity(event.uscc, (*state.listings, listing))
        case EntityDelisted():
            last = replace(state.listings[-1], delisted_on=event.delisted_on, delisting_reason=event.reason)
            return replace(state, listings=(*state.listings[:-1], last))
    return state


CREDIT_ENTITY = AggregateType("credit-entity", CreditEntity, apply)


def list_entity(
    state: CreditEntity, *, uscc: str, name: str, region: str, authority: str, basis: str, listed_on: date, today: date
) -> list[DomainEvent]:
    current = state.current
    if current is not None:
        raise Conflict(Bilingual(f"{uscc} 自 {current.listed_on.isoformat()} 起已列入名单", f"{uscc} is already listed since {current.listed_on.isoformat()}"), field="uscc")
    require_not_future("listed_on", listed_on, on=today)
    if state.listings:
        previous = state.listings[-1]
        assert previous.delisted_on is not None
        require_on_or_after("listed_on", listed_on, previous.delisted_on, ("其上次移出名单之日", "its last delisting"))
    return [
        EntityListed(
            uscc=uscc, name=name, listing_number=len(state.listings) + 1, region=region, authority=authority,
            basis=basis, listed_on=listed_on,
        )
    ]


def delist_entity(state: CreditEntity, *, uscc: str, delisted_on: date, reason: str, today: date) -> list[DomainEvent]:
    if not state.listings:
        raise NotFound("credit-list entity", uscc)
    current = state.current
    if current is None:
        last = state.listings[-1]
        assert last.delisted_on is not None
        raise Conflict(Bilingual(f"{uscc} 不在名单中：已于 {last.delisted_on.isoformat()} 移出", f"{uscc} is not listed: it was delisted on {last.delisted_on.isoformat()}"),
                       field="delisted_on")
    require_not_future("delisted_on", delisted_on, on=today)
    require_on_or_after("delisted_on", delisted_on, current.listed_on, ("列入名单之日", "it was listed"))
    return [
        EntityDelisted(
            uscc=uscc, name=current.name, listing_number=current.number, region=current.region,
            delisted_on=delisted_on, reason=reason,
        )
    ]
