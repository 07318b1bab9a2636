"""Measure 13: the provincial brand incubation library (品牌培育库). An enterprise's brand is admitted, then
leaves it by graduating or by being removed; a wrong record is retracted.

All of one enterprise's library entries form one dossier, keyed by its credit code, so that one brand is in
the library at most once at a time. Entry ids carry the credit code: `<uscc>-<n>`. Every event repeats the
enterprise (with its ownership), its region and the trademark, so that a reader counts from each event alone.
The dossier keeps the enterprise in the region its first entry still standing gave (kernel.domain.enterprise).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from kernel.aggregate import AggregateType
from kernel.domain.dates import require_not_future
from kernel.domain.enterprise import Enterprise, require_as_recorded, uscc_problem
from kernel.domain.regions import Region
from kernel.domain.rules import require_on_or_after
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict, DomainRuleViolated, NotFound


class BrandAdmittedToLibrary(DomainEvent, source="training"):
    entry_id: str
    enterprise: Enterprise
    region: Region  # the enterprise's region
    trademark: str
    registration_number: str | None
    admitted_on: date


class BrandGraduatedFromLibrary(DomainEvent, source="training"):
    entry_id: str
    enterprise: Enterprise
    region: Region
    trademark: str
    admitted_on: date
    graduated_on: date


class BrandRemovedFromLibrary(DomainEvent, source="training"):
    entry_id: str
    enterprise: Enterprise
    region: Region
    trademark: str
    admitted_on: date
    removed_on: date
    reason: str


class BrandLibraryEntryRetracted(DomainEvent, source="training"):
    entry_id: str
    region: Region
    reason: str
    retracted_on: date


@dataclass(frozen=True)
class LibraryEntry:
    entry_id: str
    enterprise: Enterprise
    trademark: str
    registration_number: str | None
    admitted_on: date
    graduated_on: date | None = None
    removed_on: date | None = None
    removal_reason: str | None = None
    retracted_on: date | None = None
    retraction_reason: str | None = None

    @property
    def left_on(self) -> date | None:
        return self.graduated_on or self.removed_on

    @property
    def status(self) -> str:
        if self.retracted_on is not None:
            return "retracted"
        if self.graduated_on is not None:
            return "graduated"
        if self.removed_on is not None:
            return "removed"
        return "in_library"

    def is_for(self, trademark: str, registration_number: str | None) -> bool:
        same_number = registration_number is not None and registration_number == self.registration_number
        return same_number or _folded(trademark) == _folded(self.trademark)

    def in_library_on(self, day: date) -> bool:
        return self.retracted_on is None and self.admitted_on <= day and (self.left_on is None or day <= self.left_on)


@dataclass(frozen=True)
class BrandLibrary:
    entries: dict[str, LibraryEntry] = field(default_factory=dict)

    @property
    def enterprise_of_record(self) -> Enterprise | None:
        """The enterprise as the first entry not retracted recorded it."""
        return next((e.enterprise for e in self.entries.values() if e.retracted_on is None), None)


def _folded(trademark: str) -> str:
    return "".join(trademark.split()).casefold()


def apply(state: BrandLibrary, event: DomainEvent) -> BrandLibrary:
    match event:
        case BrandAdmittedToLibrary():
            entry = LibraryEntry(event.entry_id, event.enterprise, event.trademark, event.registration_number, event.admitted_on)
        case BrandGraduatedFromLibrary():
            entry = replace(state.entries[event.entry_id], graduated_on=event.graduated_on)
        case BrandRemovedFromLibrary():
            entry = replace(state.entries[event.entry_id], removed_on=event.removed_on, removal_reason=event.reason)
        case BrandLibraryEntryRetracted():
            entry = replace(state.entries[event.entry_id], retracted_on=event.retracted_on, retraction_reason=event.reason)
        case _:
            return state
    return BrandLibrary({**state.entries, entry.entry_id: entry})


BRAND_LIBRARY = AggregateType("brand-library", BrandLibrary, apply)


def dossier_key(entry_id: str) -> str | None:
    """The credit code an entry id belongs to, or None when it cannot be one."""
    uscc = entry_id.split("-", 1)[0]
    return None if uscc_problem(uscc) else uscc


def region_of_entry(state: BrandLibrary, entry_id: str) -> str | None:
    """The region a write on one entry belongs to: its enterprise's (None: no such entry)."""
    entry = state.entries.get(entry_id)
    return entry.enterprise.region if entry is not None else None


def admit(
    state: BrandLibrary, *, enterprise: Enterprise, trademark: str, registration_number: str | None, admitted_on: date,
    today: date,
) -> list[DomainEvent]:
    require_as_recorded(state.enterprise_of_record, enterprise)
    require_not_future("admitted_on", admitted_on, on=today)
    for entry in state.entries.values():
        if entry.retracted_on is not None or not entry.is_for(trademark, registration_number):
            continue
        if entry.left_on is None:
            raise Conflict(Bilingual(f"{trademark} 自 {entry.admitted_on.isoformat()} 起已在品牌库中（{entry.entry_id}）",
                                      f"{trademark} is in the library since {entry.admitted_on.isoformat()} ({entry.entry_id})"), field="trademark")
        if admitted_on <= entry.left_on:
            raise DomainRuleViolated("admitted_on", Bilingual(f"不晚于该品牌离开品牌库之日（{entry.left_on.isoformat()}）",
                                                              f"is not after the brand left the library ({entry.left_on.isoformat()})"))
    entry_id = f"{enterprise.uscc}-{len(state.entries) + 1}"
    return [
        BrandAdmittedToLibrary(
            entry_id=entry_id, enterprise=enterprise, region=enterprise.region, trademark=trademark,
            registration_number=registration_number, admitted_on=admitted_on,
        )
    ]


def _open_entry(state: BrandLibrary, entry_id: str) -> LibraryEntry:
    entry = state.entries.get(entry_id)
    if entry is None:
        raise NotFound("brand library entry", entry_id)
    if entry.retracted_on is not None:
        raise Conflict(Bilingual(f"品牌库条目 {entry_id} 已于 {entry.retracted_on.isoformat()} 撤回", f"entry {entry_id} was retracted on {entry.retracted_on.isoformat()}"))
    return entry


_LEFT_ZH = {"graduated": "毕业出库", "removed": "移出品牌库"}


def _leaving(state: BrandLibrary, entry_id: str, field_name: str, day: date, today: date) -> LibraryEntry:
    entry = _open_entry(state, entry_id)
    if entry.left_on is not None:
        raise Conflict(Bilingual(f"品牌库条目 {entry_id} 已于 {entry.left_on.isoformat()} {_LEFT_ZH.get(entry.status, entry.status)}",
                                  f"entry {entry_id} already left the library ({entry.status} on {entry.left_on.isoformat()})"))
    require_not_future(field_name, day, on=today)
    require_on_or_after(field_name, day, entry.admitted_on, ("该品牌入库之日", "the brand was admitted"), say_value=False)
    return entry


def graduate(state: BrandLibrary, *, entry_id: str, graduated_on: date, today: date) -> list[DomainEvent]:
    entry = _leaving(state, entry_id, "graduated_on", graduated_on, today)
    return [
        BrandGraduatedFromLibrary(
            entry_id=entry_id, enterprise=entry.enterprise, region=entry.enterprise.region, trademark=entry.trademark,
            admitted_on=entry.admitted_on, graduated_on=graduated_on,
        )
    ]


def remove(state: BrandLibrary, *, entry_id: str, removed_on: date, reason: str, today: date) -> list[DomainEvent]:
    entry = _leaving(state, entry_id, "removed_on", removed_on, today)
    return [
        BrandRemovedFromLibrary(
            entry_id=entry_id, enterprise=entry.enterprise, region=entry.enterprise.region, trademark=entry.trademark,
            admitted_on=entry.admitted_on, removed_on=removed_on, reason=reason,
        )
    ]


def retract(state: BrandLibrary, *, entry_id: str, reason: str, today: date) -> list[DomainEvent]:
    entry = _open_entry(state, entry_id)
    return [BrandLibraryEntryRetracted(entry_id=entry_id, region=entry.enterprise.region, reason=reason, retracted_on=today)]
