from financing.matchmaking.endpoints import router as matchmaking_events
from financing.needs_surveys.endpoints import router as needs_surveys
from financing.pledge_projects.endpoints import router as pledge_projects
from financing.pledge_projects.support_endpoints import router as project_support

routers = [pledge_projects, project_support, matchmaking_events, needs_surveys]
