"""Property: whatever happens around them (late records, retractions, resubmissions, reopenings), a period's
approved vintage is `/v1/attainment` as known at the approval moment, and so are the figures kept when the
approval was recorded (`period_vintages`), and the submitted vintage at the approval equals the approved one.

Each example works in a region of its own (the 17 divisions, one after another) against one real enforcement
service and one projection: a center, then a random plan of on-site services dated in random months (recorded
now, so many are late for an approved month), retractions, submissions with approvals, and reopenings.
"""

from __future__ import annotations

import asyncio
import importlib
import itertools
from datetime import datetime

import httpx
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from kernel.domain.regions import REGION_NAMES
from kernel.testing.servers import InProcessService
from tests.projection.periods.helpers import caught_up, center, service

MONTHS = st.integers(min_value=1, max_value=6).map(lambda m: f"2019-{m:02d}")
STEPS = st.one_of(
    st.tuples(st.just("service"), MONTHS, st.integers(min_value=1, max_value=28)),
    st.tuples(st.just("retract"), st.integers(min_value=0, max_value=20)),
    st.tuples(st.just("approve"), MONTHS | st.just("2019")),
    st.tuples(st.just("reopen"), MONTHS | st.just("2019")),
)


async def _start(base_settings, name: str, **overrides) -> InProcessService:
    settings_module = importlib.import_module(f"{name}.settings")
    settings_class = next(v for k, v in vars(settings_module).items()
                          if k.endswith("Settings") and isinstance(v, type) and v.__module__ == settings_module.__name__)
    create_app = importlib.import_module(f"{name}.app").create_app
    return await InProcessService.start(create_app(settings_class(**base_settings(name, **overrides))))


async def _check(projection, writer: httpx.AsyncClient, reader: httpx.AsyncClient, region: str, plan: list[tuple]) -> None:
    await center(writer, f"c-{region}", region=region)
    services: list[str] = []
    for step in plan:
        if step[0] == "service":
            services.append(await service(writer, f"c-{region}", f"{step[1]}-{step[2]:02d}", region=region))
        elif step[0] == "retract" and services:
            sid = services.pop(step[1] % len(services))
            assert (await writer.post(f"/v1/onsite-services/{sid}/retraction", json={"reason": "重复"})).status_code == 201
        elif step[0] == "approve":
            await caught_up(reader, writer)  # the figures the region vouches for are the ones recorded so far
            submitted = await reader.post(f"/v1/periods/{region}/{step[1]}/submission")
            assert submitted.status_code in (201, 409), submitted.text  # 409: approved already
            approved = await reader.post(f"/v1/periods/{region}/{step[1]}/approval")
            assert approved.status_code in (201, 409), approved.text
        elif step[0] == "reopen":
            answer = await reader.post(f"/v1/periods/{region}/{step[1]}/reopening", json={"reason": "复核"})
            assert answer.status_code in (201, 409), answer.text
    await caught_up(reader, writer)
    periods = (await reader.get("/v1/periods", params={"year": 2019, "region": region})).json()["periods"]
    for period in periods:
        last = period["last_day"]
        if period["period"] == "2019-12":
            continue  # 31 December names the year's period

        params = {"year": 2019, "region": region, "as_of": last}
        vintage = await reader.get("/v1/attainment", params={**params, "vintage": "approved"})
        if period["state"] != "approved":
            assert vintage.status_code == 404, vintage.text
            continue
        assert vintage.status_code == 200, vintage.text
        known = await reader.get("/v1/attainment", params={**params, "known_at": period["approved_at"]})
        assert vintage.json() == known.json()
        submitted = await reader.get("/v1/attainment", params={**params, "vintage": "submitted"})
        assert submitted.json()["targets"] == vintage.json()["targets"]
        async with projection.app.state.engine.connect() as conn:
            kept = (await conn.execute(text("SELECT report FROM period_vintages WHERE region = :r AND period = :p "
                                            "AND recorded_at = :at"), {"r": region, "p": period["period"],
                                                                       "at": datetime.fromisoformat(vintage.json()["known_at"])})).scalar_one()
        assert kept["targets"] == vintage.json()["targets"]


def test_the_approved_vintage_is_the_attainment_known_at_the_approval_moment(base_settings, auth):
    regions = itertools.cycle(REGION_NAMES)
    with asyncio.Runner() as runner:
        enforcement = runner.run(_start(base_settings, "enforcement"))
        projection = runner.run(_start(base_settings, "projection", sources={"enforcement": enforcement.url},
                                       reconcile_interval_seconds=1.0))
        writer = httpx.AsyncClient(base_url=enforcement.url, headers=auth(), timeout=30)
        reader = httpx.AsyncClient(base_url=projection.url, headers=auth(), timeout=30)
        try:
            @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), phases=[Phase.generate])
            @given(plan=st.lists(STEPS, min_size=1, max_size=10))
            def holds(plan):
                runner.run(_check(projection, writer, reader, next(regions), plan))

            holds()
        finally:
            runner.run(writer.aclose())
            runner.run(reader.aclose())
            runner.run(projection.stop())
            runner.run(enforcement.stop())
