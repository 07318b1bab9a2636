from fastapi import FastAPI

from kernel.app import ServiceSpec, build_command_app
from outreach.api import routers
from outreach.settings import OutreachSettings, get_settings

DESCRIPTION = """
Records how the service-industry, facilitation and awareness measures (14-16, 18-21, 23, 24) of the provincial
policy for private enterprises are carried out. Every write needs a bearer token with the `outreach:write` scope
(a token may be limited to one region) and takes an `Idempotency-Key`; every read needs the `read` scope. Errors
are RFC 9457 problems naming the field.
"""

TAGS = [
    {"name": "briefings", "description": "Measure 19: policy briefings (T19 counts patent-fee-reduction briefings for private enterprises)."},
    {"name": "patent on-site services", "description": "Measure 19: priority examination, pledge registration and licence recordation served at the enterprise."},
    {"name": "examiner visits", "description": "Measure 20: patent examiners and attorneys visit enterprises (T20: at least 100 person-times a year)."},
    {"name": "service agencies", "description": "Measures 14 and 15: IP service agencies, the East Lake cluster zone, supervision alike for every ownership."},
    {"name": "agency aid", "description": "Measure 16: free services by agencies to start-up or struggling private enterprises."},
    {"name": "patent information", "description": "Measure 18: patent information service stations and the services they deliver."},
    {"name": "trademark windows", "description": "Measure 21: trademark acceptance windows and applications accepted per month."},
    {"name": "publicity", "description": "Measure 23: publicity of the policies in traditional and new media."},
    {"name": "case stories", "description": "Measure 24: typical cases of private enterprises using IP."},
    {"name": "events", "description": "The service's events in commit order, as CloudEvents."},
    {"name": "operations", "description": "Health, readiness and metrics."},
]


def create_app(settings: OutreachSettings | None = None) -> FastAPI:
    spec = ServiceSpec(
        name="outreach",
        title="Outreach service (measures 14-16, 18-21, 23, 24)",
        description=DESCRIPTION,
        version="1.0.0",
        routers=routers,
        version_locations=[],
        openapi_tags=TAGS,
    )
    return build_command_app(spec, settings or get_settings())
