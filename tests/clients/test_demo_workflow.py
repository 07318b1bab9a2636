"""The demo year's reporting workflow and its data-quality anomalies, against the real services.

After the demo: most regions' months approved, one region's month returned once and approved after it was
submitted again, a late record dated in an approved month listed by `/v1/restatements`, an unserved
center-month and late records in `/v1/completeness`, an outlier and an ownership contradiction among
`/v1/quality/flags`.
"""

from __future__ import annotations

import httpx

from ipo_clients.demo import DemoSettings, run_demo
from ipo_clients.demo.periods import division_name, wait_for_projection
from ipo_clients.demo.recording import DEMO_SUBJECT, office_today
from kernel.auth import ALL_SCOPES, FEED_SCOPE, READ_SCOPE
from tests.clients.test_demo import SCALE, SEED, system  # noqa: F401 - the fixture: four services and a projection

PROVINCE = "420000"


async def test_the_demo_year_is_submitted_approved_returned_once_and_restated(system, issuer):  # noqa: F811
    urls, projection_url = system
    year = office_today().year - 1  # every month has ended
    settings = DemoSettings(seed=SEED, year=year, scale=SCALE, urls=urls, projection_url=projection_url,
                            token=issuer.mint(DEMO_SUBJECT, ALL_SCOPES))

    result = await run_demo(settings)

    assert [o for o in result.outcomes if o.refused or o.skipped] == []
    periods = result.periods
    assert periods is not None and periods.problem is None, periods and periods.problem
    assert periods.refused == [], [(s.region, s.period, s.step, s.problem) for s in periods.refused]
    returned_region, returned_month = periods.plan.returned
    late_record = next(o for o in result.outcomes if o.step.late and o.step.what == "on-site service (recorded late)"
                       and o.step.region != periods.plan.not_submitted[0])

    reader = {"Authorization": f"Bearer {issuer.mint('reader', [READ_SCOPE, FEED_SCOPE])}"}
    async with httpx.AsyncClient(base_url=projection_url, headers=reader, timeout=60) as client:
        await wait_for_projection(client, urls, projection_url, timeout=120)  # the records recorded late, too
        listed = (await client.get("/v1/periods", params={"year": year})).raise_for_status().json()["periods"]
        months = {(p["region"], p["period"]): p for p in listed if p["kind"] == "month"}
        approved = [p for p in months.values() if p["state"] == "approved" and p["region"] != PROVINCE]
        assert len(approved) == 17 * 12 - 2  # every division's months but two of December's
        assert {p["region"] for p in approved} == {r for r, _ in months if r != PROVINCE}
        assert sorted(p["state"] for (r, m), p in months.items() if m == f"{year}-12" and r != PROVINCE).count("approved") == 15
        assert {months[(r, f"{year}-12")]["state"] for r in (periods.plan.awaiting[0], periods.plan.not_submitted[0])} \
            == {"submitted", "open"}
        returned = months[(returned_region, returned_month)]
        assert returned["state"] == "approved" and returned["returned_at"] is not None
        assert returned["returned_at"] < returned["submitted_at"] < returned["approved_at"]
        assert returned["return_reason"].startswith(f"{division_name(returned_region)}{int(returned_month[5:])}月")
        assert "；" in returned["return_reason"] and "submit again" in returned["return_reason"]
        assert [p for p in months.values() if p["returned_at"] is not None] == [returned]
        province = [m for (r, m), p in months.items() if r == PROVINCE and p["state"] == "approved"]
        assert len(province) == 11  # every month but December, where two divisions are not approved

        # the late record, dated in an approved month, recorded after the approval: a restatement
        restated = (await client.get("/v1/restatements", params={"year": year})).raise_for_status().json()["restatements"]
        service_id = late_record.answer["service_id"]
        late_month = late_record.step.day.strftime("%Y-%m")
        hits = [r for r in restated if r["region"] == late_record.step.region and r["period"] == late_month]
        assert hits, restated
        assert service_id in {rec["id"] for rec in hits[0]["records"]}
        assert "T04" in {t["target"] for t in hits[0]["targets"]}

        completeness = (await client.get("/v1/completeness", params={"year": year})).raise_for_status().json()
        unserved = completeness["missing"]["unserved_centers"]
        assert any(c["state"] == "missed" for c in unserved), unserved
        assert len(unserved) < 0.2 * 20 * 12  # a few center-months, not a broken year
        lagging = [m for m in completeness["months"] if m["lag_days"]["max"] > 90]
        assert lagging and any(m["on_time"] < m["records"] for m in completeness["months"])

        flags = (await client.get("/v1/quality/flags", params={"year": year})).raise_for_status().json()["flags"]
        rules = {f["rule"]["id"] for f in flags}
        assert {"Q04", "Q05", "Q07"} <= rules, rules
        outlier = next(f for f in flags if f["rule"]["id"] == "Q04")
        assert outlier["values"]["times_median"] > 100
        contradiction = next(f for f in flags if f["rule"]["id"] == "Q05")
        assert len(contradiction["values"]["ownerships"]) == 2 and "private" in contradiction["values"]["ownerships"]
        assert service_id in {f["record"]["id"] for f in flags if f["rule"]["id"] == "Q07"} or \
            any(f["record"]["id"].endswith(service_id) for f in flags if f["rule"]["id"] == "Q07")

        attainment = (await client.get("/v1/attainment", params={"year": year})).raise_for_status().json()
        targets = {t["id"]: t for t in attainment["targets"]}
        assert 0.60 <= targets["T09b"]["actual"] <= 0.75, targets["T09b"]  # the outlier's amount counts nowhere
        assert 0.8 < targets["T04"]["actual"] < 1.0, targets["T04"]
