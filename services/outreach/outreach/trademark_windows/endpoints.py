from __future__ import annotations

from fastapi import APIRouter

from kernel.auth import Reader
from kernel.domain.dates import today
from kernel.endpoints import CHANGE_RESPONSES, NOT_FOUND, WRITE_RESPONSES, Engine
from kernel.problems import NotFound
from kernel.reads import load_state
from outreach.common import Commands, RecordId
from outreach.trademark_windows import domain
from outreach.trademark_windows.schemas import (
    CountAcceptances,
    MonthlyFigure,
    OpenTrademarkWindow,
    TrademarkWindowView,
    TrademarkWindowWritten,
)

router = APIRouter(prefix="/v1/trademark-windows", tags=["trademark windows"])


@router.post("", status_code=201, response_model=TrademarkWindowWritten, responses=WRITE_RESPONSES,
             summary="Register a trademark acceptance window (measure 21)")
async def open_window(body: OpenTrademarkWindow, commands: Commands):
    return await commands.create(
        domain.TRADEMARK_WINDOW, body.window_id,
        lambda window: domain.open_window(window, **body.model_dump(), today=today()),
        lambda version: TrademarkWindowWritten(window_id=body.window_id, stream_version=version),
        location=f"/v1/trademark-windows/{body.window_id}", region=body.region, fresh=False,
    )


@router.post("/{window_id}/monthly-acceptances", status_code=201, response_model=TrademarkWindowWritten,
             responses=CHANGE_RESPONSES,
             summary="Report the applications a window accepted in a month; a later figure replaces an earlier one")
async def count_acceptances(window_id: RecordId, body: CountAcceptances, commands: Commands):
    return await commands.change(
        domain.TRADEMARK_WINDOW, window_id,
        lambda window: domain.count_acceptances(window, window_id=window_id, month=body.month,
                                                applications_accepted=body.applications_accepted, today=today()),
        lambda version: TrademarkWindowWritten(window_id=window_id, stream_version=version),
        location=f"/v1/trademark-windows/{window_id}",
    )


@router.get("/{window_id}", response_model=TrademarkWindowView, responses=NOT_FOUND,
            summary="A window and the figures that stand for each month")
async def get_window(window_id: RecordId, engine: Engine, reader: Reader) -> TrademarkWindowView:
    state, version = await load_state(engine, domain.TRADEMARK_WINDOW, window_id, reader)
    if not version:
        raise NotFound("trademark window", window_id)
    return TrademarkWindowView(
        window_id=state.window_id, name=state.name, host=state.host, region=state.region, opened_on=state.opened_on,
        monthly=[MonthlyFigure(month=m, applications_accepted=n) for m, n in sorted(state.monthly.items())],
        stream_version=version,
    )
