from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy import and_, or_, select

from enforcement.credit_list import domain
from enforcement.credit_list.readmodel import credit_listings as table
from enforcement.credit_list.schemas import (
    CreditListWritten,
    CreditSnapshot,
    CreditStatus,
    DelistEntity,
    ListEntity,
    ListingView,
    SnapshotEntry,
)
from enforcement.routing import UsccPath, credit_code
from kernel.auth import Reader
from kernel.commands import CommandBus, UnitOfWork, command_bus
from kernel.domain.dates import IsoDate, today
from kernel.endpoints import WRITE_RESPONSES, Engine

router = APIRouter(prefix="/v1/credit-list", tags=["credit list"])
Commands = Annotated[CommandBus, Depends(command_bus("enforcement"))]


@router.post("", status_code=201, response_model=CreditListWritten, responses=WRITE_RESPONSES,
             summary="List a seriously dishonest entity for joint punishment (measure 5)")
async def list_entity(body: ListEntity, commands: Commands):
    async def handle(uow: UnitOfWork) -> CreditListWritten:
        uow.principal.require_region(body.region)
        entity = await uow.load(domain.CREDIT_ENTITY, body.uscc)
        events = domain.list_entity(entity.state, **dict(body), today=today())
        return CreditListWritten(uscc=body.uscc, listing_number=events[0].listing_number, stream_version=uow.record(entity, events))

    return await commands.run(handle, location=f"/v1/credit-list/{body.uscc}")


@router.post("/{uscc}/delisting", status_code=201, response_model=CreditListWritten,
             responses={404: {"description": "Never listed"}, **WRITE_RESPONSES}, summary="Delist an entity")
async def delist_entity(uscc: UsccPath, body: DelistEntity, commands: Commands):
    code = credit_code(uscc)

    async def handle(uow: UnitOfWork) -> CreditListWritten:
        entity = await uow.load(domain.CREDIT_ENTITY, code)
        if entity.state.current is not None:
            uow.principal.require_region(entity.state.current.region)
        events = domain.delist_entity(entity.state, uscc=code, delisted_on=body.delisted_on, reason=body.reason, today=today())
        return CreditListWritten(uscc=code, listing_number=events[0].listing_number, stream_version=uow.record(entity, events))

    return await commands.run(handle, location=f"/v1/credit-list/{code}")


def _in_force_on(day: date):
    return and_(table.c.listed_on <= day, or_(table.c.delisted_on.is_(None), table.c.delisted_on > day))


@router.get("/{uscc}", response_model=CreditStatus,
            summary="Is this entity on the credit list? Since when, why, and its history",
            description="Answers for any valid credit code: an entity never listed is `listed: false` with an empty history.")
async def credit_status(
    uscc: UsccPath,
    request: Request,
    engine: Engine,
    _: Reader,
    on: Annotated[IsoDate | None, Query(description="Answer for this day instead of today.")] = None,
) -> CreditStatus:
    code = credit_code(uscc)
    day = on or today()
    await request.app.state.follower.catch_up()
    async with engine.connect() as conn:
        rows = (await conn.execute(select(table).where(table.c.uscc == code).order_by(table.c.listing_number))).all()
    history = [
        ListingView(listing_number=r.listing_number, name=r.name, region=r.region, authority=r.authority, basis=r.basis,
                    listed_on=r.listed_on, delisted_on=r.delisted_on, delisting_reason=r.delisting_reason)
        for r in rows
    ]
    current = next((h for h in history if h.listed_on <= day and (h.delisted_on is None or h.delisted_on > day)), None)
    if current is None:
        return CreditStatus(uscc=code, on=day, listed=False, listed_since=None, name=None, authority=None, basis=None, history=history)
    return CreditStatus(
        uscc=code, on=day, listed=True, listed_since=current.listed_on, name=current.name, authority=current.authority,
        basis=current.basis, history=history,
    )


@router.get("", response_model=CreditSnapshot, summary="The credit list as it stood on a day",
            description="Entities listed on or before `listed_on_or_before` and not delisted by then, by credit code.")
async def credit_snapshot(
    request: Request,
    engine: Engine,
    _: Reader,
    listed_on_or_before: Annotated[IsoDate | None, Query(description="The day of the snapshot (default: today).")] = None,
    after: Annotated[str, Query(max_length=40, description="Start after this credit code.")] = "",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> CreditSnapshot:
    day = listed_on_or_before or today()
    await request.app.state.follower.catch_up()
    query = select(table).where(_in_force_on(day), table.c.uscc > after.strip().upper()).order_by(table.c.uscc).limit(limit)
    async with engine.connect() as conn:
        rows = (await conn.execute(query)).all()
    items = [
        SnapshotEntry(uscc=r.uscc, name=r.name, listing_number=r.listing_number, region=r.region, authority=r.authority,
                      basis=r.basis, listed_on=r.listed_on)
        for r in rows
    ]
    return CreditSnapshot(listed_on_or_before=day, items=items, next_after=items[-1].uscc if len(items) == limit else None)
