from projection.attainment.endpoints import router as attainment
from projection.dashboard.endpoints import router as dashboard
from projection.directory.endpoints import router as enterprises
from projection.exports.endpoints import router as exports
from projection.indicators.endpoints import router as indicators
from projection.periods.endpoints import router as periods
from projection.status import router as status
from projection.webhooks.endpoints import router as webhooks

# the downloads (/v1/attainment.xlsx, ...) come before the attainment resources, so no path template can take them
routers = [exports, attainment, indicators, enterprises, status, dashboard, webhooks, periods]
