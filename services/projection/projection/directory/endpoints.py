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
from kernel.reads import LimitedToRegion
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

# every claim made about the enterprises, and whether it contradicts the name, ownership or region first recorded
_CLAIMS = """
SELECT c.uscc, c.name, nullif(c.ownership, '') AS ownership, nullif(c.region, '') AS region,
       nullif(c.first_record_id, '') AS first_record_id, c.first_recorded_at, c.events,
       (c.name <> e.name OR (c.ownership <> '' AND c.ownership IS DISTINCT FROM e.ownership)
        OR (c.region <> '' AND c.region IS DISTINCT FROM e.region)) AS contradicts
FROM rm_enterprise_claims c JOIN rm_enterprises e USING (uscc)
WHERE c.uscc = ANY(:usccs) ORDER BY c.uscc, c.first_recorded_at, c.first_source, c.first_position
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


class Claim(BaseModel):
    name: str
    ownership: str | None
    region: str | None
    first_record_id: str | None = Field(description="`<kind>:<id>` of the first record making this claim.")
    first_recorded_at: datetime
    events: int = Field(description="How many events made this claim.")
    contradicts: bool = Field(description="The claim's name, ownership or region differs from the one first recorded.")


FIRST_RECORDED = ("如首次记录：后来的记录（无论来自哪个地区）不改写它，只计为矛盾的声明；"
                  "as first recorded: a later record, from whatever region, does not rewrite it and counts as a contradicting claim")


class EnterpriseEntry(BaseModel):
    uscc: str
    name: str = Field(description=f"The name {FIRST_RECORDED}.")
    ownership: str | None = Field(description=f"The ownership {FIRST_RECORDED}. Each record's figures count by its own.")
    region: str | None = Field(description=f"The region {FIRST_RECORDED}.")
    contradicting_claims: int = Field(0, description="Events whose name, ownership or region contradicts the ones first recorded.")
    records: int
    last_contact_on: date | None = Field(description="Business date of the latest record that names the enterprise.")
    by_measure: list[MeasureActivity]


class EnterprisePage(BaseModel):
    items: list[EnterpriseEntry]
    limit: int
    next_after: str | None = Field(description="Pass as `after` for the next page; null on the last page.")
    limited_to_region: LimitedToRegion = None


class RecordRef(BaseModel):
    record_id: str = Field(examples=["visit:3f2a..."], description="`<kind>:<id>` of the record in its service.")
    measure: int
    occurred_on: date
    recorded_at: datetime
    retracted_at: datetime | None


class EnterpriseDetail(EnterpriseEntry):
    recent_records: list[RecordRef] = Field(description=f"The latest {MAX_RECORDS} records naming the enterprise, retracted ones included and marked.")
    claims: list[Claim] = Field(default_factory=list, description="Every distinct name, ownership and region records gave, first first.")


async def _claims(conn, usccs: list[str]) -> dict[str, list[Claim]]:
    found: dict[str, list[Claim]] = {}
    if usccs:
        for c in await conn.execute(text(_CLAIMS), {"usccs": usccs}):
            found.setdefault(c.uscc, []).append(Claim(**{k: v for k, v in c._mapping.items() if k != "uscc"}))
    return found


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
    claims = await _claims(conn, usccs)
    return [
        EnterpriseEntry(
            uscc=r.uscc, name=r.name, ownership=r.ownership, region=r.region,
            contradicting_claims=sum(c.events for c in claims.get(r.uscc, []) if c.contradicts),
            records=sum(a.records for a in activity.get(r.uscc, [])),
            last_contact_on=max((a.last_on for a in activity.get(r.uscc, [])), default=None),
            by_measure=activity.get(r.uscc, []),
        )
        for r in rows
    ]


@router.get("", response_model=EnterprisePage, summary="The directory of enterprises, filtered and paginated")
async def list_enterprises(
    request: Request,
    reader: Reader,
    ownership: Annotated[Ownership | None, Query(description="Only enterprises whose ownership as first recorded is this.")] = None,
    region: Annotated[Region | None, Query(description="Only enterprises registered in this division.")] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=100, description="A fragment of the name (case-insensitive).")] = None,
    after: Annotated[str | None, Query(min_length=1, max_length=40, description="The `next_after` of the previous page.")] = None,
    limit: Annotated[int, Query(ge=1, le=200, description="At most this many enterprises.")] = 50,
) -> EnterprisePage:
    """Every enterprise named in any event, ordered by credit code, with its name, ownership and region as first
    recorded (a later record of any region does not rewrite them: `contradicting_claims` counts such records),
    how many records each measure's service holds about it, and the date of the latest. A region-limited token
    sees its own region's enterprises only (the answer's `limited_to_region` names it)."""
    filters, params = "", {"limit": limit + 1}
    if ownership is not None:
        filters += " AND ownership = :ownership"
        params["ownership"] = ownership.value
    if region is not None:
        filters += " AND region = :region"
        params["region"] = region.value
    if reader.region is not None:  # a region-limited token reads its own region's enterprises only
        filters += " AND region = :token_region"
        params["token_region"] = reader.region
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
    return EnterprisePage(items=items, limit=limit, next_after=rows[-1].uscc if more else None, limited_to_region=reader.region)


@router.get("/{uscc}", response_model=EnterpriseDetail, summary="One enterprise and the records that name it")
async def enterprise(request: Request, reader: Reader, uscc: Annotated[str, Path(min_length=1, max_length=40, examples=["91420100MA4KPN7X2M"])]) -> EnterpriseDetail:
    code = uscc.strip().upper()
    async with request.app.state.engine.connect() as conn:
        rows = (await conn.execute(text(_PAGE.format(filters=" AND uscc = :uscc")), {"uscc": code, "limit": 1})).all()
        if not rows:
            raise NotFound("enterprise", code)
        reader.require_read_region(rows[0].region, "enterprise")
        [entry] = await _entries(conn, rows)
        records = (await conn.execute(text(_RECORDS), {"uscc": code, "limit": MAX_RECORDS})).all()
        claims = (await _claims(conn, [code])).get(code, [])
    return EnterpriseDetail(**entry.model_dump(), recent_records=[RecordRef(**r._mapping) for r in records], claims=claims)
