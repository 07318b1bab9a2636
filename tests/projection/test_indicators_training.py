"""Over HTTP, hand-worked: the measure-10 retractions, a training's plan and cancellation, and the mark
applications of measure 13 change /v1/indicators as they mean to, bitemporally; the targets do not move.

Recorded in the training service, read from the projection fed by its feed and topic.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

import pytest

from kernel.testing.servers import eventually
from tests.training.helpers import ACME, STATE_FIRM, YICHANG_FIRM, training_plan

YEAR = {"year": 2019, "as_of": "2019-12-31"}
TARGETS_TOUCHED = ("T22a", "T22b", "T11")


@pytest.fixture
async def services(start_service, client_for):
    training = await start_service("training")
    projection = await start_service("projection", sources={"training": training.url}, reconcile_interval_seconds=1.0)
    return client_for(training), client_for(projection), training, projection


async def post(client, path: str, body: dict) -> dict:
    response = await client.post(path, json=body)
    assert response.status_code == 201, (path, response.text)
    return response.json()


async def settled(training, projection) -> str:
    """Waits until the projection applied every event the service stored; the moment after, as a `known_at`."""
    from sqlalchemy import text

    async def count(service, sql):
        async with service.app.state.engine.connect() as conn:
            return (await conn.execute(text(sql))).scalar_one()

    async def level() -> bool:
        stored = await count(training, "SELECT count(*) FROM events")
        return stored == await count(projection, "SELECT count(*) FROM projection_applied_events")

    await eventually(level, timeout=30, message="projection caught up with the training service")
    await asyncio.sleep(0.05)  # what is recorded from here on is recorded after this moment
    return datetime.now(timezone.utc).isoformat()


async def figures(client, measure: int, **params) -> dict:
    response = await client.get("/v1/indicators", params={**YEAR, "measure": measure, **params})
    assert response.status_code == 200, response.text
    [section] = response.json()["sections"]
    return {f["id"]: f for m in section["measures"] for f in m["figures"]}


def months(figure: dict) -> list:
    return [m["value"] for m in figure["months"]]


async def targets(client, **params) -> dict:
    response = await client.get("/v1/attainment", params={**YEAR, **params})
    assert response.status_code == 200, response.text
    return {t["id"]: t for t in response.json()["targets"] if t["id"] in TARGETS_TOUCHED}


async def test_measure_10_retractions_end_what_they_name(services):
    t, p, training, projection = services
    member = f"/v1/demonstration-program/members/{ACME['uscc']}"
    await post(t, "/v1/demonstration-program/members", {"enterprise": YICHANG_FIRM, "level": "pilot", "admitted_on": "2019-02-01"})
    await post(t, "/v1/demonstration-program/members", {"enterprise": ACME, "level": "demonstration", "admitted_on": "2019-03-01"})
    await post(t, f"{member}/departure", {"left_on": "2019-05-01", "reason": "考核未通过"})
    await post(t, "/v1/demonstration-program/members", {"enterprise": ACME, "level": "pilot", "admitted_on": "2019-07-01"})
    await post(t, "/v1/management-standard/implementations", {"enterprise": ACME, "began_on": "2019-03-01"})
    for day in ("2019-10-15", "2019-11-15"):
        await post(t, "/v1/management-standard/certifications", {"enterprise": ACME, "certified_on": day, "certifier": "认证机构"})
    before = await settled(training, projection)
    earlier = await figures(p, 10)
    # Feb: Yichang; Mar-Apr: and ACME; May-Jun: ACME left; from Jul: ACME again, as a pilot
    assert months(earlier["M10.program"])[:8] == [0, 1, 2, 2, 1, 1, 2, 2]
    assert earlier["M10.program"]["by_region"]["420100"] == 1
    assert (earlier["M10.standard_begun"]["total"], earlier["M10.certified"]["total"]) == (1, 2)

    await post(t, f"{member}/retraction", {"reason": "录错了级别"})  # the latest membership, from July
    await post(t, f"/v1/management-standard/{ACME['uscc']}/certifications/2019-10-15/retraction", {"reason": "证书号有误"})
    await settled(training, projection)
    now = await figures(p, 10)
    assert months(now["M10.program"])[:8] == [0, 1, 2, 2, 1, 1, 1, 1]  # the first membership still counts
    assert (now["M10.program"]["by_region"]["420100"], now["M10.program"]["by_region"]["420500"]) == (0, 1)
    assert (now["M10.standard_begun"]["total"], now["M10.certified"]["total"]) == (1, 1)
    assert months(now["M10.certified"])[9:11] == [0, 1]

    await post(t, f"/v1/management-standard/{ACME['uscc']}/implementation/retraction", {"reason": "未开始贯标"})
    await post(t, f"{member}/retraction", {"reason": "从未入选"})  # now the first membership
    await settled(training, projection)
    last = await figures(p, 10)
    assert (last["M10.standard_begun"]["total"], last["M10.certified"]["total"]) == (0, 1)
    assert months(last["M10.program"])[:8] == [0, 1, 1, 1, 1, 1, 1, 1]
    # as known before any retraction, the figures stand as they were
    assert await figures(p, 10, known_at=before) == earlier


async def test_a_cancelled_training_leaves_the_plan_and_is_never_held(services):
    t, p, training, projection = services
    held = (await post(t, "/v1/trainings", training_plan()))["training_id"]
    await post(t, f"/v1/trainings/{held}/completion", {"person_times": 120})
    cancelled = (await post(t, "/v1/trainings", training_plan(format="seminar", starts_on="2019-06-10", ends_on="2019-06-11")))["training_id"]
    general = (await post(t, "/v1/trainings", training_plan(audience="general", starts_on="2019-06-10", ends_on="2019-06-11")))["training_id"]
    wrong = (await post(t, "/v1/trainings", training_plan(region="420500", starts_on="2019-09-02", ends_on="2019-09-03")))["training_id"]
    before = await settled(training, projection)
    planned = await figures(p, 22)
    targets_before = await targets(p)
    assert planned["M22.planned"]["total"] == 3  # private ones only: held, the seminar and the Yichang one
    assert planned["M22.planned"]["by_category"] == {"class": 2, "seminar": 1}
    assert planned["M22.cancelled"]["total"] == 0

    await post(t, f"/v1/trainings/{cancelled}/cancellation", {"cancelled_on": "2019-06-01", "reason": "场地不可用"})
    await post(t, f"/v1/trainings/{general}/cancellation", {"cancelled_on": "2019-06-03", "reason": "讲师无法到场"})
    await post(t, f"/v1/trainings/{wrong}/retraction", {"reason": "重复录入"})
    await settled(training, projection)
    now = await figures(p, 22)
    assert (now["M22.planned"]["total"], now["M22.planned"]["by_category"]) == (1, {"class": 1})
    assert now["M22.cancelled"]["total"] == 1  # the general-audience one is not for private enterprises
    assert months(now["M22.cancelled"])[5] == 1 and now["M22.cancelled"]["by_region"]["420100"] == 1
    assert (await figures(p, 22, as_of="2019-05-31"))["M22.cancelled"]["total"] == 0  # not yet cancelled then
    assert (now["M22.trainings"]["total"], now["M22.person_times"]["total"]) == (1, 120)
    assert await figures(p, 22, known_at=before) == planned
    assert await targets(p) == targets_before  # plans and cancellations are not trainings held
    assert (targets_before["T22a"]["actual"], targets_before["T22b"]["actual"]) == (1, 120)


async def test_mark_applications_and_their_outcomes(services):
    t, p, training, projection = services

    async def application(kind, applicant, mark, filed_on, outcome=None, decided_on=None) -> str:
        app_id = (await post(t, "/v1/mark-applications", {"kind": kind, "applicant": applicant, "mark": mark, "filed_on": filed_on}))["application_id"]
        if outcome:
            await post(t, f"/v1/mark-applications/{app_id}/decision", {"outcome": outcome, "decided_on": decided_on})
        return app_id

    await application("well_known_trademark", ACME, "楚天红", "2019-03-01", "approved", "2019-09-01")
    await application("geographical_indication", STATE_FIRM, "恩施玉露", "2019-04-01", "refused", "2019-10-01")
    wrong = await application("geographical_indication", YICHANG_FIRM, "宜昌蜜桔", "2019-05-01", "approved", "2019-10-05")
    await application("well_known_trademark", YICHANG_FIRM, "三峡", "2019-11-01")
    before = await settled(training, projection)
    earlier = await figures(p, 13)
    assert earlier["M13.mark_applications"]["by_category"] == {"well_known_trademark": 2, "geographical_indication": 2}
    assert earlier["M13.mark_decisions"]["by_category"] == {"approved": 2, "refused": 1}
    assert earlier["M13.marks_approved"]["by_category"] == {"well_known_trademark": 1, "geographical_indication": 1}
    assert earlier["M13.marks_approved"]["by_region"]["420500"] == 1

    await post(t, f"/v1/mark-applications/{wrong}/retraction", {"reason": "申请人录错"})
    await settled(training, projection)
    now = await figures(p, 13)
    assert now["M13.mark_applications"]["total"] == 3
    assert now["M13.mark_decisions"]["by_category"] == {"approved": 1, "refused": 1}
    assert now["M13.marks_approved"]["by_category"] == {"well_known_trademark": 1}
    assert months(now["M13.marks_approved"])[8:10] == [1, 0] and now["M13.marks_approved"]["by_region"]["420500"] == 0
    assert (await figures(p, 13, as_of="2019-09-30"))["M13.mark_decisions"]["total"] == 1
    assert await figures(p, 13, known_at=before) == earlier


async def test_a_rebuild_from_the_feed_gives_the_same_figures_at_every_known_at(services, auth):
    """The live projection applies these events a few at a time; the rebuild applies them in pages, so a
    cancellation and a later retraction of the same training, or two retractions of one enterprise's
    memberships, fall in one batch: each fact must still end at the first moment that covers it."""
    from typer.testing import CliRunner

    from kernel.testing.fixtures import SIGNING_KEY
    from projection.cli import app as cli

    t, p, training, projection = services
    member = f"/v1/demonstration-program/members/{ACME['uscc']}"
    moments = []
    await post(t, "/v1/demonstration-program/members", {"enterprise": ACME, "level": "demonstration", "admitted_on": "2019-03-01"})
    await post(t, f"{member}/departure", {"left_on": "2019-05-01", "reason": "考核未通过"})
    await post(t, "/v1/demonstration-program/members", {"enterprise": ACME, "level": "pilot", "admitted_on": "2019-07-01"})
    await post(t, "/v1/management-standard/certifications", {"enterprise": ACME, "certified_on": "2019-10-15", "certifier": "认证机构"})
    plan = (await post(t, "/v1/trainings", training_plan(starts_on="2019-06-10", ends_on="2019-06-11")))["training_id"]
    app_id = (await post(t, "/v1/mark-applications", {"kind": "well_known_trademark", "applicant": ACME, "mark": "楚天红", "filed_on": "2019-03-01"}))["application_id"]
    moments.append(await settled(training, projection))
    await post(t, f"{member}/retraction", {"reason": "录错了级别"})
    await post(t, f"/v1/trainings/{plan}/cancellation", {"cancelled_on": "2019-06-01", "reason": "场地不可用"})
    await post(t, f"/v1/mark-applications/{app_id}/decision", {"outcome": "approved", "decided_on": "2019-09-01"})
    moments.append(await settled(training, projection))
    await post(t, f"{member}/retraction", {"reason": "从未入选"})
    await post(t, f"/v1/trainings/{plan}/retraction", {"reason": "重复录入"})
    await post(t, f"/v1/management-standard/{ACME['uscc']}/certifications/2019-10-15/retraction", {"reason": "证书号有误"})
    await post(t, f"/v1/mark-applications/{app_id}/retraction", {"reason": "申请人录错"})
    moments.append(await settled(training, projection))

    async def snapshot() -> list:
        return [await figures(p, measure, known_at=moment) for moment in moments for measure in (10, 13, 22)]

    live = await snapshot()
    assert months(live[2]["M22.planned"])[5] == 1 and live[5]["M22.cancelled"]["total"] == 1
    assert live[5]["M22.planned"]["total"] == 0 and live[8]["M22.cancelled"]["total"] == 0
    token = auth()["Authorization"].removeprefix("Bearer ")
    args = ["rebuild", "--database-url", projection.app.state.settings.database_url, "--source", f"training={training.url}", "--token", token]
    result = await asyncio.to_thread(CliRunner().invoke, cli, args, env={"AUTH_SIGNING_KEY": SIGNING_KEY})
    assert result.exit_code == 0, result.output + repr(result.exception)
    assert await snapshot() == live
