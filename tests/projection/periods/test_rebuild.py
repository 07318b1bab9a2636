"""A rebuild of the read models leaves the reporting periods as they were: their events, vintages and restatements."""

from __future__ import annotations

import asyncio

from typer.testing import CliRunner

from kernel.testing.fixtures import SIGNING_KEY
from projection.cli import app as cli
from tests.projection.periods.helpers import caught_up, center, service, step, t04


async def test_a_rebuild_keeps_the_periods_and_fills_the_actors(projection, projection_client, enforcement, enforcement_client, auth):
    await center(enforcement_client, "wh-1")
    await caught_up(projection_client, enforcement_client)
    await step(projection_client, "420100", "2019-03", "submission")
    approved = await step(projection_client, "420100", "2019-03", "approval")
    await service(enforcement_client, "wh-1", "2019-03-20")
    await caught_up(projection_client, enforcement_client)
    before = {"periods": (await projection_client.get("/v1/periods", params={"year": 2019})).json(),
              "vintage": await t04(projection_client, vintage="approved"),
              "restatements": (await projection_client.get("/v1/restatements", params={"year": 2019})).json()}
    assert before["restatements"]["restatements"][0]["records"][0]["actor"] == "tester"

    token = auth()["Authorization"].removeprefix("Bearer ")
    args = ["rebuild", "--database-url", projection.app.state.settings.database_url,
            "--source", f"enforcement={enforcement.url}", "--token", token]
    result = await asyncio.to_thread(CliRunner().invoke, cli, args, env={"AUTH_SIGNING_KEY": SIGNING_KEY})
    assert result.exit_code == 0, result.output + repr(result.exception)

    after = {"periods": (await projection_client.get("/v1/periods", params={"year": 2019})).json(),
             "vintage": await t04(projection_client, vintage="approved"),
             "restatements": (await projection_client.get("/v1/restatements", params={"year": 2019})).json()}
    assert after == before
    assert after["vintage"]["actual"] == 0.0 and approved["state"] == "approved"
