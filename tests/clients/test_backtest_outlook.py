"""`ipo backtest-outlook` on the demo year, against the real services: a table of every target, not an accuracy claim."""

from __future__ import annotations

import asyncio
import re

import httpx
from typer.testing import CliRunner

from ipo_clients.cli import app
from ipo_clients.demo import DemoSettings, run_demo
from ipo_clients.demo.periods import wait_for_projection
from ipo_clients.demo.recording import DEMO_SUBJECT, office_today
from kernel.auth import ALL_SCOPES
from kernel.testing.fixtures import SIGNING_KEY
from tests.clients.test_demo import SCALE, SEED, system  # noqa: F401 - the fixture: four services and a projection

COUNT_TARGETS = ("T09a", "T19", "T20", "T22a", "T22b")


def backtest_cli(*args: str, columns: int = 160):
    return CliRunner().invoke(app, ["backtest-outlook", *args], env={"AUTH_SIGNING_KEY": SIGNING_KEY, "COLUMNS": str(columns)})


async def test_the_backtest_prints_each_target_and_how_often_its_outlook_matched(system, issuer):  # noqa: F811
    urls, projection_url = system
    year = office_today().year - 1
    token = issuer.mint(DEMO_SUBJECT, ALL_SCOPES)
    result = await run_demo(DemoSettings(seed=SEED, year=year, scale=SCALE, urls=urls, projection_url=None, token=token))
    assert not result.refused
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
        await wait_for_projection(client, urls, projection_url, timeout=120)

    now = await asyncio.to_thread(backtest_cli, "--year", str(year), "--known-at", "now", "--projection-url", projection_url)

    assert now.exit_code == 0, now.output
    print(now.output)
    rows = {line.split()[0]: line for line in now.output.splitlines() if line.strip()[:1] in ("T", "全")}
    for target in ("T04", *COUNT_TARGETS, "T09b", "T11"):
        assert target in rows, now.output
    for target in COUNT_TARGETS:
        assert re.search(r"\b\d+/\d+\b", rows[target]) and re.search(r"\d+%", rows[target]), rows[target]
    assert re.search(r"全部 Overall.*\b\d+/\d+\b.*\d+%", now.output), now.output
    assert "年底预测回测" in now.output and "backtest of the year-end outlook" in now.output
    assert "北京时间 (UTC+08:00)" in now.output  # every moment shown says its zone

    # as known at each month end: the demo year was recorded all at once, later, and the backtest says so
    then = await asyncio.to_thread(backtest_cli, "--year", str(year), "--projection-url", projection_url, columns=80)
    assert then.exit_code == 0, then.output
    print(then.output)
    for target in COUNT_TARGETS:
        assert target in then.output
    assert "nothing of the year had been recorded yet" in then.output.replace("\n", " ").replace("  ", " ")

    unfinished = await asyncio.to_thread(backtest_cli, "--year", str(year + 1), "--projection-url", projection_url)
    assert unfinished.exit_code == 2 and "is not over" in unfinished.output
