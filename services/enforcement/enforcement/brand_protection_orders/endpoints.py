from __future__ import annotations

import uuid
from typing import Annotated, Callable

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from enforcement.brand_protection_orders import domain
from enforcement.brand_protection_orders.schemas import (
    ActionView,
    BrandProtectionOrderView,
    BrandProtectionOrderWritten,
    CloseBrandProtectionOrder,
    RequestBrandProtection,
    TakeBrandProtectionAction,
)
from enforcement.routing import RecordId
from kernel.auth import Reader
from kernel.commands import CommandBus, command_bus
from kernel.domain.dates import today
from kernel.endpoints import CHANGE_RESPONSES, WRITE_RESPONSES, Engine
from kernel.events import DomainEvent
from kernel.problems import NotFound
from kernel.reads import load_state

router = APIRouter(prefix="/v1/brand-protection-orders", tags=["brand protection orders"])
Commands = Annotated[CommandBus, Depends(command_bus("enforcement"))]


@router.post("", status_code=201, response_model=BrandProtectionOrderWritten, responses=WRITE_RESPONSES,
             summary="Take a brand owner's anti-counterfeiting order (measure 6); answers with `order_id`")
async def request_order(body: RequestBrandProtection, commands: Commands):
    order_id = str(uuid.uuid4())

    return await commands.create(
        domain.BRAND_PROTECTION_ORDER, order_id,
        lambda order: domain.request(order, order_id=order_id, **dict(body), today=today()),
        lambda version: BrandProtectionOrderWritten(order_id=order_id, stream_version=version),
        location=f"/v1/brand-protection-orders/{order_id}", region=body.region,
    )


async def _write(order_id: str, commands: CommandBus, decide: Callable[[domain.BrandProtectionOrder], list[DomainEvent]]) -> Response:
    return await commands.change(
        domain.BRAND_PROTECTION_ORDER, order_id, decide, lambda version: BrandProtectionOrderWritten(order_id=order_id, stream_version=version),
        location=f"/v1/brand-protection-orders/{order_id}",
    )


@router.post("/{order_id}/actions", status_code=201, response_model=BrandProtectionOrderWritten,
             responses=CHANGE_RESPONSES, summary="Record an action taken on the order")
async def take_action(order_id: RecordId, body: TakeBrandProtectionAction, commands: Commands):
    return await _write(order_id, commands,
                        lambda state: domain.take_action(state, order_id=order_id, **dict(body), today=today()))


@router.post("/{order_id}/closure", status_code=201, response_model=BrandProtectionOrderWritten,
             responses=CHANGE_RESPONSES, summary="Close the order")
async def close_order(order_id: RecordId, body: CloseBrandProtectionOrder, commands: Commands):
    return await _write(order_id, commands, lambda state: domain.close(state, order_id=order_id, **dict(body), today=today()))


@router.get("/{order_id}", response_model=BrandProtectionOrderView, summary="A brand-protection order as recorded now")
async def get_order(order_id: RecordId, engine: Engine, reader: Reader) -> BrandProtectionOrderView:
    state, version = await load_state(engine, domain.BRAND_PROTECTION_ORDER, order_id, reader)
    if not version:
        raise NotFound("brand-protection order", order_id)
    return BrandProtectionOrderView(
        order_id=state.order_id, region=state.region, brand_owner=state.brand_owner,
        trademark_registration_number=state.trademark_registration_number, regions_concerned=list(state.regions_concerned),
        markets=list(state.markets), requested_on=state.requested_on,
        actions=[ActionView(action_region=a.action_region, kind=a.kind, taken_on=a.taken_on,
                            goods_seized_count=a.goods_seized_count, summary=a.summary) for a in state.actions],
        closed_on=state.closed_on, outcome=state.outcome, stream_version=version,
    )
