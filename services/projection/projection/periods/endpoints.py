"""`/v1/periods/...` (the workflow's steps and states) and `/v1/restatements`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Path, Query, Request
from fastapi.responses import Response

from kernel.audit import audit_router
from kernel.auth import REPORTING_APPROVE_SCOPE, REPORTING_SUBMIT_SCOPE, Reader
from kernel.commands import CommandBus
from kernel.domain.regions import ReportingArea
from kernel.feed import feed_router
from projection.periods import commands, domain, listing, restatements
from projection.periods.schemas import PeriodList, Reason, RestatementList, Step

router = APIRouter(tags=["reporting"])
# the workflow's own events (CloudEvents, commit order) and who took each step: the kernel's feed and audit
router.include_router(feed_router("projection", path="/v1/periods/events"))
router.include_router(audit_router(path="/v1/periods/audit"))

Region = Annotated[ReportingArea, Path(description="A division's GB/T 2260 code, or 420000 for the province's own period.")]
Period = Annotated[str, Path(pattern=domain.PERIOD_PATTERN, description="A month (`2019-03`) or a year (`2019`).", examples=["2019-03"])]
Submitter = Annotated[CommandBus, Depends(commands.period_bus(REPORTING_SUBMIT_SCOPE))]
Approver = Annotated[CommandBus, Depends(commands.period_bus(REPORTING_APPROVE_SCOPE))]
Year = Annotated[int, Query(ge=2000, le=2100, examples=[2019])]
AREA = Annotated[ReportingArea | None, Query(description="One region (or 420000, the province's own periods); all when absent.")]
# 409: the step does not follow from the period's state (submitting an approved month, approving a year whose
# months are not all approved, a write that raced another)
STEP = {"response_model": Step, "status_code": 201,
        "responses": {409: {"description": "The period is not in a state this step follows, or it changed concurrently"}}}


@router.post("/v1/periods/{region}/{period}/submission", **STEP, summary="The region vouches for its figures of the period as known now",
             description="Scope `reporting:submit`; a region-limited token submits its own region only. Freezes the region's "
             "targets and their figures (T04's center-months, the counts to date) as known at this step's recorded moment, "
             "the submitted vintage. Allowed when open, returned, reopened, or submitted (a resubmission refreshes the "
             "vintage); an approved period is reopened first; a period that has not ended (Beijing time) is a 409.")
async def submission(request: Request, bus: Submitter, region: Region, period: Period) -> Response:
    return await commands.submit(request, bus, region, period)


@router.post("/v1/periods/{region}/{period}/approval", **STEP, summary="The province approves the submitted figures",
             description="Scope `reporting:approve` and a token without a region. A division's period must be submitted, and "
             "its figures now must equal those of the submission: else a 409 listing the changes (`changes`), and the region "
             "submits again. The province's own period (420000) needs every division's same period approved: else a 409 "
             "naming those that are not (`regions`). The approval's recorded moment is the approved vintage.")
async def approval(request: Request, bus: Approver, region: Region, period: Period) -> Response:
    return await commands.approve(request, bus, region, period)


@router.post("/v1/periods/{region}/{period}/return", **STEP, summary="Sent back to the region with a reason",
             description="Scope `reporting:approve`. Only a submitted period; the region may submit again.")
async def return_(request: Request, bus: Approver, region: Region, period: Period, body: Annotated[Reason, Body()]) -> Response:
    return await commands.change_state(request, bus, region, period,
                                       lambda s: domain.decide_return(s, region, period, body.reason))


@router.post("/v1/periods/{region}/{period}/reopening", **STEP, summary="An approved period is opened again",
             description="Scope `reporting:approve`. Only an approved period; it is then submitted and approved again. Until "
             "then it has no approved vintage (404).")
async def reopening(request: Request, bus: Approver, region: Region, period: Period, body: Annotated[Reason, Body()]) -> Response:
    return await commands.change_state(request, bus, region, period,
                                       lambda s: domain.decide_reopening(s, region, period, body.reason))


@router.get("/v1/periods", response_model=PeriodList, summary="Each region's months and year: state, who and when, vintage moments")
async def periods(request: Request, _: Reader, year: Year, region: AREA = None) -> PeriodList:
    return await listing.period_list(request, year, region)


@router.get("/v1/restatements", response_model=RestatementList, summary="Changes recorded after an approval to its figures",
            description="For each approved period (the latest approval of a period that stands approved): every record "
            "recorded, or retracted, after the approval whose date falls in the year up to the period's last day (a "
            "period's figures count the year to date), and each target whose actual or status now differs from the "
            "approved one. Records are accepted whatever period they fall in: nothing is locked. A region-limited token "
            "sees every restated figure and the records of its own region only (`limited_to_region`).")
async def restatement_list(request: Request, reader: Reader, year: Year, region: AREA = None) -> RestatementList:
    return await restatements.restatement_list(request, reader, year, region)
