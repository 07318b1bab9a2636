from pathlib import Path

from fastapi import FastAPI

from kernel.app import ServiceSpec
from kernel.db import EVENTSTORE_MIGRATIONS
from kernel.projection.app import build_projection_app
from projection.api import routers
from projection.api_docs import DOCS
from projection.readmodels import all_read_models
from projection.settings import ProjectionSettings, get_settings

DESCRIPTION = """
Shows, at any moment, whether each quantitative target of the provincial policy for private enterprises is
being met, for the province and each of its 17 divisions. Figures are computed from the events of the command
services (Kafka for speed, their HTTP feeds for completeness). `as_of` and `known_at` give a bitemporal view:
what had happened by a date, as it was known at a moment. Reads need a token with the `read` scope.
"""


def create_app(settings: ProjectionSettings | None = None) -> FastAPI:
    spec = ServiceSpec(
        name="projection",
        title="Projection service: target attainment",
        description=DESCRIPTION,
        version="1.0.0",
        routers=routers,
        # the read models' migrations; then the reporting periods' event store and vintages, which a rebuild leaves alone
        version_locations=[Path(__file__).parent / "migrations" / "versions", EVENTSTORE_MIGRATIONS,
                           Path(__file__).parent / "periods" / "migrations" / "versions"],
        docs=DOCS,
    )
    return build_projection_app(spec, settings or get_settings(), all_read_models)
