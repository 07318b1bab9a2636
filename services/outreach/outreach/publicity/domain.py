"""Measure 23: publicity of the policies for private enterprises in traditional and new media."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from kernel.aggregate import AggregateType
from kernel.domain.dates import require_not_future
from kernel.domain.regions import ReportingArea
from kernel.domain.rules import require_retractable
from kernel.domain.vocabulary import LabelledEnum
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict


class Channel(LabelledEnum):
    NEWSPAPER = "newspaper", "报纸", "newspaper"
    TV = "tv", "电视", "TV"
    WEBSITE = "website", "网站", "website"
    WECHAT = "wechat", "微信", "WeChat"
    WEIBO = "weibo", "微博", "Weibo"
    OTHER = "other", "其他", "other"


class PublicityItemPublished(DomainEvent, source="outreach"):
    item_id: str
    channel: Channel
    published_on: date
    region: ReportingArea  # the province (420000) for provincial publicity, or a division
    title: str
    outlet: str
    reach: int | None  # readers, viewers or visits, where known


class PublicityItemRetracted(DomainEvent, source="outreach"):
    item_id: str
    reason: str
    retracted_on: date


@dataclass(frozen=True)
class PublicityItem:
    item_id: str | None = None
    channel: Channel | None = None
    published_on: date | None = None
    region: str = ""
    title: str = ""
    outlet: str = ""
    reach: int | None = None
    retracted_on: date | None = None
    retraction_reason: str | None = None

    @property
    def recorded(self) -> bool:
        return self.item_id is not None


def apply(state: PublicityItem, event: DomainEvent) -> PublicityItem:
    match event:
        case PublicityItemPublished():
            return PublicityItem(event.item_id, event.channel, event.published_on, event.region, event.title, event.outlet, event.reach)
        case PublicityItemRetracted():
            return replace(state, retracted_on=event.retracted_on, retraction_reason=event.reason)
    return state


PUBLICITY_ITEM = AggregateType("publicity-item", PublicityItem, apply)


def publish(
    state: PublicityItem, *, item_id: str, channel: Channel, published_on: date, region: ReportingArea, title: str,
    outlet: str = "", reach: int | None = None, today: date,
) -> list[DomainEvent]:
    if state.recorded:
        raise Conflict(Bilingual(f"宣传报道 {item_id} 已记录", f"publicity item {item_id} is already recorded"), field="item_id")
    require_not_future("published_on", published_on, on=today)
    return [PublicityItemPublished(item_id=item_id, channel=channel, published_on=published_on, region=region,
                                   title=title, outlet=outlet, reach=reach)]


def retract(state: PublicityItem, *, item_id: str, reason: str, today: date) -> list[DomainEvent]:
    require_retractable(recorded=state.recorded, retracted_on=state.retracted_on, what="publicity item", identifier=item_id)
    return [PublicityItemRetracted(item_id=item_id, reason=reason, retracted_on=today)]
