from fastapi import FastAPI

from kernel.app import ServiceSpec, build_command_app
from training.api import routers
from training.api_docs import DOCS
from training.settings import TrainingSettings, get_settings

DESCRIPTION = """
Records how the measures for private enterprises' IP strategy and IP talent (10-13, 22) of the provincial
policy are carried out: trainings (measure 22), recommendations and recognitions of demonstration enterprises
(measure 11), the provincial demonstration program and the GB/T 29490 management standard (measure 10). Every
write needs a bearer token with the `training:write` scope (a token may be limited to one region) and takes an
`Idempotency-Key`; every read needs the `read` scope. Errors are RFC 9457 problems.
"""


def create_app(settings: TrainingSettings | None = None) -> FastAPI:
    spec = ServiceSpec(
        name="training",
        title="Training service (measures 10-13, 22)",
        description=DESCRIPTION,
        version="1.0.0",
        routers=routers,
        version_locations=[],
        docs=DOCS,
    )
    return build_command_app(spec, settings or get_settings())
