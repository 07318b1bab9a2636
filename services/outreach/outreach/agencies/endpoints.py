from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from kernel.auth import Reader
from kernel.domain.dates import today
from kernel.endpoints import CHANGE_RESPONSES, NOT_FOUND, WRITE_RESPONSES, Engine
from kernel.problems import NotFound
from kernel.reads import list_states, load_state
from outreach.agencies import domain
from outreach.agencies.schemas import (
    LeaveClusterZone,
    RecordSupervision,
    RegisterServiceAgency,
    ServiceAgencyList,
    ServiceAgencyView,
    ServiceAgencyWritten,
    SettleInClusterZone,
    SupervisionWritten,
)
from outreach.common import Commands, RecordId

router = APIRouter(prefix="/v1/service-agencies", tags=["service agencies"])


@router.post("", status_code=201, response_model=ServiceAgencyWritten, responses=WRITE_RESPONSES,
             summary="Register an IP service agency (measure 14)")
async def register_agency(body: RegisterServiceAgency, commands: Commands):
    return await commands.create(
        domain.SERVICE_AGENCY, body.agency_id,
        lambda agency: domain.register(agency, **body.model_dump(), today=today()),
        lambda version: ServiceAgencyWritten(agency_id=body.agency_id, stream_version=version),
        location=f"/v1/service-agencies/{body.agency_id}", region=body.region, fresh=False,
    )


@router.post("/{agency_id}/cluster-zone-settlement", status_code=201, response_model=ServiceAgencyWritten,
             responses=CHANGE_RESPONSES, summary="The agency settles in the East Lake cluster zone (measure 15)")
async def settle_in_zone(agency_id: RecordId, body: SettleInClusterZone, commands: Commands):
    return await commands.change(
        domain.SERVICE_AGENCY, agency_id,
        lambda agency: domain.settle_in_zone(agency, agency_id=agency_id, settled_on=body.settled_on, today=today()),
        lambda version: ServiceAgencyWritten(agency_id=agency_id, stream_version=version),
        location=f"/v1/service-agencies/{agency_id}",
    )


@router.post("/{agency_id}/cluster-zone-departure", status_code=201, response_model=ServiceAgencyWritten,
             responses=CHANGE_RESPONSES, summary="The agency leaves the East Lake cluster zone")
async def leave_zone(agency_id: RecordId, body: LeaveClusterZone, commands: Commands):
    return await commands.change(
        domain.SERVICE_AGENCY, agency_id,
        lambda agency: domain.leave_zone(agency, agency_id=agency_id, left_on=body.left_on, today=today()),
        lambda version: ServiceAgencyWritten(agency_id=agency_id, stream_version=version),
        location=f"/v1/service-agencies/{agency_id}",
    )


@router.post("/{agency_id}/supervision-actions", status_code=201, response_model=SupervisionWritten,
             responses=CHANGE_RESPONSES, summary="Record a supervision action on the agency (measure 14)")
async def supervise(agency_id: RecordId, body: RecordSupervision, commands: Commands):
    action_id = str(uuid.uuid4())
    return await commands.change(
        domain.SERVICE_AGENCY, agency_id,
        lambda agency: domain.supervise(agency, agency_id=agency_id, action_id=action_id, **body.model_dump(), today=today()),
        lambda version: SupervisionWritten(agency_id=agency_id, action_id=action_id, stream_version=version),
        location=f"/v1/service-agencies/{agency_id}",
    )


def _view(state: domain.ServiceAgency, version: int) -> ServiceAgencyView:
    return ServiceAgencyView(
        agency_id=state.agency_id, name=state.name, uscc=state.uscc, ownership=state.ownership, region=state.region,
        registered_on=state.registered_on, in_cluster_zone=state.in_cluster_zone, zone_changed_on=state.zone_changed_on,
        supervision_actions=state.supervision_actions, stream_version=version,
    )


@router.get("/{agency_id}", response_model=ServiceAgencyView, responses=NOT_FOUND, summary="An agency as recorded now")
async def get_agency(agency_id: RecordId, engine: Engine, reader: Reader) -> ServiceAgencyView:
    state, version = await load_state(engine, domain.SERVICE_AGENCY, agency_id, reader)
    if not version:
        raise NotFound("service agency", agency_id)
    return _view(state, version)


@router.get("", response_model=ServiceAgencyList, summary="All service agencies, by id")
async def list_agencies(
    engine: Engine,
    reader: Reader,
    after: Annotated[str, Query(max_length=64, description="Start after this agency id.")] = "",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> ServiceAgencyList:
    pages, next_after = await list_states(engine, domain.SERVICE_AGENCY, reader, after=after, limit=limit)
    return ServiceAgencyList(items=[_view(state, version) for state, version in pages], next_after=next_after,
                             limited_to_region=reader.region)
