from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from financing.pledge_projects import domain
from financing.pledge_projects.schemas import (
    DefaultPledgeProject,
    PledgeProjectList,
    PledgeProjectView,
    PledgeProjectWritten,
    RegisterPledgeProject,
    ReleasePledge,
    RetractPledgeProject,
)
from financing.pledge_projects.views import project_view
from financing.vocabulary import ID_PATTERN
from kernel.auth import Reader
from kernel.commands import CommandBus, command_bus
from kernel.domain.dates import today
from kernel.endpoints import CHANGE_RESPONSES, WRITE_RESPONSES, Engine
from kernel.problems import NotFound
from kernel.reads import list_states, load_state

router = APIRouter(prefix="/v1/pledge-projects", tags=["pledge-financing projects"])
Commands = Annotated[CommandBus, Depends(command_bus("financing"))]
ProjectId = Annotated[str, Path(min_length=1, max_length=64, pattern=ID_PATTERN)]


@router.post("", status_code=201, response_model=PledgeProjectWritten, responses={422: WRITE_RESPONSES[422]},
             summary="Register a pledge-financing project (measure 9)")
async def register_project(body: RegisterPledgeProject, commands: Commands):
    project_id = str(uuid.uuid4())

    return await commands.create(
        domain.PLEDGE_PROJECT, project_id,
        lambda project: domain.register(
            project, project_id=project_id, enterprise=body.enterprise, lender=body.lender, amount_cny=body.amount_cny,
            registered_on=body.registered_on, pledged_rights=body.pledged_rights, today=today(),
        ),
        lambda version: PledgeProjectWritten(project_id=project_id, stream_version=version),
        location=f"/v1/pledge-projects/{project_id}", region=body.enterprise.region, region_field="enterprise.region",
    )


@router.post("/{project_id}/retraction", status_code=201, response_model=PledgeProjectWritten, responses=CHANGE_RESPONSES,
             summary="Retract a project record: it no longer counts")
async def retract_project(project_id: ProjectId, body: RetractPledgeProject, commands: Commands):
    return await commands.change(
        domain.PLEDGE_PROJECT, project_id,
        lambda state: domain.retract(state, project_id=project_id, reason=body.reason, today=today()),
        lambda version: PledgeProjectWritten(project_id=project_id, stream_version=version),
        location=f"/v1/pledge-projects/{project_id}",
    )


@router.post("/{project_id}/release", status_code=201, response_model=PledgeProjectWritten, responses=CHANGE_RESPONSES,
             summary="Record that the pledge was released")
async def release_pledge(project_id: ProjectId, body: ReleasePledge, commands: Commands):
    return await commands.change(
        domain.PLEDGE_PROJECT, project_id,
        lambda state: domain.release(state, project_id=project_id, released_on=body.released_on, today=today()),
        lambda version: PledgeProjectWritten(project_id=project_id, stream_version=version),
        location=f"/v1/pledge-projects/{project_id}",
    )


@router.post("/{project_id}/default", status_code=201, response_model=PledgeProjectWritten, responses=CHANGE_RESPONSES,
             summary="Record that the borrower defaulted on the loan")
async def default_project(project_id: ProjectId, body: DefaultPledgeProject, commands: Commands):
    return await commands.change(
        domain.PLEDGE_PROJECT, project_id,
        lambda state: domain.default(
            state, project_id=project_id, defaulted_on=body.defaulted_on, outstanding_cny=body.outstanding_cny, today=today()
        ),
        lambda version: PledgeProjectWritten(project_id=project_id, stream_version=version),
        location=f"/v1/pledge-projects/{project_id}",
    )


@router.get("/{project_id}", response_model=PledgeProjectView, summary="A project as recorded now, with its support")
async def get_project(project_id: ProjectId, engine: Engine, reader: Reader) -> PledgeProjectView:
    state, version = await load_state(engine, domain.PLEDGE_PROJECT, project_id, reader)
    if not version:
        raise NotFound("pledge-financing project", project_id)
    return project_view(state, version)


@router.get("", response_model=PledgeProjectList, summary="All projects, by id")
async def list_projects(
    engine: Engine,
    reader: Reader,
    after: Annotated[str, Query(max_length=64, pattern=r"^([A-Za-z0-9][A-Za-z0-9._-]*)?$", description="Start after this project id.")] = "",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> PledgeProjectList:
    pages, next_after = await list_states(engine, domain.PLEDGE_PROJECT, reader, after=after, limit=limit)
    return PledgeProjectList(items=[project_view(state, version) for state, version in pages], next_after=next_after,
                             limited_to_region=reader.region)
