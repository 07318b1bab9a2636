"""Measure 10: enterprises in the provincial university-and-enterprise IP demonstration program (admitted,
leaving), and enterprises implementing or certified to the Enterprise IP Management Standard (GB/T 29490).
Both are kept per enterprise, keyed by its credit code, in the region the enterprise was first recorded in there
(kernel.domain.enterprise: a record claiming another region is refused). A wrong record is retracted: a
membership as a whole (its admission with its departure, if any), the beginning of implementation, or one
certification."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from kernel.aggregate import AggregateType
from kernel.domain.dates import require_not_future
from kernel.domain.enterprise import Enterprise, require_as_recorded
from kernel.domain.regions import Region
from kernel.domain.rules import require_on_or_after
from kernel.domain.vocabulary import LabelledEnum
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict, DomainRuleViolated, NotFound


class ProgramLevel(LabelledEnum):
    DEMONSTRATION = "demonstration", "示范", "demonstration"
    PILOT = "pilot", "试点", "pilot"


class DemonstrationProgramJoined(DomainEvent, source="training"):
    enterprise: Enterprise
    region: Region
    level: ProgramLevel
    admitted_on: date


class DemonstrationProgramLeft(DomainEvent, source="training"):
    uscc: str
    region: Region
    left_on: date
    reason: str


class DemonstrationProgramMembershipRetracted(DomainEvent, source="training"):
    """The latest membership (its admission, and its departure when one is recorded) no longer counts."""

    uscc: str
    region: Region
    level: ProgramLevel
    admitted_on: date
    left_on: date | None
    reason: str
    retracted_on: date


@dataclass(frozen=True)
class Membership:
    enterprise: Enterprise | None = None
    level: str | None = None
    admitted_on: date | None = None
    left_on: date | None = None
    leaving_reason: str | None = None
    earlier: Membership | None = None  # the membership before this one, which a retraction restores

    @property
    def is_member(self) -> bool:
        return self.admitted_on is not None and self.left_on is None

    @property
    def enterprise_of_record(self) -> Enterprise | None:
        """The enterprise as its first membership still standing recorded it (None when none stands)."""
        first = self
        while first.earlier is not None:
            first = first.earlier
        return first.enterprise


def apply_membership(state: Membership, event: DomainEvent) -> Membership:
    match event:
        case DemonstrationProgramJoined():
            return Membership(event.enterprise, event.level, event.admitted_on, earlier=state if state.enterprise else None)
        case DemonstrationProgramLeft():
            return replace(state, left_on=event.left_on, leaving_reason=event.reason)
        case DemonstrationProgramMembershipRetracted():
            return state.earlier or Membership()
    return state


MEMBERSHIP = AggregateType("program-membership", Membership, apply_membership)


def admit(state: Membership, *, enterprise: Enterprise, level: ProgramLevel, admitted_on: date, today: date) -> list[DomainEvent]:
    require_as_recorded(state.enterprise_of_record, enterprise)
    if state.is_member:
        raise Conflict(Bilingual(f"{enterprise.uscc} 自 {state.admitted_on.isoformat()} 起已是示范项目成员",
                                  f"{enterprise.uscc} is in the program since {state.admitted_on.isoformat()}"), field="enterprise.uscc")
    require_not_future("admitted_on", admitted_on, on=today)
    if state.left_on is not None and admitted_on <= state.left_on:
        raise DomainRuleViolated("admitted_on", Bilingual(f"不晚于该企业退出示范项目之日（{state.left_on.isoformat()}）",
                                                          f"is not after the enterprise left the program ({state.left_on.isoformat()})"))
    return [DemonstrationProgramJoined(enterprise=enterprise, region=enterprise.region, level=level, admitted_on=admitted_on)]


def leave(state: Membership, *, uscc: str, left_on: date, reason: str, today: date) -> list[DomainEvent]:
    if state.enterprise is None:
        raise NotFound("program member", uscc)
    if not state.is_member:
        raise Conflict(Bilingual(f"{uscc} 已于 {state.left_on.isoformat()} 退出示范项目", f"{uscc} already left the program on {state.left_on.isoformat()}"))
    require_not_future("left_on", left_on, on=today)
    require_on_or_after("left_on", left_on, state.admitted_on, ("该企业入选之日", "the enterprise was admitted"), say_value=False)
    return [DemonstrationProgramLeft(uscc=uscc, region=state.enterprise_of_record.region, left_on=left_on, reason=reason)]


def retract_membership(state: Membership, *, uscc: str, reason: str, today: date) -> list[DomainEvent]:
    if state.enterprise is None:
        raise NotFound("program member", uscc)
    return [
        DemonstrationProgramMembershipRetracted(
            uscc=uscc, region=state.enterprise_of_record.region, level=state.level, admitted_on=state.admitted_on,
            left_on=state.left_on, reason=reason, retracted_on=today,
        )
    ]


class ManagementStandardImplementationBegun(DomainEvent, source="training"):
    enterprise: Enterprise
    region: Region
    began_on: date


class ManagementStandardCertified(DomainEvent, source="training"):
    enterprise: Enterprise
    region: Region
    certified_on: date
    certifier: str
    certificate_number: str | None


class ManagementStandardImplementationRetracted(DomainEvent, source="training"):
    uscc: str
    region: Region
    began_on: date
    reason: str
    retracted_on: date


class ManagementStandardCertificationRetracted(DomainEvent, source="training"):
    uscc: str
    region: Region
    certified_on: date
    reason: str
    retracted_on: date


@dataclass(frozen=True)
class StandardAdoption:
    enterprise: Enterprise | None = None  # as the latest record gave it
    began_on: date | None = None
    certified_on: tuple[date, ...] = ()
    enterprise_of_record: Enterprise | None = None  # as the first record still standing gave it


def _recorded(state: StandardAdoption, event: DomainEvent) -> StandardAdoption:
    return replace(state, enterprise=event.enterprise, enterprise_of_record=state.enterprise_of_record or event.enterprise)


def _unless_nothing_stands(state: StandardAdoption) -> StandardAdoption:
    return state if state.began_on is not None or state.certified_on else replace(state, enterprise_of_record=None)


def apply_adoption(state: StandardAdoption, event: DomainEvent) -> StandardAdoption:
    match event:
        case ManagementStandardImplementationBegun():
            return replace(_recorded(state, event), began_on=event.began_on)
        case ManagementStandardCertified():
            return replace(_recorded(state, event), certified_on=(*state.certified_on, event.certified_on))
        case ManagementStandardImplementationRetracted():
            return _unless_nothing_stands(replace(state, began_on=None))
        case ManagementStandardCertificationRetracted():
            return _unless_nothing_stands(replace(state, certified_on=tuple(d for d in state.certified_on if d != event.certified_on)))
    return state


STANDARD_ADOPTION = AggregateType("management-standard", StandardAdoption, apply_adoption)


def begin_implementation(state: StandardAdoption, *, enterprise: Enterprise, began_on: date, today: date) -> list[DomainEvent]:
    require_as_recorded(state.enterprise_of_record, enterprise)
    if state.began_on is not None:
        raise Conflict(Bilingual(f"{enterprise.uscc} 已于 {state.began_on.isoformat()} 开始贯彻 GB/T 29490",
                                  f"{enterprise.uscc} began implementing GB/T 29490 on {state.began_on.isoformat()}"), field="enterprise.uscc")
    require_not_future("began_on", began_on, on=today)
    if state.certified_on and began_on > min(state.certified_on):
        raise DomainRuleViolated("began_on", Bilingual(f"晚于该企业通过认证之日（{min(state.certified_on).isoformat()}）",
                                                       f"is after the enterprise was certified ({min(state.certified_on).isoformat()})"))
    return [ManagementStandardImplementationBegun(enterprise=enterprise, region=enterprise.region, began_on=began_on)]


def certify(
    state: StandardAdoption, *, enterprise: Enterprise, certified_on: date, certifier: str,
    certificate_number: str | None, today: date,
) -> list[DomainEvent]:
    require_as_recorded(state.enterprise_of_record, enterprise)
    require_not_future("certified_on", certified_on, on=today)
    if certified_on in state.certified_on:
        raise Conflict(Bilingual(f"已记录 {enterprise.uscc} 于 {certified_on.isoformat()} 通过认证",
                                  f"{enterprise.uscc} is already recorded as certified on {certified_on.isoformat()}"), field="certified_on")
    require_on_or_after("certified_on", certified_on, state.began_on, ("该企业开始贯标之日", "the enterprise began implementing the standard"), say_value=False)
    return [
        ManagementStandardCertified(
            enterprise=enterprise, region=enterprise.region, certified_on=certified_on, certifier=certifier,
            certificate_number=certificate_number,
        )
    ]


def retract_implementation(state: StandardAdoption, *, uscc: str, reason: str, today: date) -> list[DomainEvent]:
    if state.began_on is None:
        raise NotFound("GB/T 29490 implementation", uscc)
    return [
        ManagementStandardImplementationRetracted(
            uscc=uscc, region=state.enterprise_of_record.region, began_on=state.began_on, reason=reason, retracted_on=today
        )
    ]


def retract_certification(state: StandardAdoption, *, uscc: str, certified_on: date, reason: str, today: date) -> list[DomainEvent]:
    if certified_on not in state.certified_on:
        raise NotFound("GB/T 29490 certification", f"{uscc} on {certified_on.isoformat()}")
    return [
        ManagementStandardCertificationRetracted(
            uscc=uscc, region=state.enterprise_of_record.region, certified_on=certified_on, reason=reason, retracted_on=today
        )
    ]
