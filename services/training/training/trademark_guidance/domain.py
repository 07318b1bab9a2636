"""Measure 13: face-to-face trademark guidance (商标品牌指导"面对面") held for an enterprise, on a day, by a
guide; when it was given for a brand in the incubation library the session names that entry and its trademark.
A wrong record is retracted.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal

from kernel.aggregate import AggregateType
from kernel.domain.dates import require_not_future
from kernel.domain.enterprise import Enterprise, require_as_recorded
from kernel.domain.regions import Region
from kernel.domain.rules import require_retractable
from kernel.events import DomainEvent, upcaster
from kernel.i18n import Bilingual
from kernel.problems import Conflict, DomainRuleViolated
from training.brand_library.domain import BrandLibrary


GuidanceFormat = Literal["face_to_face", "online"]


class TrademarkGuidanceHeldV1(DomainEvent, source="training", name="TrademarkGuidanceHeld", version=1):
    """As recorded before sessions said how they were held: every one of them face to face."""

    session_id: str
    enterprise: Enterprise
    region: Region
    held_on: date
    topic: str
    guided_by: str
    library_entry_id: str | None
    trademark: str | None


class TrademarkGuidanceHeld(DomainEvent, source="training", version=2):
    session_id: str
    enterprise: Enterprise
    region: Region  # the enterprise's region
    held_on: date
    topic: str
    guided_by: str
    format: GuidanceFormat  # face to face (面对面) at the enterprise or a window, or online
    library_entry_id: str | None  # the brand library entry the guidance was for, if any
    trademark: str | None  # that entry's trademark


@upcaster(TrademarkGuidanceHeldV1)
def _held_v1_to_v2(data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    return TrademarkGuidanceHeld.event_type, {**data, "format": "face_to_face"}


class TrademarkGuidanceRetracted(DomainEvent, source="training"):
    session_id: str
    region: Region
    reason: str
    retracted_on: date


@dataclass(frozen=True)
class Session:
    session_id: str | None = None
    enterprise: Enterprise | None = None
    held_on: date | None = None
    topic: str = ""
    guided_by: str = ""
    format: str = "face_to_face"
    library_entry_id: str | None = None
    trademark: str | None = None
    retracted_on: date | None = None
    retraction_reason: str | None = None

    @property
    def status(self) -> str:
        return "retracted" if self.retracted_on is not None else "held"


def apply(state: Session, event: DomainEvent) -> Session:
    match event:
        case TrademarkGuidanceHeld():
            return Session(event.session_id, event.enterprise, event.held_on, event.topic, event.guided_by,
                           event.format, event.library_entry_id, event.trademark)
        case TrademarkGuidanceRetracted():
            return replace(state, retracted_on=event.retracted_on, retraction_reason=event.reason)
    return state


SESSION = AggregateType("trademark-guidance", Session, apply)


def hold(
    state: Session, *, session_id: str, enterprise: Enterprise, held_on: date, topic: str, guided_by: str,
    format: GuidanceFormat = "face_to_face", library_entry_id: str | None, library: BrandLibrary, today: date,
) -> list[DomainEvent]:
    """`library` is the enterprise's own brand library dossier; a named entry must be in it and in the library that day."""
    if state.session_id is not None:
        raise Conflict(Bilingual(f"商标指导活动 {session_id!r} 已记录", f"guidance session {session_id!r} is already recorded"), field="session_id")
    require_not_future("held_on", held_on, on=today)
    trademark = None
    if library_entry_id is not None:
        entry = library.entries.get(library_entry_id)
        if entry is None or entry.enterprise.uscc != enterprise.uscc:
            raise DomainRuleViolated("library_entry_id", Bilingual(f"该企业没有品牌库条目 {library_entry_id!r}",
                                                                   f"no brand library entry {library_entry_id!r} is recorded for this enterprise"))
        require_as_recorded(library.enterprise_of_record, enterprise)  # the entry's dossier records its region
        if entry.retracted_on is not None:
            raise DomainRuleViolated("library_entry_id", Bilingual(f"已于 {entry.retracted_on.isoformat()} 撤回", f"was retracted on {entry.retracted_on.isoformat()}"))
        if not entry.in_library_on(held_on):
            left = f" to {entry.left_on.isoformat()}" if entry.left_on else ""
            left_zh = f"至 {entry.left_on.isoformat()}" if entry.left_on else "起"
            raise DomainRuleViolated("held_on", Bilingual(f"当天该品牌不在品牌库中（在库期间：{entry.admitted_on.isoformat()} {left_zh}）",
                                                          f"the brand was not in the library that day (from {entry.admitted_on.isoformat()}{left})"))
        trademark = entry.trademark
    return [
        TrademarkGuidanceHeld(
            session_id=session_id, enterprise=enterprise, region=enterprise.region, held_on=held_on, topic=topic,
            guided_by=guided_by, format=format, library_entry_id=library_entry_id, trademark=trademark,
        )
    ]


def retract(state: Session, *, session_id: str, reason: str, today: date) -> list[DomainEvent]:
    require_retractable(recorded=state.session_id is not None, retracted_on=state.retracted_on,
                        what="trademark guidance session", identifier=session_id, called=("指导活动", "session"))
    return [TrademarkGuidanceRetracted(session_id=session_id, region=state.enterprise.region, reason=reason, retracted_on=today)]
