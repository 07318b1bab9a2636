"""Measure 19: policy briefings held for enterprises (patent fee reduction and related application policies).

T19 counts briefings on `patent_fee_reduction` for the audience `private_enterprises` held in the year, so
every briefing carries its date, region, topic, audience and attendance; a wrong record is retracted.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from kernel.aggregate import AggregateType
from kernel.domain.dates import require_not_future
from kernel.domain.regions import Region
from kernel.domain.rules import require_retractable
from kernel.domain.vocabulary import LabelledEnum
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict, DomainRuleViolated


class BriefingTopic(LabelledEnum):
    PATENT_FEE_REDUCTION = "patent_fee_reduction", "专利收费减缓", "patent fee reduction"
    PRIORITY_EXAMINATION = "priority_examination", "专利优先审查", "priority examination"
    PLEDGE_REGISTRATION = "pledge_registration", "专利权质押登记", "pledge registration"
    LICENCE_RECORDATION = "licence_recordation", "实施许可合同备案", "licence recordation"
    OTHER = "other", "其他", "other"


class Audience(LabelledEnum):
    PRIVATE_ENTERPRISES = "private_enterprises", "民营企业", "private enterprises"
    GENERAL = "general", "社会公众", "general public"


class BriefingHeld(DomainEvent, source="outreach"):
    briefing_id: str
    occurred_on: date
    region: Region
    topic: BriefingTopic
    audience: Audience
    attendance: int  # persons attending
    enterprises_attending: int | None  # how many enterprises sent someone, where known
    title: str
    organiser: str


class BriefingRetracted(DomainEvent, source="outreach"):
    briefing_id: str
    reason: str
    retracted_on: date


@dataclass(frozen=True)
class Briefing:
    briefing_id: str | None = None
    occurred_on: date | None = None
    region: str = ""
    topic: BriefingTopic | None = None
    audience: Audience | None = None
    attendance: int = 0
    enterprises_attending: int | None = None
    title: str = ""
    organiser: str = ""
    retracted_on: date | None = None
    retraction_reason: str | None = None

    @property
    def recorded(self) -> bool:
        return self.briefing_id is not None


def apply(state: Briefing, event: DomainEvent) -> Briefing:
    match event:
        case BriefingHeld():
            return Briefing(
                event.briefing_id, event.occurred_on, event.region, event.topic, event.audience, event.attendance,
                event.enterprises_attending, event.title, event.organiser,
            )
        case BriefingRetracted():
            return replace(state, retracted_on=event.retracted_on, retraction_reason=event.reason)
    return state


BRIEFING = AggregateType("briefing", Briefing, apply)


def hold(
    state: Briefing,
    *,
    briefing_id: str,
    occurred_on: date,
    region: Region,
    topic: BriefingTopic,
    audience: Audience,
    attendance: int,
    enterprises_attending: int | None = None,
    title: str = "",
    organiser: str = "",
    today: date,
) -> list[DomainEvent]:
    if state.recorded:
        raise Conflict(Bilingual(f"宣讲会 {briefing_id} 已记录", f"briefing {briefing_id} is already recorded"), field="briefing_id")
    require_not_future("occurred_on", occurred_on, on=today)
    if enterprises_attending is not None and enterprises_attending > attendance:
        raise DomainRuleViolated(
            "enterprises_attending", Bilingual(f"{attendance} 名出席者代表不了 {enterprises_attending} 家企业",
                                               f"{enterprises_attending} enterprises cannot be represented by {attendance} attendees")
        )
    return [
        BriefingHeld(
            briefing_id=briefing_id, occurred_on=occurred_on, region=region, topic=topic, audience=audience,
            attendance=attendance, enterprises_attending=enterprises_attending, title=title, organiser=organiser,
        )
    ]


def retract(state: Briefing, *, briefing_id: str, reason: str, today: date) -> list[DomainEvent]:
    require_retractable(recorded=state.recorded, retracted_on=state.retracted_on, what="briefing", identifier=briefing_id)
    return [BriefingRetracted(briefing_id=briefing_id, reason=reason, retracted_on=today)]
