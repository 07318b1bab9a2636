"""`GET /v1/restatements`: what changed an approved period's figures after its approval, and by how much.

A period's figures count the year to date, so a record changes them when its date falls between 1 January and
the period's last day, in the period's region (the province: any region), and it was recorded after the
approval, or recorded before and retracted after it (a record both recorded and retracted after the approval
changes nothing). The records come from the tables the targets read (on-site services for T04, the yearly
targets' records); their actors from `rm_record_actors`. The targets are those whose actual or status differ
between `/v1/attainment` as known at the approval and now.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from fastapi import Request
from sqlalchemy import text

from kernel.auth import Principal
from kernel.domain.regions import PROVINCE
from projection.periods import domain, reads
from projection.periods.record_actors import TARGET_RECORDS
from projection.periods.schemas import RestatedRecord, RestatedTarget, Restatement, RestatementList

_ROWS = """
SELECT {id} AS id, region, occurred_on, recorded_at, retracted_at FROM {table}
WHERE occurred_on BETWEEN :start AND :end {extra} {region}
  AND (recorded_at > :since OR retracted_at > :since)
"""
_ACTORS = text("SELECT record_id, type, actor FROM rm_record_actors WHERE record_id = ANY(CAST(:ids AS text[]))")


def _changes(row, approved_at: datetime) -> list[tuple[str, datetime]]:
    """What of a record changed the figures after the approval: its recording, or its retraction."""
    if row.recorded_at > approved_at:
        return [] if row.retracted_at is not None else [("recorded", row.recorded_at)]
    return [("retracted", row.retracted_at)] if row.retracted_at is not None and row.retracted_at > approved_at else []


async def _records(conn, year: int, region: str | None, since: datetime) -> list[tuple[str, object]]:
    found = []
    for table, (id_column, *_rest) in TARGET_RECORDS.items():
        extra = "AND private_enterprises > 0" if table == "rm_onsite_services" else ""
        params = {"start": date(year, 1, 1), "end": date(year, 12, 31), "since": since}
        region_filter = ""
        if region is not None and region != PROVINCE:
            params["region"], region_filter = region, "AND region = :region"
        sql = _ROWS.format(id=id_column, table=table, extra=extra, region=region_filter)
        found += [(table, row) for row in await conn.execute(text(sql), params)]
    return found


async def restated(conn, year: int, region: str | None) -> list[tuple[dict, list[RestatedRecord]]]:
    """Each approved period of the year (and region) with the records that changed its figures since its approval,
    every region's (the reader decides what it shows); the periods without such records left out. The webhook
    watcher (`period.restated`) reads the same."""
    approved = [v for v in (await reads.views(conn, year, region)).values() if v["state"] == domain.APPROVED]
    if not approved:
        return []
    since = min(v["approved_at"] for v in approved)
    rows = await _records(conn, year, None if region is None else region, since)
    ids = sorted({str(row.id) for _, row in rows})
    actors = {(r.record_id, r.type): r.actor for r in await conn.execute(_ACTORS, {"ids": ids})} if ids else {}
    found = []
    for view in sorted(approved, key=lambda v: (v["region"], v["period"])):
        _, last = domain.bounds(view["period"])
        records = []
        for table, row in rows:
            in_area = view["region"] == PROVINCE or row.region == view["region"]
            if not in_area or row.occurred_on > last:
                continue
            _id, kind, recorded_type, retracted_type, _field = TARGET_RECORDS[table]
            for what, at in _changes(row, view["approved_at"]):
                event_type = recorded_type if what == "recorded" else retracted_type
                records.append(RestatedRecord(
                    service=event_type.split(".")[0], type=event_type, kind=kind, id=str(row.id), region=row.region,
                    occurred_on=row.occurred_on, recorded_at=at, actor=actors.get((str(row.id), event_type))))
        if records:
            found.append((view, records))
    return found


async def restatement_list(request: Request, reader: Principal, year: int, region: str | None) -> RestatementList:
    """A region-limited reader sees every restated figure, and the records of its own region only (`limited_to_region`)."""
    async with request.app.state.engine.connect() as conn:
        found = await restated(conn, year, region)
    now = datetime.now(timezone.utc)
    answers = []
    for view, records in found:
        _, last = domain.bounds(view["period"])
        area = None if view["region"] == PROVINCE else view["region"]
        before = reads.figures(await reads.report(request, year, area, last, view["approved_at"]))
        after = reads.figures(await reads.report(request, year, area, last, now))
        targets = [RestatedTarget(target=c["target"], approved=c["before"], current=c["after"]) for c in reads.changes(before, after)]
        readable = sorted((r for r in records if reader.may_read(r.region)), key=lambda r: (r.recorded_at, r.id))
        answers.append(Restatement(region=view["region"], period=view["period"], approved_at=view["approved_at"],
                                   approved_by=view["approved_by"], records=readable,
                                   targets=targets))
    return RestatementList(year=year, restatements=answers, limited_to_region=reader.region)
