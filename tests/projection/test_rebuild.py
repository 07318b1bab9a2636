"""The rebuild command: fresh tables from the feeds, swapped in while the API serves, with the live figures."""

from __future__ import annotations

import asyncio

from sqlalchemy import text
from typer.testing import CliRunner

from kernel.testing.fixtures import SIGNING_KEY
from kernel.testing.servers import eventually
from projection.cli import app as cli
from tests.projection.workload import record_services, register_centers

FIXED = {"year": 2019, "as_of": "2019-12-31", "known_at": "2100-01-01T00:00:00Z"}


async def _count(engine, sql: str) -> int:
    async with engine.connect() as conn:
        return (await conn.execute(text(sql))).scalar_one()


async def _caught_up(enforcement, projection) -> bool:
    stored = await _count(enforcement.app.state.engine, "SELECT count(*) FROM events")
    return stored > 0 and await _count(projection.app.state.engine, "SELECT count(*) FROM projection_applied_events") == stored


async def _snapshot(client) -> dict:
    responses = {
        "attainment": await client.get("/v1/attainment", params=FIXED),
        "indicators": await client.get("/v1/indicators", params=FIXED),
        "wuhan": await client.get("/v1/indicators", params={**FIXED, "region": "420100", "measure": 4}),
        "enterprises": await client.get("/v1/enterprises", params={"limit": 200}),
    }
    assert all(r.status_code == 200 for r in responses.values()), {k: r.text for k, r in responses.items() if r.status_code != 200}
    return {k: r.json() for k, r in responses.items()}


async def test_rebuild_swaps_in_tables_equal_to_the_live_ones_without_stopping_the_api(
    enforcement, enforcement_client, projection, projection_client, auth
):
    centers = await register_centers(enforcement_client, 5)
    await record_services(enforcement_client, centers, writers=4, per_writer=15)
    await eventually(lambda: _caught_up(enforcement, projection), timeout=60, message="projection caught up")
    live = await _snapshot(projection_client)
    assert figure(live["indicators"], "M04.onsite_private")["total"] > 0
    assert live["enterprises"]["items"]

    engine = projection.app.state.engine
    async with engine.begin() as conn:  # damage the live read models: the rebuild starts from nothing anyway
        await conn.execute(text("DELETE FROM rm_enterprises"))
    assert (await projection_client.get("/v1/enterprises")).json()["items"] == []

    statuses: list[int] = []
    stop = asyncio.Event()

    async def keep_reading() -> None:
        while not stop.is_set():
            statuses.append((await projection_client.get("/v1/indicators", params={**FIXED, "measure": 4})).status_code)
            await asyncio.sleep(0.02)

    reader = asyncio.create_task(keep_reading())
    token = auth()["Authorization"].removeprefix("Bearer ")
    args = ["rebuild", "--database-url", projection.app.state.settings.database_url,
            "--source", f"enforcement={enforcement.url}", "--token", token]
    result = await asyncio.to_thread(CliRunner().invoke, cli, args, env={"AUTH_SIGNING_KEY": SIGNING_KEY})
    stop.set()
    await reader
    assert result.exit_code == 0, result.output + repr(result.exception)
    assert "已换入" in result.output and "swapped in" in result.output
    assert "应用事件" in result.output and "events applied" in result.output
    assert len(statuses) > 3 and set(statuses) == {200}

    assert await _snapshot(projection_client) == live
    schemas = await _count(engine, "SELECT count(*) FROM pg_namespace WHERE nspname IN ('projection_rebuild', 'projection_retired')")
    assert schemas == 0
    indexes = await _count(engine, "SELECT count(*) FROM pg_indexes WHERE schemaname = 'public' AND indexname = 'ix_rm_enterprises_lower_name'")
    assert indexes == 1

    # the live projector goes on writing into the new tables
    await record_services(enforcement_client, centers, writers=2, per_writer=5, seed=11)
    await eventually(lambda: _caught_up(enforcement, projection), timeout=60, message="caught up after the swap")
    after = (await projection_client.get("/v1/indicators", params=FIXED)).json()
    assert figure(after, "M04.onsite_private")["records_known"] == figure(live["indicators"], "M04.onsite_private")["records_known"] + 10


def figure(report: dict, figure_id: str) -> dict:
    [found] = [f for s in report["sections"] for m in s["measures"] for f in m["figures"] if f["id"] == figure_id]
    return found
