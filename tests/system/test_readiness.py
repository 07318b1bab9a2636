"""A projection that cannot do its work says so on GET /readyz; a command service does not depend on it.

- The projection's database goes away (its own PostgreSQL server, stopped): /readyz answers 503 naming the
  `database` check, and 200 again once the server is back, after which events are applied again.
- The projection's Kafka consumer loop or its feed reconciler loop stops: 503 naming `broker` or `reconciler`.
- The projection's apply loop stalls (the ledger cannot be written, so nothing is applied while events wait):
  503 naming the check that saw it. The kernel does not see this yet (its checks see a loop that ended, not one
  that waits): the test is marked as an expected failure until it does, strictly, so that it is noticed when
  it starts to pass.
- The projection killed: the command service stays ready and keeps accepting writes.
- The broker down: a command service stays ready (writes need only its database; the store is the outbox) and
  keeps answering 201; /readyz reports the broker failing and the relay's lag (events stored, not published,
  and the age of the oldest), as do the metrics `relay_lag_events` and `relay_lag_seconds`; with the broker back
  the lag returns to 0.
- A command service's relay task stopped: only a restart mends that, so /healthz (the liveness probe) answers
  503 naming it, while /readyz stays 200.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import asyncpg
import httpx
import pytest

from kernel.infra.postgres import free_port
from kernel.testing.servers import PostgresServer, eventually
from tests.system.helpers import applied, wait_for

pytestmark = pytest.mark.system
CENTER = {"center_id": "wh-1", "name": "武汉中心", "region": "420100", "registered_on": "2019-01-01"}
ACME = {"uscc": "91440101MA5CJQ4N59", "name": "武汉甲科技有限公司", "ownership": "private", "region": "420100"}


def readiness(url: str) -> tuple[int, dict]:
    try:
        response = httpx.get(f"{url}/readyz", timeout=10)
    except httpx.HTTPError as exc:
        return 0, {"error": type(exc).__name__}
    return response.status_code, response.json()


def onsite(n: int) -> dict:
    return {"center_id": "wh-1", "occurred_on": f"2019-0{n % 9 + 1}-15", "enterprises": [ACME]}


@pytest.fixture
def own_postgres():
    """A PostgreSQL server of the test's own, which it may stop and start again."""
    root = Path(tempfile.mkdtemp(prefix="ipo-test-readiness-"))
    server = PostgresServer(root / "data", free_port()).start()
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


def test_the_projection_is_not_ready_while_its_database_is_away(system, http, own_postgres):
    enforcement = system.service("enforcement")
    projection = system.projection({"enforcement": enforcement.url}, database_url=own_postgres.url("projection"))
    assert http.post(f"{enforcement.url}/v1/assistance-centers", json=CENTER).status_code == 201
    wait_for(lambda: readiness(projection.url)[0] == 200, 60, "the projection never became ready")

    own_postgres.stop()
    status, body = wait_for(lambda: (r := readiness(projection.url))[0] == 503 and r, 30,
                            "the projection stayed ready without its database")
    assert body["status"] == "not_ready"
    assert body["checks"]["database"].startswith("failing"), body
    assert readiness(enforcement.url)[0] == 200, "the command service depends on the projection's database"
    assert http.post(f"{enforcement.url}/v1/onsite-services", json=onsite(1)).status_code == 201

    own_postgres.start()
    wait_for(lambda: readiness(projection.url)[0] == 200, 60, "the projection did not become ready again")
    ledger = own_postgres.url("projection").replace("postgresql+asyncpg://", "postgresql://")
    wait_for(lambda: len(applied(ledger, "enforcement")) == 2, 30, "the projection did not apply what came meanwhile")


def test_a_dead_projection_leaves_the_command_service_ready(system, http):
    enforcement = system.service("enforcement")
    projection = system.projection({"enforcement": enforcement.url})
    wait_for(lambda: readiness(projection.url)[0] == 200, 60, "the projection never became ready")
    wait_for(lambda: readiness(enforcement.url)[0] == 200, 60, "the command service never became ready")

    projection.kill()
    assert readiness(projection.url)[0] == 0  # nothing answers
    status, body = readiness(enforcement.url)
    assert status == 200 and body["status"] == "ready", body
    assert http.post(f"{enforcement.url}/v1/assistance-centers", json=CENTER).status_code == 201
    assert readiness(enforcement.url)[0] == 200


async def ready(client: httpx.AsyncClient) -> dict:
    response = await client.get("/readyz")
    return response.json() if response.status_code == 200 else {}


async def not_ready(client: httpx.AsyncClient) -> dict:
    response = await client.get("/readyz")
    return response.json() if response.status_code == 503 else {}


@pytest.mark.parametrize("loop, check", [("consumer", "broker"), ("reconciler", "reconciler")])
async def test_a_stopped_loop_makes_the_projection_not_ready(loop, check, projection, projection_client):
    await eventually(lambda: ready(projection_client), timeout=60, message="the projection ready")

    await getattr(projection.app.state, loop).stop()
    body = await eventually(lambda: not_ready(projection_client), timeout=10, message="not ready once the loop stopped")
    assert body["checks"][check].startswith("failing") and "stopped" in body["checks"][check], body
    assert [name for name, result in body["checks"].items() if result != "ok"] == [check]


@pytest.fixture
def projection_settings(enforcement):
    """The in-process projection of these tests: a stalled apply is one that has waited three seconds."""
    return {"sources": {"enforcement": enforcement.url}, "reconcile_interval_seconds": 1.0, "apply_stall_seconds": 3.0}


async def test_a_stalled_apply_loop_makes_the_projection_not_ready(enforcement_client, projection, projection_client):
    """The ledger table locked by another session: every apply waits, events pile up, and /readyz must tell."""
    assert (await enforcement_client.post("/v1/assistance-centers", json=CENTER)).status_code == 201
    await eventually(lambda: ready(projection_client), timeout=60, message="the projection ready")
    url = projection.app.state.settings.database_url.replace("postgresql+asyncpg://", "postgresql://")
    blocker = await asyncpg.connect(url)
    try:
        await blocker.execute("BEGIN")
        await blocker.execute("LOCK TABLE projection_applied_events IN EXCLUSIVE MODE")
        for n in range(5):
            assert (await enforcement_client.post("/v1/onsite-services", json=onsite(n))).status_code == 201
        body = await eventually(lambda: not_ready(projection_client), timeout=20,
                                message="not ready while nothing can be applied")
        failing = [name for name, result in body["checks"].items() if result != "ok"]
        assert failing, body
    finally:
        await blocker.execute("ROLLBACK")
        await blocker.close()
    await eventually(lambda: ready(projection_client), timeout=60, message="ready again once applies go through")


def metric(url: str, name: str) -> float:
    text = httpx.get(f"{url}/metrics", timeout=10).text
    return float(re.search(rf"^{name} (\S+)$", text, re.M).group(1))


def test_a_broker_outage_leaves_the_command_service_ready_and_writing(system, http):
    enforcement = system.service("enforcement")
    wait_for(lambda: (r := readiness(enforcement.url))[0] == 200 and r[1]["broker"] == "ok", 60,
             "the command service never became ready with its broker")

    system.broker.stop()
    assert http.post(f"{enforcement.url}/v1/assistance-centers", json=CENTER).status_code == 201
    for n in range(2):
        assert http.post(f"{enforcement.url}/v1/onsite-services", json=onsite(n)).status_code == 201
    status, body = readiness(enforcement.url)
    assert status == 200 and body["status"] == "ready", body
    assert body["checks"] == {"database": "ok"}, "the broker or the relay decides readiness"
    assert body["broker"].startswith("failing"), body
    relay = body["relay"]
    assert relay["alive"] is True and relay["unpublished_events"] == 3, relay
    assert relay["oldest_unpublished_seconds"] > 0, relay
    wait_for(lambda: metric(enforcement.url, "relay_lag_events") == 3, 10, "relay_lag_events does not count them")
    assert metric(enforcement.url, "relay_lag_seconds") > 0
    assert http.get(f"{enforcement.url}/healthz").status_code == 200

    system.broker.start()
    status, body = wait_for(lambda: (r := readiness(enforcement.url))[1].get("relay", {}).get("unpublished_events") == 0 and r,
                            60, "the relay did not catch up once the broker was back")
    assert status == 200 and body["broker"] == "ok" and body["relay"]["oldest_unpublished_seconds"] == 0, body
    wait_for(lambda: metric(enforcement.url, "relay_lag_events") == 0, 10, "relay_lag_events stayed up")
    assert metric(enforcement.url, "relay_lag_seconds") == 0


async def test_a_stopped_relay_fails_liveness_not_readiness(enforcement, enforcement_client):
    await eventually(lambda: ready(enforcement_client), timeout=60, message="the command service ready")
    assert (await enforcement_client.get("/healthz")).status_code == 200

    await enforcement.app.state.relay.stop()
    alive = await enforcement_client.get("/healthz")
    assert alive.status_code == 503, alive.text
    assert alive.json()["checks"]["relay"].startswith("failing") and "stopped" in alive.json()["checks"]["relay"]
    body = await ready(enforcement_client)
    assert body["status"] == "ready" and body["relay"]["alive"] is False, body
