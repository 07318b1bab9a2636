from fastapi import FastAPI

from kernel.app import ServiceSpec, build_command_app
from training.api import routers
from training.settings import TrainingSettings, get_settings

DESCRIPTION = """
Records how the measures for private enterprises' IP strategy and IP talent (10-13, 22) of the provincial
policy are carried out: trainings (measure 22), recommendations and recognitions of demonstration enterprises
(measure 11), the provincial demonstration program and the GB/T 29490 management standard (measure 10). Every
write needs a bearer token with the `training:write` scope (a token may be limited to one region) and takes an
`Idempotency-Key`; every read needs the `read` scope. Errors are RFC 9457 problems.
"""

TAGS = [
    {"name": "trainings", "description": "Measure 22: trainings planned, held (with trainee person-times), cancelled."},
    {"name": "demonstration recognitions", "description": "Measure 11: recommendations and recognitions of national IP advantage and demonstration enterprises and of the provincial program."},
    {"name": "demonstration program", "description": "Measure 10: the provincial university-and-enterprise IP demonstration program and the Enterprise IP Management Standard (GB/T 29490)."},
    {"name": "ip special commissioners", "description": "Measure 12: IP special commissioners dispatched to enterprises for patent navigation, IP evaluation, high-value patent cultivation, trademark brand cultivation or GI poverty alleviation, and the outcome of each."},
    {"name": "brand incubation", "description": "Measure 13: the brand incubation library (admitted, graduated, removed), face-to-face trademark guidance sessions, and applications for well-known trademark recognition and geographical-indication registration with their outcomes."},
    {"name": "events", "description": "The service's events in commit order, as CloudEvents."},
    {"name": "operations", "description": "Health, readiness and metrics."},
]


def create_app(settings: TrainingSettings | None = None) -> FastAPI:
    spec = ServiceSpec(
        name="training",
        title="Training service (measures 10-13, 22)",
        description=DESCRIPTION,
        version="1.0.0",
        routers=routers,
        version_locations=[],
        openapi_tags=TAGS,
    )
    return build_command_app(spec, settings or get_settings())
