from pathlib import Path

from fastapi import FastAPI

from enforcement.api import routers
from enforcement.api_docs import DOCS
from enforcement.credit_list.readmodel import CreditListings
from enforcement.settings import EnforcementSettings, get_settings
from kernel.app import ServiceSpec, build_command_app

DESCRIPTION = """
Records how the rights-protection measures (1-6, 17) of the provincial policy for private enterprises are
carried out. Every write needs a bearer token with the `enforcement:write` scope (a token may be limited to one
region) and takes an `Idempotency-Key`; every read needs the `read` scope. Errors are RFC 9457 problems.
"""


def create_app(settings: EnforcementSettings | None = None) -> FastAPI:
    spec = ServiceSpec(
        name="enforcement",
        title="Enforcement service (measures 1-6, 17)",
        description=DESCRIPTION,
        version="1.0.0",
        routers=routers,
        version_locations=[Path(__file__).parent / "migrations" / "versions"],
        read_models=lambda: [CreditListings()],
        docs=DOCS,
    )
    return build_command_app(spec, settings or get_settings())
