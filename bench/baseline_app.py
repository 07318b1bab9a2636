"""The ingest baseline: a bare FastAPI app that validates the same on-site service body and stores nothing.

Served exactly as the services are (`kernel.runtime.serve`: uvicorn, uvloop, httptools, the same log settings),
so the difference between the two figures is what the service does beyond parsing the request.
"""

from __future__ import annotations

import os
import uuid

from fastapi import FastAPI

from enforcement.onsite_services.schemas import OnsiteServiceWritten, RecordOnsiteService


def create_app() -> FastAPI:
    app = FastAPI(title="ingest baseline")

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/v1/onsite-services", status_code=201, response_model=OnsiteServiceWritten)
    async def record_service(body: RecordOnsiteService) -> OnsiteServiceWritten:
        return OnsiteServiceWritten(service_id=str(uuid.uuid4()), stream_version=1)

    return app


if __name__ == "__main__":
    from kernel.runtime import serve
    from kernel.settings import ServiceSettings

    serve("bench.baseline_app:create_app", ServiceSettings(host="127.0.0.1", port=int(os.environ["BENCH_BASELINE_PORT"])))
