"""`/v1/webhooks`: register a URL to hear of the event types it chooses (a target's status, a period's steps and
restatements, missing records, a target's outlook); list, read, delete; see deliveries.

A token limited to a region hears the types that name records (`period.restated`, `quality.missing`) only for
its region: such a subscription without `filter.regions` of that region alone is refused (403 naming it), as
its reads of another region's records are.

A subscription belongs to the subject of the token that registered it (`created_by`): a caller lists, reads,
deletes and sees the deliveries of its own only, and another subject's subscription answers 404 as if it did
not exist. A token with the `admin` scope sees and deletes every subscription.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Annotated, Any, Mapping

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from sqlalchemy import delete, select, true

import orjson

from kernel.auth import ADMIN_SCOPE, Principal, requires, write_scope
from kernel.i18n import region_label
from kernel.problems import NotFound, Problem, field_error
from projection.webhooks import watched
from projection.webhooks.event_types import DEFAULT_TYPES, NAMING_RECORDS, PAIRED, Selection
from projection.webhooks.addresses import Refusal, destination
from projection.webhooks.lifecycle import webhook_tasks
from projection.webhooks.schemas import (
    Delivery, DeliveryList, FilterView, NotificationState, WebhookCreated, WebhookList, WebhookRequest, WebhookSubscription,
)
from projection.webhooks.signing import new_secret
from projection.webhooks.tables import notifications, subscriptions
from projection.webhooks.watcher import run_pass

SCOPE = write_scope("projection")
Operator = Annotated[Principal, Depends(requires(SCOPE))]
SubscriptionId = Annotated[uuid.UUID, Path(description="The subscription's id.")]

router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"], lifespan=webhook_tasks)


def _invalid(field: str, message: str) -> Problem:
    return Problem(422, "validation-error", f"{field}: {message}", errors=[field_error(field, message)])


def _view(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"], "url": row["url"], "event_types": list(row["event_types"]), "filter": FilterView(targets=row["targets"], regions=row["regions"]),
        "description": row["description"], "created_by": row["created_by"], "created_at": row["created_at"],
    }


def _visible(principal: Principal) -> Any:
    """The subscriptions the caller may see: its own, or every one with the admin scope."""
    return true() if ADMIN_SCOPE in principal.scopes else subscriptions.c.created_by == principal.subject


async def _subscription(request: Request, principal: Principal, subscription_id: uuid.UUID) -> Any:
    query = select(subscriptions).where(subscriptions.c.id == subscription_id, _visible(principal))
    async with request.app.state.engine.connect() as conn:
        row = (await conn.execute(query)).first()
    if row is None:  # another subject's answers the same: its existence is not revealed
        raise NotFound("webhook subscription", str(subscription_id))
    return row._mapping


@router.post(
    "", status_code=201, response_model=WebhookCreated,
    summary="Register a URL to be notified of the event types it chooses (a target's status by default)",
    description="Needs the `projection:write` scope. The answer holds the signing secret, shown only here. "
    "`event_types` chooses what it hears (`attainment.status_changed` alone when left out; each type's body in "
    "`WebhookRequest.event_types` and `Delivery.payload`); `filter` narrows them. What the subscription watches is "
    "computed before it is stored (statuses, outlooks, the period steps and missing items already there): it hears "
    "of what comes after that. A token limited to a region subscribes to `period.restated` and `quality.missing` for "
    "its region only (403 naming `filter.regions`). The "
    "subscription belongs to the token's subject. A URL whose host is or resolves to a non-public address is refused "
    "(422 naming `url`) unless the address is in `PROJECTION_WEBHOOK_ALLOWED_NETWORKS`.",
)
async def register(request: Request, response: Response, body: WebhookRequest, principal: Operator) -> WebhookCreated:
    targets = body.filter.targets if body.filter else None
    regions = [str(r) for r in body.filter.regions] if body.filter and body.filter.regions else None
    types = [str(t) for t in body.event_types] if body.event_types else list(DEFAULT_TYPES)
    if set(types) <= PAIRED and not watched.pairs(targets, regions):
        regional = ", ".join(watched.REGIONAL)
        raise _invalid("filter.regions", f"地区只有 {regional} 有状态和预测，所选目标在所选地区都没有；a division has a status "
                       f"(and an outlook) only for {regional}; none of the targets chosen has one there")
    naming = sorted(NAMING_RECORDS & set(types))
    if principal.region is not None and naming and (regions is None or set(regions) != {principal.region}):
        own = region_label(principal.region)
        raise Problem(403, "forbidden", f"filter.regions: 令牌限于地区 {own.zh}，{'、'.join(naming)} 列出记录，"
                      f"须只订阅该地区；the token is limited to region {own.en}: {', '.join(naming)} name "
                      f"records, subscribe to that region alone", errors=[field_error(
                          "filter.regions", f"须为 [\"{principal.region}\"]；must be [\"{principal.region}\"]")],
                      region=principal.region)
    url = str(body.url)
    settings = request.app.state.settings
    if settings.webhook_refuse_private_urls:
        target = await destination(url, check=True, allowed=tuple(settings.webhook_allowed_networks))
        if isinstance(target, Refusal):
            raise _invalid("url", target.for_operator())
    row = {
        "id": uuid.uuid4(), "url": url, "secret": new_secret(), "targets": targets, "regions": regions, "event_types": types,
        "description": body.description, "created_by": principal.subject, "created_at": datetime.now(timezone.utc),
    }
    async with request.app.state.engine.begin() as conn:
        # a fresh baseline first: earlier changes are not this one's
        stored = await run_pass(conn, Selection.of(types, targets, regions), wait=True, settings=settings)
        await conn.execute(subscriptions.insert().values(**row))
    if stored:
        request.app.state.webhook_sender.wake()
    response.headers["Location"] = f"/v1/webhooks/{row['id']}"
    return WebhookCreated(**_view(row), secret=row["secret"])


@router.get(
    "", response_model=WebhookList, summary="The caller's webhook subscriptions (without secrets)",
    description="The token subject's own subscriptions; every subscription with the `admin` scope.",
)
async def list_subscriptions(request: Request, principal: Operator) -> WebhookList:
    query = select(subscriptions).where(_visible(principal)).order_by(subscriptions.c.created_at, subscriptions.c.id)
    async with request.app.state.engine.connect() as conn:
        rows = await conn.execute(query)
        return WebhookList(items=[WebhookSubscription(**_view(r._mapping)) for r in rows])


@router.get("/{subscription_id}", response_model=WebhookSubscription, summary="One webhook subscription (without its secret)")
async def read_subscription(request: Request, principal: Operator, subscription_id: SubscriptionId) -> WebhookSubscription:
    return WebhookSubscription(**_view(await _subscription(request, principal, subscription_id)))


@router.delete("/{subscription_id}", status_code=204, summary="Delete a subscription and its pending notifications")
async def delete_subscription(request: Request, principal: Operator, subscription_id: SubscriptionId) -> Response:
    async with request.app.state.engine.begin() as conn:
        deleted = (await conn.execute(
            delete(subscriptions).where(subscriptions.c.id == subscription_id, _visible(principal)).returning(subscriptions.c.id)
        )).first()
    if deleted is None:
        raise NotFound("webhook subscription", str(subscription_id))
    return Response(status_code=204)


@router.get(
    "/{subscription_id}/deliveries", response_model=DeliveryList,
    summary="A subscription's recent notifications: state, attempts and the last error",
)
async def deliveries(
    request: Request, principal: Operator, subscription_id: SubscriptionId,
    state: Annotated[NotificationState | None, Query(description="Only notifications in this state.")] = None,
    limit: Annotated[int, Query(ge=1, le=500, description="At most this many, newest first.")] = 50,
) -> DeliveryList:
    await _subscription(request, principal, subscription_id)
    query = select(notifications).where(notifications.c.subscription_id == subscription_id)
    if state is not None:
        query = query.where(notifications.c.state == state)
    query = query.order_by(notifications.c.created_at.desc(), notifications.c.id).limit(limit)
    async with request.app.state.engine.connect() as conn:
        rows = (await conn.execute(query)).all()
    return DeliveryList(items=[
        Delivery(
            id=r.id, type=r.type, year=r.year, target=r.target, region=r.region, subject=r.subject,
            payload=orjson.loads(r.payload), previous_status=r.previous_status,
            status=r.status, state=r.state, attempts=r.attempts, created_at=r.created_at, last_attempt_at=r.last_attempt_at,
            next_attempt_at=r.next_attempt_at if r.state == "pending" else None, delivered_at=r.delivered_at,
            last_status_code=r.last_status_code, last_error=r.last_error,
        )
        for r in rows
    ])
