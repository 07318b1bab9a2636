"""Batched applies and the attainment summaries, on hand-worked cases.

- one batch, event by event, or a database upgraded to the summaries afterwards: the same tables;
- a retraction that moves a center-month's first service, or an enterprise's first visit or recognition:
  the summaries move with it (the random histories of test_property.py rarely build these);
- a report as known in the past, before the latest change, counts the records instead.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from alembic import command
from sqlalchemy import text

from kernel.db import alembic_config, ensure_database, make_engine, migrate
from kernel.projection.projector import Projector
from projection.attainment import summaries, t04
from projection.attainment.calculators import CALCULATORS
from projection.attainment.period import Period
from projection.readmodels import all_read_models
from tests.projection.conftest import MIGRATIONS
from tests.projection.oracle_targets import STATE, XIAMEN, Events, enterprise

LATER = datetime(2030, 1, 1, tzinfo=timezone.utc)
FIRM = ("91440101MA5CJQ4N59", "private")
LISTED = ("91420100MA4KPN7X2M", "private")

# every read model's tables, and what each is compared by (ledger rows carry the moment they were applied)
TABLES = {
    "rm_assistance_centers": "", "rm_onsite_services": "", "rm_activity_facts": "", "rm_enterprises": "",
    "rm_enterprise_mentions": "", "rm_target_pledge_projects": "", "rm_target_matchmaking_events": "",
    "rm_target_recognitions": "", "rm_target_briefings": "", "rm_target_examiner_visits": "", "rm_target_trainings": "",
    # a summary row back at zero (its records retracted) is the same as no row
    "rm_attainment_sums": "WHERE (v1, v2, v3, v4, v5) <> (0, 0, 0, 0, 0)",
    "rm_attainment_marks": "", "rm_attainment_firsts": "", "rm_t04_center_months": "WHERE services <> 0",
}


async def snapshot(engine) -> dict[str, list]:
    out = {}
    async with engine.connect() as conn:
        for table, where in TABLES.items():
            rows = (await conn.execute(text(f"SELECT * FROM {table} {where}"))).all()
            out[table] = sorted((tuple(r) for r in rows), key=repr)
    return out


def workload() -> Events:
    """Records of every target, several per enterprise, day and month, with retractions (some of a record's
    first), a center closed, a trademark window's figure replaced, and enterprises renamed."""
    h = Events()
    h.center("c1", "2019-01-01")
    h.center("c2", "2019-01-01", region="420500")
    services = [h.service("c1", day) for day in ("2019-03-05", "2019-03-20", "2019-04-02", "2019-04-02")]
    services.append(h.service("c2", "2019-03-07", firm=STATE, region="420500"))
    services.append(h.service("c2", "2019-03-09", region="420500"))
    h.closure("c2", "2019-09-30", at="2019-10-01T00:00:00+00:00")
    visits = [h.visit(day, examiners=2, attorneys=1, firm=firm, region=region)
              for day, firm, region in (("2019-02-01", FIRM, "420100"), ("2019-05-01", FIRM, "420100"),
                                        ("2019-05-03", FIRM, "420500"), ("2019-06-01", XIAMEN, "420100"),
                                        ("2019-06-02", STATE, "420100"))]
    recognitions = [h.recognition(day, firm=firm, level=level)
                    for day, firm, level in (("2018-04-01", FIRM, "national_advantage"), ("2019-03-01", FIRM, "national_demonstration"),
                                             ("2019-07-01", FIRM, "national_advantage"), ("2019-02-01", STATE, "national_advantage"),
                                             ("2019-02-02", XIAMEN, "provincial_demonstration"))]
    projects = [h.project("2019-03-03", amount_cny=100), h.project("2019-03-03", firm=STATE, amount_cny=300, region="420500")]
    h.matchmaking("2019-04-04", firms=(FIRM, STATE))
    h.briefing("2019-05-05")
    h.briefing("2019-05-05", audience="general")
    trainings = [h.training("2019-06-06", partner="WIPO"), h.training("2019-06-07", format="online", person_times=11)]
    h.training(None, starts_on="2019-12-01")
    # the credit list names an enterprise without its ownership (the known one stays) under a new name; a
    # survey response dated earlier but recorded later keeps the name of the later record
    h.service("c1", "2019-03-01", firm=LISTED)
    h.add("enforcement", "EntityListed", f"credit-list-{LISTED[0]}", {
        "uscc": LISTED[0], "name": "武汉新名称有限公司", "listing_number": 1, "region": "420000", "authority": "省局",
        "basis": "x", "listed_on": "2019-08-01"}, "2019-08-02T00:00:00+00:00")
    h.add("financing", "NeedsSurveyResponseRecorded", "needs-r1", {
        "response_id": "r1", "survey": "2019", "enterprise": {**enterprise(FIRM), "name": "武汉旧名称有限公司"},
        "region": "420100", "responded_on": "2019-01-20", "amount_sought_cny": 500_000, "rights_offered": []},
        "2019-09-01T00:00:00+00:00")
    for window_count in (40, 55):  # the second replaces the first
        h.add("outreach", "TrademarkAcceptancesCounted", "trademark-window-w1",
              {"window_id": "w1", "month": "2019-05", "region": "420100", "applications_accepted": window_count},
              "2019-06-01T00:00:00+00:00")
    for retract, record_id, at in (
        (h.retract_service, services[0], "2019-03-25T00:00:00+00:00"),  # the first of March: the 20th is now
        (h.retract_service, services[2], "2019-04-03T00:00:00+00:00"),
        (h.retract_visit, visits[0], "2019-05-10T00:00:00+00:00"),  # the enterprise's first visit: May now
        (h.retract_recognition, recognitions[1], "2019-08-01T00:00:00+00:00"),
        (h.retract_project, projects[1], "2019-04-01T00:00:00+00:00"),
        (h.retract_training, trainings[1], "2019-07-01T00:00:00+00:00"),
    ):
        retract(record_id, at)
    return h


async def fresh_engine(new_database, name: str):
    url = new_database(name)
    await ensure_database(url)
    engine = make_engine(url)
    await migrate(engine, MIGRATIONS)
    return engine


async def test_one_batch_event_by_event_and_an_upgraded_database_hold_the_same_tables(projection_engine, new_database):
    received = workload().received()
    batch = projection_engine
    single = await fresh_engine(new_database, "single")
    upgraded = await fresh_engine(new_database, "upgraded")
    try:
        result = await Projector(batch, all_read_models()).apply(received, path="test")
        assert len(result.applied) == len(received)
        projector = Projector(single, all_read_models())
        for event in received:
            assert len((await projector.apply([event], path="test")).applied) == 1
        # a database that had the read models before the summaries existed, then upgraded
        await Projector(upgraded, all_read_models()).apply(received, path="test")
        config = alembic_config(MIGRATIONS)

        def again(sync_conn) -> None:
            config.attributes["connection"] = sync_conn
            command.downgrade(config, "p_0003")
            command.upgrade(config, "heads")

        async with upgraded.begin() as conn:
            await conn.run_sync(again)

        expected = await snapshot(batch)
        assert expected["rm_attainment_firsts"] and expected["rm_t04_center_months"] and expected["rm_attainment_sums"]
        assert await snapshot(single) == expected
        assert await snapshot(upgraded) == expected
        # and the summaries answer as the records do
        period = Period(2019, date(2019, 12, 31), LATER)
        async with batch.connect() as conn:
            for region in (None, "420100", "420500"):
                for target_id, calculator in CALCULATORS.items():
                    if target_id == "T04":
                        fast, exact = (await t04.compute(conn, period, region), await t04.compute(conn, period, region, exact=True))
                        assert (fast.due, fast.met, fast.open_due) == (exact.due, exact.met, exact.open_due)
                        continue
                    monthly = await calculator.yearly.monthly(conn, period, region)
                    counted = await calculator.yearly.monthly(conn, period, region, exact=True)
                    assert calculator.yearly.evaluate(monthly, period) == calculator.yearly.evaluate(counted, period), (target_id, region)
    finally:
        await single.dispose()
        await upgraded.dispose()


async def test_retracting_a_months_first_service_moves_the_month_to_the_next_one(projection_engine):
    h = Events()
    h.center("c", "2019-01-01")
    first = h.service("c", "2019-03-05")
    h.service("c", "2019-03-20")
    projector = Projector(projection_engine, all_read_models())
    await projector.apply(h.received(), path="test")

    async def march(as_of: str, exact: bool = False) -> tuple[int, int]:
        period = Period(2019, date.fromisoformat(as_of), LATER)
        async with projection_engine.connect() as conn:
            figures = await t04.compute(conn, period, None, exact=exact)
        return figures.open_due, figures.open_unmet

    assert await march("2019-03-10") == (1, 0)
    h.retract_service(first, "2019-03-25T00:00:00+00:00")
    await projector.apply(h.received()[-1:], path="test")
    # served on the 20th only now: open and unserved on the 10th, served by the 25th
    assert await march("2019-03-10") == (1, 1) == await march("2019-03-10", exact=True)
    assert await march("2019-03-25") == (1, 0) == await march("2019-03-25", exact=True)


async def test_retracting_an_enterprises_first_visit_and_recognition_moves_its_first_day(projection_engine):
    h = Events()
    visit = h.visit("2019-02-01", examiners=1, attorneys=1)
    h.visit("2019-05-01", examiners=1, attorneys=0)
    recognition = h.recognition("2019-03-01", level="national_demonstration")
    h.recognition("2019-07-01", level="national_advantage")
    projector = Projector(projection_engine, all_read_models())
    await projector.apply(h.received(), path="test")
    h.retract_visit(visit, "2019-05-10T00:00:00+00:00")
    h.retract_recognition(recognition, "2019-08-01T00:00:00+00:00")
    await projector.apply(h.received()[-2:], path="test")

    async def detail(target_id: str, as_of: str, exact: bool = False) -> dict:
        period = Period(2019, date.fromisoformat(as_of), LATER)
        yearly = CALCULATORS[target_id].yearly
        async with projection_engine.connect() as conn:
            return yearly.evaluate(await yearly.monthly(conn, period, None, exact=exact), period).detail

    for as_of, visited in (("2019-03-31", 0), ("2019-05-31", 1)):
        for exact in (False, True):
            assert (await detail("T20", as_of, exact))["private_enterprises_visited"] == visited
    for as_of, recognised in (("2019-05-31", 0), ("2019-07-31", 1)):
        for exact in (False, True):
            got = await detail("T11", as_of, exact)
            assert (got["enterprises"], got["private_enterprises"]) == (recognised, recognised)


async def test_a_report_known_at_a_moment_before_the_latest_change_counts_the_records(projection_engine):
    h = Events()
    h.briefing("2019-05-05", at="2019-05-06T00:00:00+00:00")
    h.briefing("2019-06-06", at="2019-06-07T00:00:00+00:00")
    await Projector(projection_engine, all_read_models()).apply(h.received(), path="test")
    async with projection_engine.connect() as conn:
        before = datetime(2019, 6, 1, tzinfo=timezone.utc)
        assert await summaries.monthly_figures(conn, "T19", date(2019, 1, 1), date(2019, 12, 31), before, None) is None
        assert await summaries.monthly_figures(conn, "T19", date(2019, 1, 1), date(2019, 12, 31), LATER, None) is not None
        report = await CALCULATORS["T19"].summary(conn, Period(2019, date(2019, 12, 31), before), None)
        now = await CALCULATORS["T19"].summary(conn, Period(2019, date(2019, 12, 31), LATER), None)
    assert (report.actual, now.actual) == (1, 2)
