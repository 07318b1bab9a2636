"""The directory of enterprises (measure 20): every enterprise any service recorded, searchable and paginated."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import text

from kernel.auth import Reader
from kernel.domain.enterprise import Ownership
from kernel.domain.regions import Region
from kernel.problems import NotFound
from projection.indicators.catalogue import MEASURES
from projection.indicators.report import Title

router = APIRouter(prefix="/v1/enterprises", tags=["enterprises"])

MAX_RECORDS = 500

_PAGE = """
SELECT uscc, name, ownership, region FROM rm_enterprises
WHERE true {filters}
ORDER BY uscc LIMIT :limit
"""

_ACTIVITY = """
SELECT uscc, measure, count(*) AS records, max(occurred_on) AS last_on
FROM rm_enterprise_mentions WHERE uscc = ANY(:usccs) AND retracted_at IS NULL
GROUP BY uscc, measure ORDER BY uscc, measure
"""

_RECORDS = """
SELECT record_id, measure, occurred_on, recorded_at, retracted_at FROM rm_enterprise_mentions
WHERE uscc = :uscc ORDER BY occurred_on DESC, record_id LIMIT :limit
"""


class MeasureActivity(BaseModel):
    measure: int
    title: Title
    records: int = Field(description="Records that name the enterprise under this measure (retracted ones left out).")
    last_on: date = Field(description="Business date of the latest of them.")


class EnterpriseEntry(BaseModel):
    uscc: str
    name: str = Field(description="The latest name known (from the record with the latest business date).")
    ownership: str | None
    region: str | None
    records: int
    last_contact_on: date | None = Field(description="Business date of the latest record that names the enterprise.")
    by_measure: list[MeasureActivity]


class EnterprisePage(BaseModel):
    items: list[EnterpriseEntry]
    limit: int
    next_after: str | None = Field(description="Pass as `after` for the next page; null on the last page.")


class RecordRef(BaseModel):
    record_id: str = Field(examples=["visit:3f2a..."], description="`<kind>:<id>` of the record in its service.")
    measure: int
    occurred_on: date
    recorded_at: datetime
    retracted_at: datetime | None


class EnterpriseDetail(EnterpriseEntry):
    recent_records: list[RecordRef] = Field(description=f"The latest {MAX_RECORDS} records naming the enterprise, retracted ones included and marked.")


def _like(fragment: str) -> str:
    escaped = fragment.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def _entries(conn, rows) -> list[EnterpriseEntry]:
    activity: dict[str, list[MeasureActivity]] = {}
    usccs = [r.uscc for r in rows]
    if usccs:
        for a in await conn.execute(text(_ACTIVITY), {"usccs": usccs}):
            m = MEASURES[a.measure]
            activity.setdefault(a.uscc, []).append(
                MeasureActivity(measure=a.measure, title=Title(zh=m.title_zh, en=m.title_en), records=a.records, last_on=a.last_on)
            )
    return [
        EnterpriseEntry(
            uscc=r.uscc, name=r.name, ownership=r.ownership, region=r.region,
            records=sum(a.records for a in activity.get(r.uscc, [])),
            last_contact_on=max((a.last_on for a in activity.get(r.uscc, [])), default=None),
            by_measure=activity.get(r.uscc, []),
        )
        for r in rows
    ]


@router.get("", response_model=EnterprisePage, summary="The directory of enterprises, filtered and paginated")
async def list_enterprises(
    request: Request,
    _: Reader,
    ownership: Annotated[Ownership | None, Query(description="Only enterprises whose latest known ownership is this.")] = None,
    region: Annotated[Region | None, Query(description="Only enterprises registered in this division.")] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=100, description="A fragment of the name (case-insensitive).")] = None,
    after: Annotated[str | None, Query(min_length=1, max_length=40, description="The `next_after` of the previous page.")] = None,
    limit: Annotated[int, Query(ge=1, le=200, description="At most this many enterprises.")] = 50,
) -> EnterprisePage:
    """Every enterprise named in any event, ordered by credit code, with its latest name, ownership and region,
    how many records each measure's service holds about it, and the date of the latest."""
    filters, params = "", {"limit": limit + 1}
    if ownership is not None:
        filters += " AND ownership = :ownership"
        params["ownership"] = ownership.value
    if region is not None:
        filters += " AND region = :region"
        params["region"] = region.value
    if q is not None:
        filters += " AND lower(name) LIKE :q ESCAPE '\\'"
        params["q"] = _like(q)
    if after is not None:
        filters += " AND uscc > :after"
        params["after"] = after.strip().upper()
    async with request.app.state.engine.connect() as conn:
        rows = (await conn.execute(text(_PAGE.format(filters=filters)), params)).all()
        more = len(rows) > limit
        rows = rows[:limit]
        items = await _entries(conn, rows)
    return EnterprisePage(items=items, limit=limit, next_after=rows[-1].uscc if more else None)


@router.get("/{uscc}", response_model=EnterpriseDetail, summary="One enterprise and the records that name it")
async def enterprise(request: Request, _: Reader, uscc: Annotated[str, Path(min_length=1, max_length=40, examples=["91420100MA4KPN7X2M"])]) -> EnterpriseDetail:
    code = uscc.strip().upper()
    async with request.app.state.engine.connect() as conn:
        rows = (await conn.execute(text(_PAGE.format(filters=" AND uscc = :uscc")), {"uscc": code, "limit": 1})).all()
        if not rows:
            raise NotFound("enterprise", code)
        [entry] = await _entries(conn, rows)
        records = (await conn.execute(text(_RECORDS), {"uscc": code, "limit": MAX_RECORDS})).all()
    return EnterpriseDetail(**entry.model_dump(), recent_records=[RecordRef(**r._mapping) for r in records])
