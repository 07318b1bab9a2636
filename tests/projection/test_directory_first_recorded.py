"""The enterprise directory keeps an enterprise as first recorded (issue 16, finding 2): a later record naming the
same credit code from another region, with another ownership, rewrites neither; it is kept as a contradicting
claim, and its own figures count by what it says. The rows are the same whatever order the events arrive in."""

from __future__ import annotations

import random

from sqlalchemy import text

from kernel.projection.projector import Projector
from projection.readmodels import all_read_models
from tests.projection.test_indicators import Events, enterprise, report, uscc
from tests.projection.test_summaries import fresh_engine

HUANGSHI, WUHAN = "420200", "420100"


def history() -> Events:
    h = Events()
    # Huangshi records its enterprise 5 first (a visit), then Wuhan records a pledge project for the same credit
    # code, claiming it as a state-owned Wuhan enterprise under another name
    h.add("outreach.ExaminerVisitMade", "visit-5", {
        "visit_id": "5", "occurred_on": "2019-03-05", "region": HUANGSHI, "enterprise": enterprise(5, region=HUANGSHI, name="黄石甲公司"),
        "examiners": 1, "attorneys": 1, "person_times": 2, "examiner_names": None, "attorney_names": None, "organiser": "",
        "summary": ""}, recorded_at="2019-03-06T00:00:00+00:00")
    h.add("financing.PledgeProjectRegistered", "pledge-project-w", {
        "project_id": "w", "enterprise": enterprise(5, "state_owned", WUHAN, "武汉甲集团"), "region": WUHAN, "lender": "银行",
        "amount_cny": 1_000_000, "registered_on": "2019-05-10", "pledged_rights": [{"kind": "patent", "number": "ZL1"}]},
        recorded_at="2019-05-11T00:00:00+00:00")
    # a later Huangshi record of the enterprise, since then state-owned: a claim of its own, not a rewrite
    h.add("financing.PledgeProjectRegistered", "pledge-project-h", {
        "project_id": "h", "enterprise": enterprise(5, "state_owned", HUANGSHI, "黄石甲公司"), "region": HUANGSHI, "lender": "银行",
        "amount_cny": 2_000_000, "registered_on": "2019-06-10", "pledged_rights": [{"kind": "patent", "number": "ZL2"}]},
        recorded_at="2019-06-11T00:00:00+00:00")
    return h


async def test_a_later_record_of_another_region_does_not_rewrite_the_enterprise(projection, projection_client):
    await projection.app.state.projector.apply(history().events, path="test")

    body = (await projection_client.get(f"/v1/enterprises/{uscc(5)}")).json()
    assert (body["name"], body["ownership"], body["region"]) == ("黄石甲公司", "private", HUANGSHI)
    assert body["contradicting_claims"] == 2
    claimed = [(c["name"], c["ownership"], c["region"], c["first_record_id"], c["contradicts"]) for c in body["claims"]]
    assert claimed == [("黄石甲公司", "private", HUANGSHI, "visit:5", False),
                       ("武汉甲集团", "state_owned", WUHAN, "pledge:w", True),
                       ("黄石甲公司", "state_owned", HUANGSHI, "pledge:h", True)]
    in_region = [e["uscc"] for e in (await projection_client.get("/v1/enterprises", params={"region": HUANGSHI})).json()["items"]]
    assert in_region == [uscc(5)]
    assert (await projection_client.get("/v1/enterprises", params={"region": WUHAN})).json()["items"] == []
    private = (await projection_client.get("/v1/enterprises", params={"ownership": "private"})).json()["items"]
    assert [e["uscc"] for e in private] == [uscc(5)]

    # each record counts by the ownership and region it carries itself: two state-owned projects, one per region
    engine = projection.app.state.engine
    province, wuhan = await report(engine), await report(engine, region=WUHAN)
    assert (province["M09.projects"].total, province["M09.private_projects"].total) == (2, 0)
    assert (wuhan["M09.projects"].total, wuhan["M09.private_projects"].total) == (1, 0)
    assert (await report(engine, region=HUANGSHI))["M20.person_times"].total == 2


async def _directory(engine) -> dict[str, list]:
    async with engine.connect() as conn:
        return {table: sorted((tuple(r) for r in await conn.execute(text(f"SELECT * FROM {table}"))), key=repr)
                for table in ("rm_enterprises", "rm_enterprise_claims")}


async def test_the_same_rows_whatever_order_the_sources_arrive_in(projection_engine, new_database):
    """The projection reads each source in order, but the sources interleave differently live and in a rebuild."""
    events = history().events
    await Projector(projection_engine, all_read_models()).apply(events, path="test")
    expected = await _directory(projection_engine)
    by_source: dict[str, list] = {}
    for event in events:
        by_source.setdefault(event.source, []).append(event)
    shuffled = await fresh_engine(new_database, "interleaved")
    try:
        projector = Projector(shuffled, all_read_models())
        pending = {source: list(reversed(evs)) for source, evs in by_source.items()}
        chooser = random.Random(7)
        # financing first (the Wuhan claim before the Huangshi visit), one event at a time, sources interleaved
        order = sorted(pending, key=lambda s: s != "financing")
        while any(pending.values()):
            source = next((s for s in order if pending[s]), None) if chooser.random() < 0.7 else chooser.choice(
                [s for s in pending if pending[s]])
            await projector.apply([pending[source].pop()], path="test")
        assert await _directory(shuffled) == expected
    finally:
        await shuffled.dispose()
