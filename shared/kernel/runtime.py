"""Running a service process: `python -m <service>` serves its app with uvicorn on its configured port."""

from __future__ import annotations

import uvicorn

from kernel.httpserver import server_options
from kernel.settings import ServiceSettings


def serve(app_factory: str, settings: ServiceSettings) -> None:
    uvicorn.run(
        app_factory,
        factory=True,
        host=settings.host,
        port=settings.port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=10,
        loop="uvloop",
        **server_options(settings),  # keep-alive, and bounds on slow request heads and bodies (kernel.httpserver)
    )
