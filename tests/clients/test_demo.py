"""The demo year recorded against the real services: nothing refused, every measure touched, a rerun adds nothing."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from typer.testing import CliRunner

from ipo_clients.cli import app
from ipo_clients.demo import DemoSettings, run_demo
from ipo_clients.demo.recording import DEMO_SUBJECT, office_today
from ipo_clients.demo.year import SERVICES
from kernel.auth import ALL_SCOPES, FEED_SCOPE, READ_SCOPE
from kernel.testing.fixtures import SIGNING_KEY
from kernel.testing.servers import eventually

SEED = 7
SCALE = 0.1


@pytest.fixture
async def system(start_service):
    """The four command services and a projection fed by all of them, each on its own fresh database."""
    services = {name: await start_service(name) for name in SERVICES}
    projection = await start_service(
        "projection", sources={name: s.url for name, s in services.items()}, reconcile_interval_seconds=1.0
    )
    return {name: s.url for name, s in services.items()}, projection.url


async def feed_heads(client: httpx.AsyncClient, urls: dict[str, str]) -> dict[str, int]:
    heads = {}
    for name, url in urls.items():
        page = (await client.get(f"{url}/v1/events", params={"after": 0, "limit": 1})).raise_for_status().json()
        heads[name] = page["head"]
    return heads


def demo_cli(*args: str) -> object:
    """The `demo` command as a user runs it, with a token minted from the signing key in the environment."""
    return CliRunner().invoke(app, ["demo", *args], env={"AUTH_SIGNING_KEY": SIGNING_KEY})


async def test_demo_year_is_recorded_whole_and_a_rerun_changes_nothing(system, issuer):
    urls, projection_url = system
    year = office_today().year - 1  # a whole year, every write of it due
    settings = DemoSettings(seed=SEED, year=year, scale=SCALE, urls=urls, projection_url=projection_url,
                            token=issuer.mint(DEMO_SUBJECT, ALL_SCOPES))

    result = await run_demo(settings)

    refusals = [(o.step.index, o.step.what, o.status, o.problem) for o in result.outcomes if o.refused or o.skipped]
    assert refusals == [], f"the services refused demo writes: {refusals[:5]}"
    assert result.planned >= len(result.outcomes) > 400  # a few follow-ups may fall after today, in this year
    assert {o.step.measure for o in result.outcomes} == set(range(1, 25))
    assert not any(o.replayed for o in result.outcomes)

    reader = {"Authorization": f"Bearer {issuer.mint('reader', [READ_SCOPE, FEED_SCOPE])}"}  # the feeds' heads too
    async with httpx.AsyncClient(headers=reader, timeout=60) as client:
        heads = await feed_heads(client, urls)
        assert all(head > 0 for head in heads.values())

        async def caught_up():
            status = (await client.get(f"{projection_url}/v1/status")).json()
            positions = {s["source"]: s["position"] for s in status["sources"]}
            return all(positions.get(name, 0) >= head for name, head in heads.items())

        await eventually(caught_up, timeout=120, interval=0.5, message="the projection applying every demo event")

        report = (await client.get(f"{projection_url}/v1/indicators", params={"year": year})).raise_for_status().json()
        figures = [f for section in report["sections"] for m in section["measures"] for f in m["figures"]]
        for measure in range(1, 25):
            totals = {f["id"]: f["total"] for f in figures if f["measure"] == measure}
            assert any(t for t in totals.values()), f"measure {measure} has no activity in {year}: {totals}"

        by_region: dict[str, float] = {}
        for figure in figures:
            if figure["aggregation"] == "count":
                for region, value in figure["by_region"].items():
                    if region != "420000":
                        by_region[region] = by_region.get(region, 0) + (value or 0)
        assert len([r for r, n in by_region.items() if n]) == 17, by_region
        assert max(by_region, key=by_region.get) == "420100", by_region

        attainment = (await client.get(f"{projection_url}/v1/attainment", params={"year": year})).raise_for_status().json()
        targets = {t["id"]: t for t in attainment["targets"]}
        assert 0.60 <= targets["T09b"]["actual"] <= 0.75, targets["T09b"]
        assert targets["T09a"]["actual"] >= 2 and targets["T19"]["actual"] >= 2
        assert targets["T20"]["actual"] >= 100 and targets["T22a"]["actual"] >= 10 and targets["T22b"]["actual"] >= 1000
        assert targets["T11"]["status"] == "met", targets["T11"]  # the private share rose against the year before
        assert 0.8 < targets["T04"]["actual"] < 1.0, targets["T04"]  # a few center-months were missed

        rerun = await asyncio.to_thread(
            demo_cli, "--seed", str(SEED), "--year", str(year), "--scale", str(SCALE), "--projection-url", projection_url,
            *(arg for name, url in urls.items() for arg in (f"--{name}-url", url)),
        )
        assert rerun.exit_code == 0, rerun.output
        assert f"{len(result.outcomes)}" in rerun.output
        assert "新记录 0 步" in rerun.output and "0 steps recorded" in rerun.output  # the periods stand as the first run left them
        assert await feed_heads(client, urls) == heads

        another_seed = await asyncio.to_thread(
            demo_cli, "--if-empty", "--seed", str(SEED + 1), "--year", str(year), "--scale", str(SCALE),
            *(arg for name, url in urls.items() for arg in (f"--{name}-url", url)),
        )
        assert another_seed.exit_code == 0, another_seed.output
        assert "服务中已有记录" in another_seed.output and "already hold records" in another_seed.output
        assert await feed_heads(client, urls) == heads
