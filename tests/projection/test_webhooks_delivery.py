"""Status webhooks end to end: real PostgreSQL, the projection on a real port, and a real HTTP receiver.

Events dated in the current year move targets from one status to another: one pledge-financing matchmaking
event moves T09a from at_risk to met, one patent-fee briefing moves T19 the same way, and one private
pledge-financing project in Wuhan moves T09b from not_due to on_track in the province and in Wuhan. Each
delivery's signature is checked here with hmac, from the Standard Webhooks definition, not with the
projection's code.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kernel.domain.dates import today
from kernel.testing.servers import InProcessService, eventually
from projection.webhooks.sender import claim
from projection.webhooks.watcher import run_pass
from tests.projection.oracle_targets import Events

WEBHOOK_SCOPES = ("read", "projection:write")
QUICK = {
    "webhook_refuse_private_urls": False,  # the receiver is on 127.0.0.1
    "webhook_interval_seconds": 0.5,
    "webhook_retry_base_seconds": 0.2,
    "webhook_retry_max_seconds": 1.0,
    "webhook_timeout_seconds": 5.0,
}
YEAR = today().year
JAN_1 = f"{YEAR}-01-01"


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    status: int  # what the receiver answered
    at: float

    @property
    def data(self) -> dict:
        return json.loads(self.body)["data"]


class Receiver:
    """An HTTP server on 127.0.0.1 (uvicorn, a free port) that records every POST; `fail[path]` lists the
    statuses to answer in turn before answering 204."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.fail: dict[str, list[int]] = {}
        self.service: InProcessService | None = None

    async def _hook(self, request: Request) -> Response:
        body = await request.body()
        queue = self.fail.get(request.url.path, [])
        status = queue.pop(0) if queue else 204
        self.received.append(Received(request.url.path, dict(request.headers), body, status, time.monotonic()))
        return Response(status_code=status, content=b"busy" if status >= 400 else b"")

    async def start(self) -> "Receiver":
        app = Starlette(routes=[Route("/{path:path}", self._hook, methods=["POST"])])
        self.service = await InProcessService.start(app)
        return self

    def url(self, path: str) -> str:
        assert self.service is not None
        return f"{self.service.url}{path}"

    def at(self, path: str) -> list[Received]:
        return [r for r in self.received if r.path == path]

    def delivered(self, path: str) -> list[Received]:
        return [r for r in self.at(path) if 200 <= r.status < 300]


def signature_valid(secret: str, received: Received) -> bool:
    """Standard Webhooks: v1, base64 HMAC-SHA256 of '{id}.{timestamp}.{body}' keyed with the decoded secret."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    message_id, timestamp = received.headers["webhook-id"], received.headers["webhook-timestamp"]
    signed = f"{message_id}.{timestamp}.".encode() + received.body
    expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    offered = received.headers["webhook-signature"].split(" ")
    fresh = abs(time.time() - int(timestamp)) < 300
    return fresh and any(hmac.compare_digest(expected, sig) for sig in offered)


def just_now() -> str:
    """A recording moment a minute ago, so that the report's default known_at (now) counts it."""
    return (datetime.now(timezone.utc) - timedelta(minutes=1)).isoformat()


@pytest.fixture
async def receiver():
    receiver = await Receiver().start()
    yield receiver
    await receiver.service.stop()


@pytest.fixture
async def projection(start_service, projection_settings):
    return await start_service("projection", **projection_settings, **QUICK)


@pytest.fixture
def operator(projection, client_for):
    return client_for(projection, scopes=WEBHOOK_SCOPES)


async def subscribe(client, url: str, **body) -> dict:
    response = await client.post("/v1/webhooks", json={"url": url, **body})
    assert response.status_code == 201, response.text
    return response.json()


async def apply(projection, events: Events) -> None:
    """Hands the events to the running projection's projector, as the consumer would (repeats are ignored)."""
    await projection.app.state.projector.apply(events.received(), path="test")


async def test_a_status_change_is_posted_once_with_a_valid_signature(projection, operator, receiver):
    events = Events()
    events.briefing(JAN_1, at=just_now())  # T19 reaches met before anyone subscribes: not notified
    await apply(projection, events)

    created = await subscribe(operator, receiver.url("/all"), description="everything")
    assert created["secret"].startswith("whsec_") and len(base64.b64decode(created["secret"][6:])) == 32
    assert created["filter"] == {"targets": None, "regions": None}

    events.matchmaking(JAN_1, at=just_now())  # T09a: at_risk -> met
    await apply(projection, events)

    [hit] = await eventually(lambda: receiver.delivered("/all"), message="the notification arrived")
    await asyncio.sleep(2.5)  # several more passes of the watcher: nothing else may come
    assert receiver.at("/all") == [hit]

    assert signature_valid(created["secret"], hit)
    wrong = "whsec_" + base64.b64encode(b"x" * 32).decode()
    assert not signature_valid(wrong, hit)
    assert hit.headers["content-type"] == "application/json"
    body = json.loads(hit.body)
    assert body["type"] == "attainment.status_changed"
    data = body["data"]
    assert (data["target"], data["region"], data["year"]) == ("T09a", "420000", YEAR)
    assert (data["previous_status"], data["status"]) == ("at_risk", "met")
    assert (data["actual"], data["threshold"], data["comparator"]) == (1, 1, ">=")
    assert datetime.fromisoformat(data["occurred_at"]).tzinfo is not None

    deliveries = (await operator.get(f"/v1/webhooks/{created['id']}/deliveries")).json()["items"]
    assert len(deliveries) == 1
    [delivery] = deliveries
    assert delivery["id"] == hit.headers["webhook-id"]
    assert (delivery["state"], delivery["attempts"], delivery["last_status_code"]) == ("delivered", 1, 204)


async def test_each_subscription_hears_only_what_its_filter_selects(projection, operator, receiver):
    every = await subscribe(operator, receiver.url("/every"))
    briefings = await subscribe(operator, receiver.url("/t19"), filter={"targets": ["T19"]})
    yichang = await subscribe(operator, receiver.url("/yichang"), filter={"targets": ["T09b"], "regions": ["420500"]})
    wuhan = await subscribe(operator, receiver.url("/wuhan"), filter={"regions": ["420100"]})
    secrets = {"/every": every["secret"], "/t19": briefings["secret"], "/yichang": yichang["secret"], "/wuhan": wuhan["secret"]}

    events = Events()
    events.project(JAN_1, region="420100", at=just_now())  # T09b: not_due -> on_track, province and Wuhan
    events.briefing(JAN_1, at=just_now())  # T19: at_risk -> met, province only
    await apply(projection, events)

    expected = {
        "/every": {("T09b", "420000"), ("T09b", "420100"), ("T19", "420000")},
        "/t19": {("T19", "420000")},
        "/wuhan": {("T09b", "420100")},
        "/yichang": set(),
    }

    def heard(path: str) -> set[tuple[str, str]]:
        return {(r.data["target"], r.data["region"]) for r in receiver.delivered(path)}

    await eventually(lambda: all(heard(p) == e for p, e in expected.items()), message="every subscriber heard its changes")
    await asyncio.sleep(2.5)
    assert {p: heard(p) for p in expected} == expected
    assert len(receiver.received) == 5, [(r.path, r.data["target"]) for r in receiver.received]
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 5  # one notification per subscriber and change
    for hit in receiver.received:
        assert signature_valid(secrets[hit.path], hit), hit.path
        assert hit.data["status"] in ("on_track", "met")
    t09b = next(r.data for r in receiver.delivered("/wuhan"))
    assert (t09b["previous_status"], t09b["actual"], t09b["threshold"], t09b["comparator"]) == ("not_due", 1.0, 0.5, ">")


async def test_a_failing_receiver_gets_the_same_notification_again_until_it_answers(start_service, projection_settings, client_for, receiver):
    projection = await start_service("projection", **projection_settings, **{**QUICK, "webhook_max_attempts": 3})
    operator = client_for(projection, scopes=WEBHOOK_SCOPES)
    flaky = await subscribe(operator, receiver.url("/flaky"), filter={"targets": ["T09a"]})
    down = await subscribe(operator, receiver.url("/down"), filter={"targets": ["T09a"]})
    receiver.fail["/flaky"] = [500, 503]
    receiver.fail["/down"] = [500] * 10

    events = Events()
    events.matchmaking(JAN_1, at=just_now())
    await apply(projection, events)

    await eventually(lambda: receiver.delivered("/flaky"), message="the third attempt was answered")
    attempts = receiver.at("/flaky")
    assert [a.status for a in attempts] == [500, 503, 204]
    assert len({a.headers["webhook-id"] for a in attempts}) == 1  # stable across retries: receivers deduplicate
    assert all(signature_valid(flaky["secret"], a) for a in attempts)
    assert len({a.body for a in attempts}) == 1
    assert all(later.at - earlier.at >= 0.1 for earlier, later in zip(attempts, attempts[1:]))  # backoff, not a loop

    async def settled(subscription: dict, state: str):
        items = (await operator.get(f"/v1/webhooks/{subscription['id']}/deliveries")).json()["items"]
        return items if items and items[0]["state"] == state else None

    [delivered] = await eventually(lambda: settled(flaky, "delivered"), message="recorded as delivered")
    assert (delivered["attempts"], delivered["last_status_code"], delivered["next_attempt_at"]) == (3, 204, None)
    assert "503" in delivered["last_error"]

    [failed] = await eventually(lambda: settled(down, "failed"), message="given up after the last attempt")
    assert (failed["attempts"], failed["last_status_code"]) == (3, 500)
    assert "answered 500" in failed["last_error"]
    await asyncio.sleep(1.5)
    assert len(receiver.at("/down")) == 3  # no attempt after the last allowed one


async def test_a_notification_stored_before_a_restart_is_delivered_after_it(start_service, projection_settings, client_for, receiver):
    first = await start_service("projection", **projection_settings, **QUICK)
    created = await subscribe(client_for(first, scopes=WEBHOOK_SCOPES), receiver.url("/later"), filter={"targets": ["T09a"]})
    receiver.fail["/later"] = [503] * 1000

    events = Events()
    events.matchmaking(JAN_1, at=just_now())
    await apply(first, events)
    await eventually(lambda: receiver.at("/later"), message="a first attempt was refused")
    await first.stop()
    refused = len(receiver.at("/later"))
    receiver.fail["/later"] = []

    second = await start_service("projection", **projection_settings, **QUICK)  # the same database
    [hit] = await eventually(lambda: receiver.delivered("/later"), message="delivered by the restarted projection")
    assert signature_valid(created["secret"], hit)
    assert {r.headers["webhook-id"] for r in receiver.at("/later")} == {hit.headers["webhook-id"]}
    assert hit.data["target"] == "T09a" and hit.data["status"] == "met"
    await asyncio.sleep(2.0)  # the restarted watcher knows the stored status: no second notification
    assert len(receiver.at("/later")) == refused + 1
    [delivery] = (await client_for(second, scopes=WEBHOOK_SCOPES).get(f"/v1/webhooks/{created['id']}/deliveries")).json()["items"]
    assert (delivery["state"], delivery["attempts"]) == ("delivered", refused + 1)


async def test_two_replicas_notify_and_send_each_change_once(start_service, projection_settings, client_for, receiver):
    one = await start_service("projection", **projection_settings, **QUICK)
    two = await start_service("projection", **projection_settings, **QUICK)  # the same database
    paths = [f"/replica-{n}" for n in range(6)]
    for n, path in enumerate(paths):
        await subscribe(client_for(one if n % 2 else two, scopes=WEBHOOK_SCOPES), receiver.url(path), filter={"targets": ["T09a", "T19"]})

    events = Events()
    events.matchmaking(JAN_1, at=just_now())
    events.briefing(JAN_1, at=just_now())
    await apply(one, events)  # the other replica notices through the ledger

    def complete() -> bool:
        return all({r.data["target"] for r in receiver.delivered(p)} == {"T09a", "T19"} for p in paths)

    await eventually(complete, message="every subscriber heard both changes")
    await asyncio.sleep(2.5)
    assert len(receiver.received) == 12, sorted((r.path, r.data["target"]) for r in receiver.received)
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 12


async def test_a_pass_and_a_claim_exclude_those_of_other_replicas(projection, operator, receiver):
    """What keeps replicas apart, taken at its word: while one transaction runs a status pass, another's pass
    gives way; while one transaction holds a claim, another claim skips the claimed notifications."""
    await subscribe(operator, receiver.url("/claimed"), filter={"targets": ["T09a"]})
    receiver.fail["/claimed"] = [503] * 1000
    events = Events()
    events.matchmaking(JAN_1, at=just_now())
    await apply(projection, events)
    await eventually(lambda: receiver.at("/claimed"), message="a first attempt")
    await projection.app.state.webhook_sender.stop()  # from here on only this test claims

    engine = projection.app.state.engine
    async with engine.begin() as first:
        assert await run_pass(first, wait=True) == 0  # holds the pass lock until it commits
        async with engine.begin() as second:
            assert await run_pass(second) is None

    async with engine.begin() as conn:
        await conn.execute(text("UPDATE webhooks.notifications SET next_attempt_at = now()"))
    async with engine.begin() as first:
        [claimed] = await claim(first, 10, lease=60)
        async with engine.begin() as second:
            assert await claim(second, 10, lease=60) == []
    assert claimed.url == receiver.url("/claimed") and claimed.attempts >= 2
