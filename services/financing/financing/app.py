from fastapi import FastAPI

from financing.api import routers
from financing.settings import FinancingSettings, get_settings
from kernel.app import ServiceSpec, build_command_app

DESCRIPTION = """
Records how the pledge-financing measures (7, 8, 9) of the provincial policy for private enterprises are carried
out: pledge-financing projects and what happens to them, the risk compensation, subsidies and interest discounts
granted on them, the insurance and guarantees covering them, matchmaking events between enterprises and banks,
and financing-needs surveys. Every write needs a bearer token with the `financing:write` scope (a token may be
limited to one region) and takes an `Idempotency-Key`; every read needs the `read` scope. Money is whole yuan.
Errors are RFC 9457 problems.
"""

TAGS = [
    {"name": "pledge-financing projects", "description": "Measure 9: projects registered, released, defaulted on, retracted; "
                                                         "more than half of each year's projects should be private enterprises'."},
    {"name": "risk sharing, insurance and guarantees", "description": "Measures 7 and 8: subsidies, interest discounts, risk "
                                                                      "compensation, guarantee insurance and guarantees on a project."},
    {"name": "matchmaking events", "description": "Measure 9: at least one or two pledge-financing matchmaking events a year."},
    {"name": "financing-needs surveys", "description": "Measure 9: enterprises' financing needs, and the projects that met them."},
    {"name": "events", "description": "The service's events in commit order, as CloudEvents."},
    {"name": "operations", "description": "Health, readiness and metrics."},
]


def create_app(settings: FinancingSettings | None = None) -> FastAPI:
    spec = ServiceSpec(
        name="financing",
        title="Financing service (measures 7-9)",
        description=DESCRIPTION,
        version="1.0.0",
        routers=routers,
        version_locations=[],
        openapi_tags=TAGS,
    )
    return build_command_app(spec, settings or get_settings())
