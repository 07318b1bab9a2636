"""What the HTTP endpoints of every command service declare the same way: the database engine as a dependency,
and the documented answers of a write.

    async def get_case(case_id: RecordId, engine: Engine, reader: Reader) -> CaseView: ...

    @router.post(..., responses=WRITE_RESPONSES)           # a record started
    @router.post(..., responses=CHANGE_RESPONSES)          # a record changed (it may not exist: 404)

(The Chinese of each status is `kernel.openapi_language.WHY_ZH`, the English beside it here.)
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncEngine


async def _engine(request: Request) -> AsyncEngine:  # async: no worker thread for a lookup
    return request.app.state.engine


# The service's database engine (its event store), for the reads an endpoint makes outside the command bus.
Engine = Annotated[AsyncEngine, Depends(_engine)]

NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such record"}}
WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    409: {"description": "Already recorded in that state, or changed concurrently"},
    422: {"description": "Invalid, or a rule of the measure forbids it"},
}
CHANGE_RESPONSES: dict[int | str, dict[str, Any]] = {**NOT_FOUND, **WRITE_RESPONSES}
