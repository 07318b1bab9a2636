from fastapi import APIRouter, Depends

from kernel.projection.waiting import NOT_YET_APPLIED, awaits_writes
from projection.attainment.endpoints import router as attainment
from projection.dashboard.endpoints import router as dashboard
from projection.directory.endpoints import router as enterprises
from projection.exports.endpoints import router as exports
from projection.indicators.endpoints import router as indicators
from projection.periods.endpoints import router as periods
from projection.quality.endpoints import router as quality
from projection.status import router as status
from projection.webhooks.endpoints import router as webhooks

# every read of the read models waits for the caller's writes when asked (`?consistency_token=`), given once here
reads = APIRouter(dependencies=[Depends(awaits_writes)], responses=NOT_YET_APPLIED)
# the downloads (/v1/attainment.xlsx, ...) come before the attainment resources, so no path template can take them
for read in (exports, attainment, indicators, enterprises, status, quality):
    reads.include_router(read)
routers = [reads, dashboard, webhooks, periods]
