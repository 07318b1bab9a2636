from __future__ import annotations

import uuid

from fastapi import APIRouter

from kernel.auth import Reader
from kernel.commands import UnitOfWork
from kernel.domain.dates import today
from kernel.endpoints import CHANGE_RESPONSES, NOT_FOUND, WRITE_RESPONSES, Engine
from kernel.problems import NotFound
from kernel.reads import load_state
from outreach.agencies.domain import SERVICE_AGENCY
from outreach.agency_aid import domain
from outreach.agency_aid.schemas import AgencyAidView, AgencyAidWritten, ProvideAgencyAid
from outreach.common import Commands, RecordId, Retract

router = APIRouter(prefix="/v1/agency-aid", tags=["agency aid"])


@router.post("", status_code=201, response_model=AgencyAidWritten, responses=WRITE_RESPONSES,
             summary="Record a free service by an agency to a private enterprise (measure 16)")
async def provide_aid(body: ProvideAgencyAid, commands: Commands):
    aid_id = str(uuid.uuid4())

    async def handle(uow: UnitOfWork) -> AgencyAidWritten:
        agency = await uow.load(SERVICE_AGENCY, body.agency_id)
        if agency.exists:
            uow.principal.require_region(agency.state.region, field="agency_id")
        aid = uow.start(domain.AGENCY_AID, aid_id)
        events = domain.provide(aid.state, agency, aid_id=aid_id, **body.model_dump(exclude={"agency_id", "enterprise"}),
                                enterprise=body.enterprise, today=today())
        return AgencyAidWritten(aid_id=aid_id, stream_version=uow.record(aid, events))

    return await commands.run(handle, location=f"/v1/agency-aid/{aid_id}")


@router.post("/{aid_id}/retraction", status_code=201, response_model=AgencyAidWritten,
             responses=CHANGE_RESPONSES, summary="Retract an agency aid record: it no longer counts")
async def retract_aid(aid_id: RecordId, body: Retract, commands: Commands):
    return await commands.change(
        domain.AGENCY_AID, aid_id,
        lambda aid: domain.retract(aid, aid_id=aid_id, reason=body.reason, today=today()),
        lambda version: AgencyAidWritten(aid_id=aid_id, stream_version=version),
        location=f"/v1/agency-aid/{aid_id}",
    )


@router.get("/{aid_id}", response_model=AgencyAidView, responses=NOT_FOUND, summary="An agency aid record as it stands")
async def get_aid(aid_id: RecordId, engine: Engine, reader: Reader) -> AgencyAidView:
    state, version = await load_state(engine, domain.AGENCY_AID, aid_id, reader)
    if not version:
        raise NotFound("agency aid", aid_id)
    return AgencyAidView(
        aid_id=state.aid_id, agency_id=state.agency_id, region=state.region, enterprise=state.enterprise,
        enterprise_situation=state.enterprise_situation, service_kind=state.service_kind,
        waived_amount_cny=state.waived_amount_cny, provided_on=state.provided_on, summary=state.summary,
        retracted_on=state.retracted_on, retraction_reason=state.retraction_reason, stream_version=version,
    )
