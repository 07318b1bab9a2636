from fastapi import FastAPI

from financing.api import routers
from financing.api_docs import DOCS
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


def create_app(settings: FinancingSettings | None = None) -> FastAPI:
    spec = ServiceSpec(
        name="financing",
        title="Financing service (measures 7-9)",
        description=DESCRIPTION,
        version="1.0.0",
        routers=routers,
        version_locations=[],
        docs=DOCS,
    )
    return build_command_app(spec, settings or get_settings())
