"""Measure 24: typical cases of private enterprises using IP, published as special reports."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from kernel.aggregate import AggregateType
from kernel.domain.dates import require_not_future
from kernel.domain.enterprise import Enterprise
from kernel.domain.regions import Region
from kernel.domain.rules import require_distinct, require_retractable
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict, DomainRuleViolated
from outreach.common import require_private

MEASURES = range(1, 25)


class CaseStoryPublished(DomainEvent, source="outreach"):
    story_id: str
    enterprise: Enterprise
    region: Region  # the enterprise's region
    measures: list[int]  # the policy's measures (1-24) the case illustrates
    title: str
    outlet: str
    published_on: date
    summary: str


class CaseStoryRetracted(DomainEvent, source="outreach"):
    story_id: str
    reason: str
    retracted_on: date


@dataclass(frozen=True)
class CaseStory:
    story_id: str | None = None
    enterprise: Enterprise | None = None
    region: str = ""
    measures: tuple[int, ...] = ()
    title: str = ""
    outlet: str = ""
    published_on: date | None = None
    summary: str = ""
    retracted_on: date | None = None
    retraction_reason: str | None = None

    @property
    def recorded(self) -> bool:
        return self.story_id is not None


def apply(state: CaseStory, event: DomainEvent) -> CaseStory:
    match event:
        case CaseStoryPublished():
            return CaseStory(event.story_id, event.enterprise, event.region, tuple(event.measures), event.title,
                             event.outlet, event.published_on, event.summary)
        case CaseStoryRetracted():
            return replace(state, retracted_on=event.retracted_on, retraction_reason=event.reason)
    return state


CASE_STORY = AggregateType("case-story", CaseStory, apply)


def publish(
    state: CaseStory, *, story_id: str, enterprise: Enterprise, measures: list[int], title: str, published_on: date,
    outlet: str = "", summary: str = "", today: date,
) -> list[DomainEvent]:
    if state.recorded:
        raise Conflict(Bilingual(f"典型案例 {story_id} 已记录", f"case story {story_id} is already recorded"), field="story_id")
    require_private("enterprise", enterprise, ("典型案例", "a case story"))
    if not measures:
        raise DomainRuleViolated("measures", Bilingual("请至少列出一项该案例所体现的措施", "name at least one measure the case illustrates"))
    for index, measure in enumerate(measures):
        if measure not in MEASURES:
            raise DomainRuleViolated(f"measures.{index}", Bilingual(f"{measure} 不是第 1 至 24 项措施之一", f"{measure} is not one of the measures 1-24"))
    require_distinct("measures", measures, label=lambda measure: Bilingual(f"措施 {measure}", f"measure {measure}"))
    require_not_future("published_on", published_on, on=today)
    return [CaseStoryPublished(story_id=story_id, enterprise=enterprise, region=enterprise.region, measures=measures,
                               title=title, outlet=outlet, published_on=published_on, summary=summary)]


def retract(state: CaseStory, *, story_id: str, reason: str, today: date) -> list[DomainEvent]:
    require_retractable(recorded=state.recorded, retracted_on=state.retracted_on, what="case story", identifier=story_id)
    return [CaseStoryRetracted(story_id=story_id, reason=reason, retracted_on=today)]
