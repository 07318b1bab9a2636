"""Measures 7 and 8 over HTTP: subsidies, risk compensation and guarantees recorded on a project."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel

from financing.pledge_projects import domain, support
from financing.pledge_projects.events import SupportRecord
from financing.pledge_projects.schemas import (
    AttachGuarantee,
    GrantSubsidy,
    GuaranteeView,
    GuaranteeWritten,
    PayRiskCompensation,
    RetractSupport,
    RiskCompensationView,
    RiskCompensationWritten,
    SubsidyView,
    SubsidyWritten,
)
from financing.pledge_projects.views import SUPPORT_VIEWS
from financing.vocabulary import ID_PATTERN
from kernel.auth import Reader
from kernel.commands import CommandBus, command_bus
from kernel.domain.dates import today
from kernel.endpoints import CHANGE_RESPONSES, Engine
from kernel.problems import NotFound
from kernel.reads import load_state

router = APIRouter(prefix="/v1/pledge-projects", tags=["risk sharing, insurance and guarantees"])
Commands = Annotated[CommandBus, Depends(command_bus("financing"))]
ProjectId = Annotated[str, Path(min_length=1, max_length=64, pattern=ID_PATTERN)]
RecordId = Annotated[str, Path(min_length=1, max_length=64, pattern=ID_PATTERN)]


@router.post("/{project_id}/subsidies", status_code=201, response_model=SubsidyWritten, responses=CHANGE_RESPONSES,
             summary="Grant a subsidy or an interest discount on a project (measure 7)")
async def grant_subsidy(project_id: ProjectId, body: GrantSubsidy, commands: Commands):
    subsidy_id = str(uuid.uuid4())
    return await commands.change(
        domain.PLEDGE_PROJECT, project_id,
        lambda state: support.grant_subsidy(state, project_id=project_id, subsidy_id=subsidy_id, **body.model_dump(), today=today()),
        lambda version: SubsidyWritten(project_id=project_id, subsidy_id=subsidy_id, stream_version=version),
        location=f"/v1/pledge-projects/{project_id}/subsidies/{subsidy_id}",
    )


@router.post("/{project_id}/risk-compensations", status_code=201, response_model=RiskCompensationWritten,
             responses=CHANGE_RESPONSES, summary="Record risk compensation paid on a defaulted project (measure 7)")
async def pay_compensation(project_id: ProjectId, body: PayRiskCompensation, commands: Commands):
    compensation_id = str(uuid.uuid4())
    return await commands.change(
        domain.PLEDGE_PROJECT, project_id,
        lambda state: support.pay_compensation(
            state, project_id=project_id, compensation_id=compensation_id, **body.model_dump(), today=today()
        ),
        lambda version: RiskCompensationWritten(project_id=project_id, compensation_id=compensation_id, stream_version=version),
        location=f"/v1/pledge-projects/{project_id}/risk-compensations/{compensation_id}",
    )


@router.post("/{project_id}/guarantees", status_code=201, response_model=GuaranteeWritten, responses=CHANGE_RESPONSES,
             summary="Attach guarantee insurance or an institution's guarantee to a project (measure 8)")
async def attach_guarantee(project_id: ProjectId, body: AttachGuarantee, commands: Commands):
    guarantee_id = str(uuid.uuid4())
    return await commands.change(
        domain.PLEDGE_PROJECT, project_id,
        lambda state: support.attach_guarantee(state, project_id=project_id, guarantee_id=guarantee_id, **body.model_dump(), today=today()),
        lambda version: GuaranteeWritten(project_id=project_id, guarantee_id=guarantee_id, stream_version=version),
        location=f"/v1/pledge-projects/{project_id}/guarantees/{guarantee_id}",
    )


def _record_routes(record: SupportRecord, segment: str, id_field: str, written: type[BaseModel], view: type[BaseModel]) -> None:
    """The retraction and the read of one kind of support record."""
    name = support.RECORD_NAMES[record]

    async def retract(project_id: ProjectId, record_id: RecordId, body: RetractSupport, commands: Commands) -> Any:
        return await commands.change(
            domain.PLEDGE_PROJECT, project_id,
            lambda state: support.retract_support(
                state, project_id=project_id, record=record, record_id=record_id, reason=body.reason, today=today()
            ),
            lambda version: written(project_id=project_id, stream_version=version, **{id_field: record_id}),
            location=f"/v1/pledge-projects/{project_id}/{segment}/{record_id}",
        )

    async def read(project_id: ProjectId, record_id: RecordId, engine: Engine, reader: Reader) -> Any:
        state, version = await load_state(engine, domain.PLEDGE_PROJECT, project_id, reader)
        found = state.support.get(record_id) if version else None
        if found is None or found.record is not record:
            raise NotFound(f"{name} on project {project_id}", record_id)
        return SUPPORT_VIEWS[record](found)

    router.add_api_route(
        f"/{{project_id}}/{segment}/{{record_id}}/retraction", retract, methods=["POST"], status_code=201, response_model=written,
        responses=CHANGE_RESPONSES, summary=f"Retract a {name} record: it no longer counts", name=f"retract_{record.value}",
    )
    router.add_api_route(
        f"/{{project_id}}/{segment}/{{record_id}}", read, methods=["GET"], response_model=view,
        summary=f"A {name} as recorded now", name=f"get_{record.value}",
    )


_record_routes(SupportRecord.SUBSIDY, "subsidies", "subsidy_id", SubsidyWritten, SubsidyView)
_record_routes(SupportRecord.RISK_COMPENSATION, "risk-compensations", "compensation_id", RiskCompensationWritten, RiskCompensationView)
_record_routes(SupportRecord.GUARANTEE, "guarantees", "guarantee_id", GuaranteeWritten, GuaranteeView)
