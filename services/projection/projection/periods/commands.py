"""How each step of the workflow is decided: the scope and region checks, and the rules across periods."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Annotated

import orjson
from fastapi import Depends, Header, Request
from fastapi.responses import Response

from kernel.auth import REPORTING_APPROVE_SCOPE, Principal, authenticate
from kernel.commands import MAX_KEY_LENGTH, CommandBus, UnitOfWork, request_fingerprint
from kernel.domain.dates import today
from kernel.domain.regions import PROVINCE, REGION_NAMES
from kernel.eventstore.store import EventStore
from kernel.problems import Problem
from projection.periods import domain, reads
from projection.periods.schemas import Step


def period_bus(scope: str):
    """The write dependency of the workflow: the scope (approvals: a token without a region), on the projection's
    own event store. Nothing follows the store (no relay): `on_commit` has nothing to wake."""

    async def dependency(
        request: Request,
        principal: Annotated[Principal, Depends(authenticate)],
        idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=MAX_KEY_LENGTH,
                                                      description="Resending the same step with it changes nothing.")] = None,
    ) -> CommandBus:
        principal.require_scope(scope)
        if scope == REPORTING_APPROVE_SCOPE and principal.region is not None:
            raise Problem(403, "forbidden", f"令牌限于地区 {principal.region}，审核须由省级（不限地区的）令牌进行；the token is limited "
                          f"to region {principal.region}: approving, returning and reopening need the province's token (no region)",
                          region=principal.region)
        body = await request.body()
        request_id = getattr(request.state, "request_id", None) or uuid.uuid4().hex
        return CommandBus(
            engine=request.app.state.engine, principal=principal, idempotency_key=idempotency_key or uuid.uuid4().hex,
            key_was_sent=bool(idempotency_key), fingerprint=request_fingerprint(request.method, request.url.path, body),
            metadata={"actor": principal.subject, "correlation_id": getattr(request.state, "correlation_id", None) or request_id,
                      "causation_id": request_id, "idempotency_key": idempotency_key},
            on_commit=lambda: None,
        )

    return dependency


async def _step(request: Request, uow: UnitOfWork, region: str, period: str, decide) -> Step:
    loaded = await uow.load(domain.PERIODS, domain.key(region, period))
    events = decide(loaded.state)
    version = uow.record(loaded, events)
    return Step(region=region, period=period, state=domain.apply(loaded.state, events[-1]).state, version=version)


async def submit(request: Request, bus: CommandBus, region: str, period: str) -> Response:
    bus.principal.require_region(region, field="region")
    return await _finish(request, region, period, await bus.run(
        lambda uow: _step(request, uow, region, period, lambda s: domain.decide_submission(s, region, period, today()))))


async def approve(request: Request, bus: CommandBus, region: str, period: str) -> Response:
    async def handle(uow: UnitOfWork) -> Step:
        if region == PROVINCE:
            states = {code: (await uow.load(domain.PERIODS, domain.key(code, period))).state for code in REGION_NAMES}
            missing = domain.not_approved(states)
            if missing:
                names = "、".join(m["name"] for m in missing)
                raise Problem(409, "conflict", f"以下 {len(missing)} 个地区的报送期 {period} 尚未审核通过：{names}；{len(missing)} "
                              f"regions' period {period} is not approved yet: {', '.join(m['region'] for m in missing)}",
                              regions=missing)
        else:
            loaded = await uow.load(domain.PERIODS, domain.key(region, period))
            if loaded.state.state == domain.SUBMITTED:
                await _require_unchanged(request, uow, region, period, loaded.state.submission_version)
        return await _step(request, uow, region, period, lambda s: domain.decide_approval(s, region, period))

    return await _finish(request, region, period, await bus.run(handle))


async def _require_unchanged(request: Request, uow: UnitOfWork, region: str, period: str, submission_version: int) -> None:
    """An approval of figures that changed since their submission is refused, the changes listed: resubmit first."""
    stored = await EventStore.load(uow.conn, domain.PERIODS.stream_id(domain.key(region, period)))
    submitted_at = next(e.recorded_at for e in stored if e.version == submission_version)
    first, last = domain.bounds(period)
    before = reads.figures(await reads.report(request, first.year, region, last, submitted_at))
    now = reads.figures(await reads.report(request, first.year, region, last, datetime.now(timezone.utc)))
    changed = reads.changes(before, now)
    if changed:
        targets = ", ".join(c["target"] for c in changed)
        raise Problem(409, "conflict", f"报送后数据已变化（{targets}），请地区重新报送后再审核；the figures changed since their "
                      f"submission ({targets}): the region submits again, then the approval can pass",
                      errors=[{"field": "submission", "message": f"{c['target']}: {c['before']} -> {c['after']}"} for c in changed],
                      changes=changed, submitted_at=submitted_at.isoformat())


async def change_state(request: Request, bus: CommandBus, region: str, period: str, decide) -> Response:
    return await _finish(request, region, period, await bus.run(lambda uow: _step(request, uow, region, period, decide)))


async def _finish(request: Request, region: str, period: str, response: Response) -> Response:
    """The step's answer with its recorded moment; a submission's or approval's figures kept in `period_vintages`."""
    if response.status_code >= 300:
        return response
    body = orjson.loads(response.body)
    async with request.app.state.engine.connect() as conn:
        stored = await EventStore.load(conn, domain.PERIODS.stream_id(domain.key(region, period)))
    step = next((e for e in stored if e.version == body["version"]), None)
    if step is not None:
        body["recorded_at"] = step.recorded_at.isoformat()
        await reads.store_vintage(request, region, period, step.version)
    headers = {k: v for k, v in response.headers.items() if k.lower() in ("idempotency-key", "idempotent-replayed", "location")}
    return Response(orjson.dumps(body), status_code=response.status_code, media_type="application/json", headers=headers)
