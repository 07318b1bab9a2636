from __future__ import annotations

import uuid

from fastapi import APIRouter

from kernel.auth import Reader
from kernel.domain.dates import today
from kernel.endpoints import CHANGE_RESPONSES, NOT_FOUND, WRITE_RESPONSES, Engine
from kernel.problems import NotFound
from kernel.reads import load_state
from outreach.common import Commands, RecordId, Retract
from outreach.patent_onsite_services import domain
from outreach.patent_onsite_services.schemas import (
    PatentOnsiteServiceView,
    PatentOnsiteServiceWritten,
    ProvidePatentOnsiteService,
)

router = APIRouter(prefix="/v1/patent-onsite-services", tags=["patent on-site services"])


@router.post("", status_code=201, response_model=PatentOnsiteServiceWritten, responses=WRITE_RESPONSES,
             summary="Record a patent service provided at an enterprise (measure 19)")
async def provide_service(body: ProvidePatentOnsiteService, commands: Commands):
    service_id = str(uuid.uuid4())

    return await commands.create(
        domain.PATENT_ONSITE_SERVICE, service_id,
        lambda service: domain.provide(service, service_id=service_id, occurred_on=body.occurred_on,
                                       enterprise=body.enterprise, kind=body.kind, summary=body.summary, today=today()),
        lambda version: PatentOnsiteServiceWritten(service_id=service_id, stream_version=version),
        location=f"/v1/patent-onsite-services/{service_id}", region=body.enterprise.region, region_field="enterprise.region",
    )


@router.post("/{service_id}/retraction", status_code=201, response_model=PatentOnsiteServiceWritten,
             responses=CHANGE_RESPONSES, summary="Retract an on-site service record: it no longer counts")
async def retract_service(service_id: RecordId, body: Retract, commands: Commands):
    return await commands.change(
        domain.PATENT_ONSITE_SERVICE, service_id,
        lambda service: domain.retract(service, service_id=service_id, reason=body.reason, today=today()),
        lambda version: PatentOnsiteServiceWritten(service_id=service_id, stream_version=version),
        location=f"/v1/patent-onsite-services/{service_id}",
    )


@router.get("/{service_id}", response_model=PatentOnsiteServiceView, responses=NOT_FOUND,
            summary="An on-site service as recorded now")
async def get_service(service_id: RecordId, engine: Engine, reader: Reader) -> PatentOnsiteServiceView:
    state, version = await load_state(engine, domain.PATENT_ONSITE_SERVICE, service_id, reader)
    if not version:
        raise NotFound("on-site service", service_id)
    return PatentOnsiteServiceView(
        service_id=state.service_id, occurred_on=state.occurred_on, region=state.region, enterprise=state.enterprise,
        kind=state.kind, summary=state.summary, retracted_on=state.retracted_on,
        retraction_reason=state.retraction_reason, stream_version=version,
    )
