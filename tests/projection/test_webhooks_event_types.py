"""The webhook event types beyond a target's status, end to end: real PostgreSQL, the projection and enforcement
on real ports, a real HTTP receiver (the fixtures of test_webhooks_delivery).

Worked by hand:
- Wuhan's March 2019 (over, so it can be submitted) is submitted, then approved: a subscription for the period
  steps hears `period.submitted`, then `period.approved`, each once, signed;
- an on-site service dated 20 March 2019 recorded after that approval changes T04 of the approved March (2 of 3
  center-months met, now 3 of 3): one `period.restated`, naming the record;
- a Wuhan center registered on the first of last month, served this month but not last month: one missed
  center-month, one `quality.missing` (a subscription registered after it hears nothing of it);
- one matchmaking event this year takes T09a (a count of 1) to its threshold: its outlook's likely_status becomes
  met, one `outlook.changed`;
- a subscription with the default types hears none of these;
- two passes at once (the advisory lock left out), and two replicas, store each notice once.
"""

from __future__ import annotations

import asyncio
import json
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import text

from kernel.domain.dates import today
from kernel.testing.servers import eventually
from projection.webhooks.event_types import Selection
from projection.webhooks.watcher import find
from tests.projection.periods.helpers import caught_up, center, service, step
from tests.projection.test_webhooks_delivery import (  # noqa: F401 (fixtures)
    JAN_1, QUICK, WEBHOOK_SCOPES, apply, just_now, operator, projection, receiver, signature_valid, subscribe,
)
from tests.projection.oracle_targets import Events

PERIOD_STEPS = ["period.submitted", "period.approved", "period.returned", "period.reopened"]
NEW_TYPES = {*PERIOD_STEPS, "period.restated", "quality.missing", "outlook.changed"}


def bodies(receiver, path: str) -> list[dict]:
    return [json.loads(r.body) for r in receiver.delivered(path)]


def types_at(receiver, path: str) -> list[str]:
    return [b["type"] for b in bodies(receiver, path)]


@pytest.fixture
def steps(projection, client_for):
    """A client with every scope (reporting:submit and reporting:approve among them)."""
    return client_for(projection)


async def test_a_period_subscription_hears_the_submission_then_the_approval(projection, operator, steps, enforcement_client, receiver):
    periods = await subscribe(operator, receiver.url("/periods"), event_types=PERIOD_STEPS, description="报送与审核")
    assert periods["event_types"] == PERIOD_STEPS
    default = await subscribe(operator, receiver.url("/default"))
    assert default["event_types"] == ["attainment.status_changed"]
    elsewhere = await subscribe(operator, receiver.url("/yichang"), event_types=PERIOD_STEPS, filter={"regions": ["420500"]})
    listed = (await operator.get(f"/v1/webhooks/{elsewhere['id']}")).json()
    assert listed["event_types"] == PERIOD_STEPS and listed["filter"] == {"targets": None, "regions": ["420500"]}

    await center(enforcement_client, "wh-1")
    await service(enforcement_client, "wh-1", "2019-01-10")
    await caught_up(steps, enforcement_client)
    submitted = await step(steps, "420100", "2019-03", "submission")
    approved = await step(steps, "420100", "2019-03", "approval")

    await eventually(lambda: len(receiver.delivered("/periods")) == 2, message="both steps were posted")
    await asyncio.sleep(2.5)  # more passes: nothing else may come
    assert types_at(receiver, "/periods") == ["period.submitted", "period.approved"]
    assert len(receiver.at("/periods")) == 2
    first, second = bodies(receiver, "/periods")
    assert {k: first["data"][k] for k in ("region", "period", "year", "state", "version", "actor", "reason")} == {
        "region": "420100", "period": "2019-03", "year": 2019, "state": "submitted", "version": submitted["version"],
        "actor": "tester", "reason": None}
    assert first["data"]["recorded_at"] == submitted["recorded_at"]
    assert (second["data"]["state"], second["data"]["version"], second["data"]["recorded_at"]) == (
        "approved", approved["version"], approved["recorded_at"])
    assert second["data"]["event_type"] == "projection.PeriodApproved.v1"
    assert all(signature_valid(periods["secret"], hit) for hit in receiver.at("/periods"))
    assert len({hit.headers["webhook-id"] for hit in receiver.at("/periods")}) == 2
    # the step's event is the one the periods' feed serves
    feed = (await steps.get("/v1/periods/events", params={"after": 0})).json()
    assert second["data"]["event_id"] in {e["id"] for e in feed["events"]}

    deliveries = (await operator.get(f"/v1/webhooks/{periods['id']}/deliveries")).json()["items"]
    assert sorted((d["type"], d["subject"], d["target"], d["status"], d["state"]) for d in deliveries) == [
        ("period.approved", "420100/2019-03", None, "approved", "delivered"),
        ("period.submitted", "420100/2019-03", None, "submitted", "delivered")]
    assert {d["payload"]["type"] for d in deliveries} == {"period.submitted", "period.approved"}
    assert receiver.at("/yichang") == []  # Yichang's periods only
    assert NEW_TYPES.isdisjoint(types_at(receiver, "/default"))


async def test_a_record_after_the_approval_is_one_restatement(projection, operator, steps, enforcement_client, receiver):
    restated = await subscribe(operator, receiver.url("/restated"), event_types=["period.restated"], filter={"regions": ["420100"]})
    default = await subscribe(operator, receiver.url("/default"))
    await center(enforcement_client, "wh-1")
    await service(enforcement_client, "wh-1", "2019-01-10")
    await service(enforcement_client, "wh-1", "2019-02-10")  # March has none: 2 of 3 center-months met
    await caught_up(steps, enforcement_client)
    await step(steps, "420100", "2019-03", "submission")
    approved = await step(steps, "420100", "2019-03", "approval")
    await asyncio.sleep(1.5)
    assert receiver.at("/restated") == []  # an approval restates nothing

    late = await service(enforcement_client, "wh-1", "2019-03-20")  # recorded after the approval, dated in March
    await caught_up(steps, enforcement_client)
    [hit] = await eventually(lambda: receiver.delivered("/restated"), message="the restatement was posted")
    await asyncio.sleep(2.5)
    assert receiver.at("/restated") == [hit]
    assert signature_valid(restated["secret"], hit)
    body = json.loads(hit.body)
    assert body["type"] == "period.restated"
    data = body["data"]
    assert (data["region"], data["period"], data["year"], data["change"], data["approved_by"]) == (
        "420100", "2019-03", 2019, "recorded", "tester")
    assert data["approval_version"] == approved["version"]
    assert (data["record"]["id"], data["record"]["kind"], data["record"]["occurred_on"]) == (late, "onsite-service", "2019-03-20")
    assert data["record"]["type"] == "enforcement.OnsiteServiceRecorded.v1" and data["record"]["actor"] == "tester"
    [t04] = [t for t in data["targets"] if t["target"] == "T04"]
    assert t04["approved"]["actual"] == round(2 / 3, 4) and t04["current"]["actual"] == 1.0
    # what GET /v1/restatements lists
    listed = (await steps.get("/v1/restatements", params={"year": 2019, "region": "420100"})).json()["restatements"]
    assert [r["id"] for r in listed[0]["records"]] == [late]
    assert NEW_TYPES.isdisjoint(types_at(receiver, "/default"))
    assert default["event_types"] == ["attainment.status_changed"]


@pytest.mark.skipif(today().month == 1, reason="in January no month of this year is over yet")
async def test_a_missed_center_month_is_one_missing_notice(projection, operator, enforcement_client, receiver):
    missing = await subscribe(operator, receiver.url("/missing"), event_types=["quality.missing"], filter={"regions": ["420100"]})
    default = await subscribe(operator, receiver.url("/default"))
    now = today()
    last_month = date(now.year, now.month - 1, 1)
    await center(enforcement_client, "wh-9", registered_on=last_month.isoformat())
    await service(enforcement_client, "wh-9", now.isoformat())  # this month served, last month not
    await caught_up(operator, enforcement_client)

    [hit] = await eventually(lambda: receiver.delivered("/missing"), message="the missing center-month was posted")
    await asyncio.sleep(2.5)
    assert receiver.at("/missing") == [hit]
    assert signature_valid(missing["secret"], hit)
    body = json.loads(hit.body)
    assert body["type"] == "quality.missing"
    data = body["data"]
    assert (data["kind"], data["region"], data["target"], data["year"]) == ("unserved_center", "420100", "T04", now.year)
    item = data["item"]
    assert (item["center_id"], item["month"], item["state"], item["days_left"]) == ("wh-9", f"{last_month:%Y-%m}", "missed", None)
    # the same item in /v1/completeness
    completeness = (await operator.get("/v1/completeness", params={"year": now.year, "region": "420100"})).json()
    assert {(c["center_id"], c["month"]) for c in completeness["missing"]["unserved_centers"]} == {("wh-9", f"{last_month:%Y-%m}")}

    later = await subscribe(operator, receiver.url("/later"), event_types=["quality.missing"], filter={"regions": ["420100"]})
    await asyncio.sleep(2.0)
    assert receiver.at("/later") == []  # already missing when it subscribed: its baseline
    [delivery] = (await operator.get(f"/v1/webhooks/{missing['id']}/deliveries")).json()["items"]
    assert (delivery["type"], delivery["target"], delivery["status"], delivery["subject"]) == (
        "quality.missing", "T04", "missed", f"wh-9 {last_month:%Y-%m}")
    assert later["event_types"] == ["quality.missing"]
    assert NEW_TYPES.isdisjoint(types_at(receiver, "/default")) and default["id"]


async def test_an_outlook_that_changes_is_one_notice(projection, operator, receiver):
    outlook = await subscribe(operator, receiver.url("/outlook"), event_types=["outlook.changed"], filter={"targets": ["T09a"]})
    default = await subscribe(operator, receiver.url("/default"), filter={"targets": ["T09a"]})
    before = (await operator.get("/v1/attainment", params={"year": today().year})).json()
    [t09a] = [t for t in before["targets"] if t["id"] == "T09a"]
    assert t09a["actual"] == 0 and t09a["detail"]["outlook"]["likely_status"] != "met"

    events = Events()
    events.matchmaking(JAN_1, at=just_now())  # T09a: 1 of 1
    await apply(projection, events)

    [hit] = await eventually(lambda: receiver.delivered("/outlook"), message="the outlook change was posted")
    [status] = await eventually(lambda: receiver.delivered("/default"), message="the status change was posted")
    await asyncio.sleep(2.5)
    assert receiver.at("/outlook") == [hit] and receiver.at("/default") == [status]
    assert signature_valid(outlook["secret"], hit)
    body = json.loads(hit.body)
    assert body["type"] == "outlook.changed"
    data = body["data"]
    assert (data["target"], data["region"], data["year"]) == ("T09a", "420000", today().year)
    assert (data["previous_likely_status"], data["likely_status"]) == (t09a["detail"]["outlook"]["likely_status"], "met")
    assert data["outlook"]["likely_status"] == "met"
    after = (await operator.get("/v1/attainment", params={"year": today().year})).json()
    assert next(t for t in after["targets"] if t["id"] == "T09a")["detail"]["outlook"] == data["outlook"]
    assert json.loads(status.body)["type"] == "attainment.status_changed"  # the default: the status alone
    assert default["event_types"] == ["attainment.status_changed"]


async def test_two_passes_at_once_store_each_notice_once(projection, steps, enforcement_client):
    """Without the pass lock: the second pass waits on the first one's notice keys and, once it commits, stores
    none of them."""
    await projection.app.state.webhook_watcher.stop()  # from here on only this test's passes run
    await step(steps, "420100", "2019-03", "submission")
    await step(steps, "420100", "2019-03", "approval")
    engine = projection.app.state.engine
    selections = [Selection.of(PERIOD_STEPS, None, None)]
    first_done = asyncio.Event()

    async def first():
        async with engine.begin() as conn:
            found = await find(conn, selections, None, datetime.now(timezone.utc))
            await asyncio.sleep(1.0)  # the second pass runs meanwhile
            first_done.set()
            return found

    async def second():
        await asyncio.sleep(0.3)
        async with engine.begin() as conn:
            found = await find(conn, selections, None, datetime.now(timezone.utc))
            assert first_done.is_set()  # it waited for the first pass to commit
            return found

    one, two = await asyncio.gather(first(), second())
    assert [n.type for n in one] == ["period.submitted", "period.approved"]
    assert two == []
    async with engine.connect() as conn:
        stored = (await conn.execute(text("SELECT type, count(*) FROM webhooks.notices GROUP BY type ORDER BY type"))).all()
    assert [tuple(r) for r in stored] == [("period.approved", 1), ("period.submitted", 1)]
    async with engine.begin() as conn:  # a third pass finds nothing new
        assert await find(conn, selections, None, datetime.now(timezone.utc)) == []


async def test_two_replicas_notify_each_period_step_once(start_service, projection_settings, client_for, enforcement_client, receiver):
    one = await start_service("projection", **projection_settings, **QUICK)
    two = await start_service("projection", **projection_settings, **QUICK)  # the same database
    paths = [f"/replica-{n}" for n in range(4)]
    for n, path in enumerate(paths):
        await subscribe(client_for(one if n % 2 else two, scopes=WEBHOOK_SCOPES), receiver.url(path),
                        event_types=["period.submitted", "period.approved", "quality.missing"], filter={"regions": ["420100"]})
    await step(client_for(one), "420100", "2019-03", "submission")
    await step(client_for(two), "420100", "2019-03", "approval")

    def complete() -> bool:
        return all(types_at(receiver, p) == ["period.submitted", "period.approved"] for p in paths)

    await eventually(complete, message="every subscriber heard both steps")
    await asyncio.sleep(2.5)
    assert len(receiver.received) == 8, sorted((r.path, json.loads(r.body)["type"]) for r in receiver.received)
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 8
    async with one.app.state.engine.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM webhooks.notices WHERE type LIKE 'period.%'"))).scalar() == 2


async def test_event_types_are_checked_naming_the_field(operator, client_for, projection):
    for body, field in [
        ({"event_types": ["period.closed"]}, "event_types.0"),
        ({"event_types": []}, "event_types"),
        ({"event_types": "period.submitted"}, "event_types"),
        ({"event_types": ["outlook.changed"], "filter": {"targets": ["T20"], "regions": ["420100"]}}, "filter.regions"),
    ]:
        answer = await operator.post("/v1/webhooks", json={"url": "http://127.0.0.1:9/hook", **body})
        assert answer.status_code == 422 and answer.headers["content-type"] == "application/problem+json", answer.text
        assert field in [e["field"] for e in answer.json()["errors"]], (body, answer.text)
    # a T20 filter in a division is fine for types that are not about a status
    fine = await operator.post("/v1/webhooks", json={"url": "http://127.0.0.1:9/hook", "event_types": ["period.approved"],
                                                     "filter": {"targets": ["T20"], "regions": ["420100"]}})
    assert fine.status_code == 201, fine.text
    # a region's token: records of other regions' only for its own region
    wuhan = client_for(projection, scopes=WEBHOOK_SCOPES, region="420100")
    refused = await wuhan.post("/v1/webhooks", json={"url": "http://127.0.0.1:9/hook", "event_types": ["quality.missing"]})
    assert refused.status_code == 403 and [e["field"] for e in refused.json()["errors"]] == ["filter.regions"], refused.text
    own = await wuhan.post("/v1/webhooks", json={"url": "http://127.0.0.1:9/hook", "event_types": ["quality.missing"],
                                                  "filter": {"regions": ["420100"]}})
    assert own.status_code == 201, own.text
    statuses = await wuhan.post("/v1/webhooks", json={"url": "http://127.0.0.1:9/hook"})  # aggregates: every region's
    assert statuses.status_code == 201, statuses.text


async def test_a_pass_between_full_passes_leaves_the_restatement_to_the_next_full_one(projection, steps, enforcement_client):
    """Restatements (and missing items) are computed at most every FULL_PASS_SECONDS: a pass in between does not
    see the late record's restatement, the next full one stores it, once."""
    await projection.app.state.webhook_watcher.stop()  # from here on only this test's passes run
    await center(enforcement_client, "wh-1")
    await service(enforcement_client, "wh-1", "2019-01-10")
    await caught_up(steps, enforcement_client)
    await step(steps, "420100", "2019-03", "submission")
    await step(steps, "420100", "2019-03", "approval")
    await service(enforcement_client, "wh-1", "2019-03-20")  # after the approval, dated in March
    await caught_up(steps, enforcement_client)
    engine, selections = projection.app.state.engine, [Selection.of(["period.restated"], None, None)]

    async def restated(full: bool) -> list:
        async with engine.begin() as conn:
            return [n for n in await find(conn, selections, None, datetime.now(timezone.utc), full) if n.type == "period.restated"]

    assert await restated(full=False) == []
    [notice] = await restated(full=True)
    assert (notice.region, notice.data["period"]) == ("420100", "2019-03")
    assert await restated(full=True) == []  # stored once
