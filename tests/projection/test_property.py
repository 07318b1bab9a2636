"""Property: for any history of target-relevant events (retractions included), any as_of, known_at and region,
the projection's figures equal a plain computation from the event list (tests/projection/oracle*.py).

Each example writes a random history of every event type a target reads: assistance centers, their closures
and on-site services (T04); pledge projects and matchmaking events (T09a, T09b); recognitions at every level,
in the year and the year before (T11); briefings of every topic and audience (T19); visits to private and other
enterprises (T20); trainings planned, held or not, of every format and audience (T22a, T22b); and retractions
of any of them, recorded at any later moment. Records are often entered long after they happened, so `as_of`
and `known_at` cut the history in different places. Then it projects the history, in random batches, some
events offered early (before their stream's earlier ones) or twice, and compares every target's actual,
threshold, status, figures and records, and every timeline point, with the oracle: the figures as the API
computes them (from the attainment summaries when they can answer), by counting the records (the exact path),
and as known now (when the summaries must answer).
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta, timezone

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from kernel.db import ensure_database, make_engine, migrate
from kernel.projection.projector import Projector
from projection.attainment import summaries, t04
from projection.attainment.calculators import CALCULATORS
from projection.attainment.period import frame, resolve
from projection.readmodels import all_read_models
from tests.projection.conftest import MIGRATIONS
from tests.projection.oracle import t04_from_events
from tests.projection.oracle_targets import Events, targets_from_events

EPOCH = date(2018, 1, 1)
REGIONS = ["420100", "420500", "429021"]
FIRMS = [
    ("91440101MA5CJQ4N59", "private"),
    ("91110000600037341L", "state_owned"),
    ("91350200776049653A", "private"),
    ("91350200776049653A", "foreign_invested"),  # the same enterprise, recorded with another ownership
    ("91420100MA4KPN7X2M", "collective"),
]
KINDS = ["project", "matchmaking", "recognition", "briefing", "visit", "training", "planned", "service"]

days = st.integers(min_value=300, max_value=790).map(lambda n: EPOCH + timedelta(days=n))  # late 2018 .. early 2020
lags = st.integers(min_value=0, max_value=24 * 120)  # hours between happening (noon) and recording


@st.composite
def records(draw):
    kind = draw(st.sampled_from(KINDS))
    spec = {
        "kind": kind,
        "day": draw(st.integers(min_value=0, max_value=790).map(lambda n: EPOCH + timedelta(days=n)) if kind == "recognition" else days),
        "lag": draw(lags),
        "firm": draw(st.sampled_from(FIRMS)),
        "region": draw(st.sampled_from(REGIONS)),
        "retract_after": draw(st.none() | st.integers(min_value=1, max_value=24 * 200)),
        "level": draw(st.sampled_from(["national_advantage", "national_demonstration", "provincial_demonstration"])),
        "topic": draw(st.sampled_from(["patent_fee_reduction", "patent_fee_reduction", "other"])),
        "audience": draw(st.sampled_from(["private_enterprises", "private_enterprises", "general"])),
        "format": draw(st.sampled_from(["class", "class", "seminar", "online"])),
        "people": draw(st.tuples(st.integers(0, 30), st.integers(0, 30)).filter(lambda p: sum(p) > 0)),
        "amount": draw(st.integers(min_value=1, max_value=10_000_000)),
        "center": draw(st.integers(0, 2)),
    }
    return spec


centers = st.lists(
    st.fixed_dictionaries({
        "registered": st.integers(min_value=300, max_value=560).map(lambda n: EPOCH + timedelta(days=n)),
        "closed_after": st.none() | st.integers(min_value=0, max_value=300),
        "region": st.sampled_from(REGIONS),
        "lag": lags,
    }),
    min_size=0, max_size=3,
)

probes = st.lists(
    st.fixed_dictionaries({
        "year": st.sampled_from([2019, 2019, 2019, 2018]),
        "as_of": st.integers(min_value=350, max_value=740).map(lambda n: EPOCH + timedelta(days=n)),
        "known": st.integers(min_value=0, max_value=10_000),  # picks an event's moment, or a moment around one
        "shift": st.sampled_from([timedelta(0), timedelta(microseconds=-1), timedelta(hours=-7), timedelta(days=3)]),
        "region": st.sampled_from([None, None, *REGIONS, "420600"]),
    }),
    min_size=2, max_size=3,
)


# how the events reach the projector: in batches of these sizes (cycling), some offered early, some twice
delivery = st.fixed_dictionaries({
    "sizes": st.lists(st.integers(min_value=1, max_value=30), min_size=1, max_size=4),
    "early": st.lists(st.integers(min_value=0, max_value=10_000), max_size=6),
    "again": st.lists(st.integers(min_value=0, max_value=10_000), max_size=6),
    "reverse": st.booleans(),
})


def moment(day: date, lag_hours: int) -> str:
    return (datetime(day.year, day.month, day.day, 4, 0, tzinfo=timezone.utc) + timedelta(hours=lag_hours)).isoformat()


def build(history: list[dict], center_specs: list[dict]) -> Events:
    events = Events()
    retractions: list[tuple[str, str, str]] = []
    center_ids = []
    for i, c in enumerate(center_specs):
        center_id = f"c{i}"
        at = moment(c["registered"], c["lag"])
        events.center(center_id, c["registered"].isoformat(), region=c["region"], at=at)
        center_ids.append((center_id, c["region"]))
        if c["closed_after"] is not None:
            closed_on = c["registered"] + timedelta(days=c["closed_after"])
            closed_at = max(datetime.fromisoformat(at) + timedelta(hours=1), datetime.fromisoformat(moment(closed_on, 1)))
            events.closure(center_id, closed_on.isoformat(), at=closed_at.isoformat())
    for r in history:
        day, at, firm, region = r["day"].isoformat(), moment(r["day"], r["lag"]), r["firm"], r["region"]
        kind = r["kind"]
        if kind == "project":
            record_id = events.project(day, firm=firm, region=region, amount_cny=r["amount"], at=at)
        elif kind == "matchmaking":
            record_id = events.matchmaking(day, region=region, firms=(firm,), at=at)
        elif kind == "recognition":
            record_id = events.recognition(day, firm=firm, level=r["level"], region=region, at=at)
        elif kind == "briefing":
            record_id = events.briefing(day, topic=r["topic"], audience=r["audience"], region=region, attendance=r["amount"] % 500 + 1, at=at)
        elif kind == "visit":
            record_id = events.visit(day, examiners=r["people"][0], attorneys=r["people"][1], firm=firm, region=region, at=at)
        elif kind == "training":
            record_id = events.training(day, person_times=sum(r["people"]) * 7, format=r["format"], audience=r["audience"],
                                        region=region, at=at)
        elif kind == "planned":
            record_id = events.training(None, starts_on=day, format=r["format"], audience=r["audience"], region=region,
                                        planned_at=at)
            kind = "training"
        elif kind == "service":
            if not center_ids:
                continue
            center_id, center_region = center_ids[r["center"] % len(center_ids)]
            record_id = events.service(center_id, day, firm=firm, region=center_region, at=at)
        if r["retract_after"] is not None:
            retracted_at = datetime.fromisoformat(at) + timedelta(hours=r["retract_after"])
            retractions.append((kind, record_id, retracted_at.isoformat()))
    retract = {
        "project": events.retract_project, "matchmaking": events.retract_matchmaking,
        "recognition": events.retract_recognition, "briefing": events.retract_briefing, "visit": events.retract_visit,
        "training": events.retract_training, "service": events.retract_service,
    }
    for kind, record_id, at in retractions:
        retract[kind](record_id, at)
    return events


async def reset(engine) -> None:
    async with engine.begin() as conn:
        tables = (await conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
        ))).scalars().all()
        await conn.execute(text(f"TRUNCATE {', '.join(tables)}"))


def deliveries(received: list, delivery: dict) -> list[list]:
    """The events as the projector is offered them: some early (out of order: a stream's first event is applied,
    a later one is left for its turn), then all in order in batches of the drawn sizes, then some again."""
    n = len(received)
    batches = [[received[i % n] for i in delivery["early"]]] if delivery["early"] else []
    start, sizes = 0, delivery["sizes"]
    while start < n:
        size = sizes[len(batches) % len(sizes)]
        batch = received[start:start + size]
        batches.append(batch[::-1] if delivery["reverse"] else batch)  # the projector orders a batch itself
        start += size
    if delivery["again"]:
        batches.append([received[i % n] for i in delivery["again"]])
    return batches


async def figures(calculator, conn, period, region, *, exact: bool):
    """A target's summary, through the summaries (as the API does by default) or counting the records."""
    if calculator.target.id == "T04":
        return calculator._summary(await t04.compute(conn, period, region, exact=exact), period, region)
    monthly = await calculator.yearly.monthly(conn, period, region, exact=exact)
    return calculator._summary(monthly, period, region)


def assert_as_oracle(target_id: str, summary, items: list[dict], period, region, context) -> None:
    if target_id == "T04":
        due, met = t04_from_events(items, period.year, period.as_of, period.known_at, region)
        assert (summary.detail["center_months_due"], summary.detail["center_months_met"]) == (due, met), context
        assert summary.actual == (round(met / due, 4) if due else None), context
        return
    want = targets_from_events(items, period.year, period.as_of, period.known_at, region)[target_id]
    got = {"actual": summary.actual, "threshold": summary.threshold, "status": summary.status}
    assert got == {k: want[k] for k in got}, (target_id, context, got, want)
    assert {k: summary.detail[k] for k in want["detail"]} == want["detail"], (target_id, context)


async def summaries_answer(conn, target_id: str, period, region) -> bool:
    if target_id == "T04":
        return not period.started or await summaries.center_month_services(
            conn, period.start, period.as_of, period.known_at, region) is not None
    return await summaries.monthly_figures(conn, target_id, period.start, period.as_of, period.known_at, region) is not None


async def check(engine, events: Events, probe_list: list[dict], delivery: dict) -> None:
    if not events.items:  # only on-site services, and no center to record them at: nothing to compare
        return
    await reset(engine)
    received = events.received()
    projector = Projector(engine, all_read_models())
    applied = 0
    for batch in deliveries(received, delivery):
        applied += len((await projector.apply(batch, path="test")).applied)
    async with engine.connect() as conn:
        ledger = (await conn.execute(text("SELECT count(*) FROM projection_applied_events"))).scalar_one()
    assert applied == ledger == len(received), "every event applied once, whatever the batches"

    items = events.items
    moments = sorted(datetime.fromisoformat(e["time"]) for e in items)
    for probe in probe_list:
        known_at = moments[probe["known"] % len(moments)] + probe["shift"]
        year, region = probe["year"], probe["region"]
        period = frame(year, probe["as_of"], known_at)  # any as_of, clamped into the year (a reader's is refused outside it)
        now = frame(year, probe["as_of"], None)  # the default known_at: the summaries must answer
        context = {"year": year, "as_of": period.as_of, "known_at": known_at, "region": region}
        expected = targets_from_events(items, year, period.as_of, known_at, region)
        async with engine.connect() as conn:
            # as the API answers (the summaries when they can, read for every target at once), by counting the
            # records, and as known now (when the summaries must answer)
            for at, exact in ((period, False), (period, True), (now, False)):
                async with summaries.read_ahead(conn, at.start, at.as_of, region):
                    for target_id, calculator in CALCULATORS.items():
                        assert_as_oracle(target_id, await figures(calculator, conn, at, region, exact=exact), items, at,
                                         region, {**context, "known_at": at.known_at, "exact": exact})
            for target_id, calculator in CALCULATORS.items():
                assert await summaries_answer(conn, target_id, now, region), (target_id, "summaries unused", context)
                if target_id == "T04":
                    continue
                summary, detail = await calculator.detail(conn, period, region)
                assert sorted(r["id"] for r in detail["records"]) == expected[target_id]["ids"], (target_id, context)
            for target_id, calculator in CALCULATORS.items():
                if target_id == "T04":
                    continue
                for point in await calculator.timeline(conn, resolve(year, None, known_at), region):
                    if not point.reached:
                        continue
                    want = targets_from_events(items, year, point.as_of, known_at, region)[target_id]
                    assert (point.actual, point.status) == (want["actual"], want["status"]), (target_id, context, point)


def test_the_projection_equals_a_plain_computation_from_the_events(new_database):
    url = new_database("property")
    with asyncio.Runner() as runner:
        async def start():
            await ensure_database(url)
            engine = make_engine(url)
            await migrate(engine, MIGRATIONS)
            return engine

        engine = runner.run(start())

        # no shrinking: each example projects a history into PostgreSQL, and shrinking one would outlast the
        # test timeout; a failure prints the whole example (and its seed) instead
        @settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck),
                  phases=[Phase.explicit, Phase.reuse, Phase.generate])
        @given(history=st.lists(records(), min_size=1, max_size=40), center_specs=centers, probe_list=probes,
               delivery=delivery)
        def projection_matches_oracle(history, center_specs, probe_list, delivery):
            runner.run(check(engine, build(history, center_specs), probe_list, delivery))

        try:
            projection_matches_oracle()
        finally:
            runner.run(engine.dispose())
