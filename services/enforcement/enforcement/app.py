from pathlib import Path

from fastapi import FastAPI

from enforcement.api import routers
from enforcement.credit_list.readmodel import CreditListings
from enforcement.settings import EnforcementSettings, get_settings
from kernel.app import ServiceSpec, build_command_app

DESCRIPTION = """
Records how the rights-protection measures (1-6, 17) of the provincial policy for private enterprises are
carried out. Every write needs a bearer token with the `enforcement:write` scope (a token may be limited to one
region) and takes an `Idempotency-Key`; every read needs the `read` scope. Errors are RFC 9457 problems.
"""

TAGS = [
    {"name": "infringement cases", "description": "Measure 1: administrative protection; infringement cases opened and closed."},
    {"name": "fast-track cases", "description": "Measure 2: the two Wuhan protection centers' fast-track cases and their turnaround."},
    {"name": "foreign-related disputes", "description": "Measure 3: assistance with IP disputes abroad."},
    {"name": "overseas escort", "description": "Measure 3: enterprises enrolled in the overseas IP escort program."},
    {"name": "assistance centers", "description": "Measure 4: rights-protection assistance centers."},
    {"name": "on-site services", "description": "Measure 4: at least one on-site service to private enterprises a month."},
    {"name": "assistance requests", "description": "Measure 4: first-inquiry responsibility and fast response; response times derived."},
    {"name": "credit list", "description": "Measure 5: seriously dishonest entities listed for joint punishment; lookups for other systems."},
    {"name": "brand protection orders", "description": "Measure 6: order-based anti-counterfeiting at a brand owner's request."},
    {"name": "mediation cases", "description": "Measure 17: the IP dispute people's mediation committee's cases."},
    {"name": "joint meetings", "description": "Measure 17: inter-departmental joint meetings held."},
    {"name": "events", "description": "The service's events in commit order, as CloudEvents."},
    {"name": "operations", "description": "Health, readiness and metrics."},
]


def create_app(settings: EnforcementSettings | None = None) -> FastAPI:
    spec = ServiceSpec(
        name="enforcement",
        title="Enforcement service (measures 1-6, 17)",
        description=DESCRIPTION,
        version="1.0.0",
        routers=routers,
        version_locations=[Path(__file__).parent / "migrations" / "versions"],
        read_models=lambda: [CreditListings()],
        openapi_tags=TAGS,
    )
    return build_command_app(spec, settings or get_settings())
