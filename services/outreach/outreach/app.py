from fastapi import FastAPI

from kernel.app import ServiceSpec, build_command_app
from outreach.api import routers
from outreach.api_docs import DOCS
from outreach.settings import OutreachSettings, get_settings

DESCRIPTION = """
Records how the service-industry, facilitation and awareness measures (14-16, 18-21, 23, 24) of the provincial
policy for private enterprises are carried out. Every write needs a bearer token with the `outreach:write` scope
(a token may be limited to one region) and takes an `Idempotency-Key`; every read needs the `read` scope. Errors
are RFC 9457 problems naming the field.
"""


def create_app(settings: OutreachSettings | None = None) -> FastAPI:
    spec = ServiceSpec(
        name="outreach",
        title="Outreach service (measures 14-16, 18-21, 23, 24)",
        description=DESCRIPTION,
        version="1.0.0",
        routers=routers,
        version_locations=[],
        docs=DOCS,
    )
    return build_command_app(spec, settings or get_settings())
