"""The HTTP baseline: a bare FastAPI app that validates the same bodies and answers the same models, storing
and reading nothing.

Served exactly as the services are (`kernel.runtime.serve`: uvicorn, uvloop, httptools, the same log settings
and worker processes), so the difference between the two figures is what the service does beyond parsing the
request and writing the answer.
"""

from __future__ import annotations

import os
import uuid
from datetime import date

from fastapi import FastAPI

from enforcement.assistance_centers.schemas import AssistanceCenterView
from enforcement.onsite_services.schemas import OnsiteServiceWritten, RecordOnsiteService


def create_app() -> FastAPI:
    app = FastAPI(title="HTTP baseline")

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/v1/onsite-services", status_code=201, response_model=OnsiteServiceWritten)
    async def record_service(body: RecordOnsiteService) -> OnsiteServiceWritten:
        return OnsiteServiceWritten(service_id=str(uuid.uuid4()), stream_version=1)

    @app.get("/v1/assistance-centers/{center_id}", response_model=AssistanceCenterView)
    async def get_center(center_id: str) -> AssistanceCenterView:
        return AssistanceCenterView(center_id=center_id, name=f"知识产权维权援助工作站 {center_id}", region="420100",
                                    registered_on=date(2019, 1, 1), closed_on=None, stream_version=1)

    return app


if __name__ == "__main__":
    from kernel.runtime import serve
    from kernel.settings import ServiceSettings

    serve("bench.baseline_app:create_app", ServiceSettings(host="127.0.0.1", port=int(os.environ["BENCH_BASELINE_PORT"])))
