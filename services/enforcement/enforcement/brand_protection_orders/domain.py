"""Measure 6: order-based anti-counterfeiting: a brand owner's request, the actions taken on it, its closure."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from kernel.domain.rules import require_distinct, require_on_or_after
from kernel.aggregate import AggregateType
from kernel.domain.dates import require_not_future
from kernel.domain.enterprise import Enterprise
from kernel.domain.regions import Region
from kernel.domain.vocabulary import LabelledEnum
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict, DomainRuleViolated, NotFound


class ActionKind(LabelledEnum):
    MARKET_INSPECTION = "market_inspection", "市场检查", "market inspection"
    RAID = "raid", "查处行动", "raid"
    ONLINE_TAKEDOWN = "online_takedown", "网络下架", "online takedown"
    REFERRAL_TO_POLICE = "referral_to_police", "移送公安", "referral to the police"
    OTHER = "other", "其他", "other"


class OrderOutcome(LabelledEnum):
    FULFILLED = "fulfilled", "已完成", "fulfilled"
    NO_INFRINGEMENT_FOUND = "no_infringement_found", "未发现侵权", "no infringement found"
    WITHDRAWN = "withdrawn", "撤回", "withdrawn"


class BrandProtectionRequested(DomainEvent, source="enforcement"):
    order_id: str
    region: Region  # the bureau taking the order
    brand_owner: Enterprise
    trademark_registration_number: str
    regions_concerned: list[Region]
    markets: list[str]
    requested_on: date


class BrandProtectionActionTaken(DomainEvent, source="enforcement"):
    order_id: str
    region: Region
    brand_owner: Enterprise
    action_region: Region
    kind: ActionKind
    taken_on: date
    goods_seized_count: int | None
    summary: str


class BrandProtectionOrderClosed(DomainEvent, source="enforcement"):
    order_id: str
    region: Region
    brand_owner: Enterprise
    requested_on: date
    closed_on: date
    outcome: OrderOutcome
    actions_taken: int


@dataclass(frozen=True)
class Action:
    action_region: str
    kind: str
    taken_on: date
    goods_seized_count: int | None
    summary: str


@dataclass(frozen=True)
class BrandProtectionOrder:
    order_id: str | None = None
    region: str = ""
    brand_owner: Enterprise | None = None
    trademark_registration_number: str = ""
    regions_concerned: tuple[str, ...] = ()
    markets: tuple[str, ...] = ()
    requested_on: date | None = None
    actions: tuple[Action, ...] = ()
    closed_on: date | None = None
    outcome: str | None = None

    @property
    def requested(self) -> bool:
        return self.order_id is not None


def apply(state: BrandProtectionOrder, event: DomainEvent) -> BrandProtectionOrder:
    match event:
        case BrandProtectionRequested():
            return BrandProtectionOrder(event.order_id, event.region, event.brand_owner, event.trademark_registration_number,
                                        tuple(event.regions_concerned), tuple(event.markets), event.requested_on)
        case BrandProtectionActionTaken():
            action = Action(event.action_region, event.kind, event.taken_on, event.goods_seized_count, event.summary)
            return replace(state, actions=(*state.actions, action))
        case BrandProtectionOrderClosed():
            return replace(state, closed_on=event.closed_on, outcome=event.outcome)
    return state


BRAND_PROTECTION_ORDER = AggregateType("brand-protection-order", BrandProtectionOrder, apply)


def request(
    state: BrandProtectionOrder, *, order_id: str, region: Region, brand_owner: Enterprise, trademark_registration_number: str,
    regions_concerned: list[Region], markets: list[str], requested_on: date, today: date,
) -> list[DomainEvent]:
    if state.requested:
        raise Conflict(Bilingual(f"品牌保护令 {order_id} 已申请", f"brand-protection order {order_id} is already requested"), field="order_id")
    require_distinct("regions_concerned", regions_concerned)
    require_not_future("requested_on", requested_on, on=today)
    return [BrandProtectionRequested(
        order_id=order_id, region=region, brand_owner=brand_owner, trademark_registration_number=trademark_registration_number,
        regions_concerned=regions_concerned, markets=markets, requested_on=requested_on,
    )]


def _open_order(state: BrandProtectionOrder, order_id: str) -> None:
    if not state.requested:
        raise NotFound("brand-protection order", order_id)
    if state.closed_on is not None:
        raise Conflict(Bilingual(f"品牌保护令 {order_id} 已于 {state.closed_on.isoformat()} 办结", f"brand-protection order {order_id} closed on {state.closed_on.isoformat()}"),
                       field="order_id")


def take_action(
    state: BrandProtectionOrder, *, order_id: str, action_region: Region, kind: ActionKind, taken_on: date,
    goods_seized_count: int | None, summary: str, today: date,
) -> list[DomainEvent]:
    _open_order(state, order_id)
    if action_region not in state.regions_concerned:
        raise DomainRuleViolated("action_region", Bilingual(f"{action_region} 不在该保护令涉及的地区之中", f"{action_region} is not among the regions the order concerns"))
    require_not_future("taken_on", taken_on, on=today)
    assert state.requested_on is not None and state.brand_owner is not None
    require_on_or_after("taken_on", taken_on, state.requested_on, ("申请保护令之日", "the order was requested"))
    return [BrandProtectionActionTaken(
        order_id=order_id, region=state.region, brand_owner=state.brand_owner, action_region=action_region, kind=kind,
        taken_on=taken_on, goods_seized_count=goods_seized_count, summary=summary,
    )]


def close(state: BrandProtectionOrder, *, order_id: str, closed_on: date, outcome: OrderOutcome, today: date) -> list[DomainEvent]:
    if state.requested and state.closed_on is not None:
        raise Conflict(Bilingual(f"品牌保护令 {order_id} 已于 {state.closed_on.isoformat()} 办结，不能再次办结",
                                  f"brand-protection order {order_id} already closed on {state.closed_on.isoformat()}"), field="closed_on")
    _open_order(state, order_id)
    require_not_future("closed_on", closed_on, on=today)
    assert state.requested_on is not None and state.brand_owner is not None
    require_on_or_after("closed_on", closed_on, state.requested_on, ("申请保护令之日", "the order was requested"))
    if state.actions:
        require_on_or_after("closed_on", closed_on, max(a.taken_on for a in state.actions), ("最后一次采取行动之日", "the last action taken"))
    if outcome is OrderOutcome.FULFILLED and not state.actions:
        raise DomainRuleViolated("outcome", Bilingual(f"保护令须先采取过行动，才能以 fulfilled（{OrderOutcome.FULFILLED.zh}）办结",
                                                      "an order is fulfilled only once an action has been taken on it"))
    return [BrandProtectionOrderClosed(
        order_id=order_id, region=state.region, brand_owner=state.brand_owner, requested_on=state.requested_on,
        closed_on=closed_on, outcome=outcome, actions_taken=len(state.actions),
    )]
