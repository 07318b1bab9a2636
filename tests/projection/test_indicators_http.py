"""/v1/indicators and /v1/status over HTTP, fed through the enforcement service's API and feed."""

from __future__ import annotations

from kernel.auth import write_scope
from kernel.testing.servers import eventually
from projection.indicators.catalogue import FIGURES_BY_MEASURE
from tests.projection.workload import record_services, register_centers

PARAMS = {"year": 2019, "as_of": "2019-12-31", "known_at": "2100-01-01T00:00:00Z"}


async def test_indicators_name_every_measure_in_its_section_and_count_what_the_services_recorded(enforcement_client, projection_client):
    centers = await register_centers(enforcement_client, 3)

    async def centers_known() -> bool:
        report = (await projection_client.get("/v1/indicators", params={**PARAMS, "measure": 4})).json()
        [figure] = [f for f in report["sections"][0]["measures"][0]["figures"] if f["id"] == "M04.centers"]
        return figure["total"] == 3

    await eventually(centers_known, timeout=30, message="centers projected")
    response = await projection_client.get("/v1/indicators", params=PARAMS)
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["region"], report["as_of"]) == ("420000", "2019-12-31")
    assert [s["number"] for s in report["sections"]] == [1, 2, 3, 4, 5, 6, 7]
    assert report["sections"][1]["title"] == {"zh": "推进民营企业知识产权质押融资工作", "en": "IP pledge financing for private enterprises"}
    measures = [m for s in report["sections"] for m in s["measures"]]
    assert sorted(m["measure"] for m in measures) == list(range(1, 25))
    for m in measures:
        assert m["title"]["zh"] and m["title"]["en"] and m["figures"]
        assert [f["id"] for f in m["figures"]] == [f.id for f in FIGURES_BY_MEASURE[m["measure"]]]
        for f in m["figures"]:
            assert f["measure"] == m["measure"] and len(f["months"]) == 12 and len(f["by_region"]) >= 17
            assert (f["note"] is None) == (f["records_known"] > 0)


async def test_bad_indicator_queries_are_problems_naming_the_parameter(projection_client):
    for params, field in [({}, "year"), ({"year": 2019, "measure": 0}, "measure"), ({"year": 2019, "region": "999999"}, "region"),
                          ({"year": 2019, "as_of": "2019-13-01"}, "as_of"), ({"year": 2019, "known_at": "yesterday"}, "known_at")]:
        response = await projection_client.get("/v1/indicators", params=params)
        assert response.status_code == 422, (params, response.text)
        assert [e["field"] for e in response.json()["errors"]] == [field]


async def test_status_reports_each_source_position_head_and_lag(enforcement_client, projection_client, client_for, projection, auth):
    centers = await register_centers(enforcement_client, 2)
    await record_services(enforcement_client, centers, writers=2, per_writer=5)
    head = len(centers) + 10

    async def level() -> bool:
        body = (await projection_client.get("/v1/status")).json()
        [source] = body["sources"]
        return source["head"] is not None and source["head"] >= head and source["lag_events"] == 0

    await eventually(level, timeout=30, message="status shows the projection level with its source")
    body = (await projection_client.get("/v1/status")).json()
    [source] = body["sources"]
    assert source["source"] == "enforcement" and source["position"] == source["head"] >= head
    assert source["lag_seconds"] == 0.0 and source["feed_error"] is None
    assert set(body["kafka"]) == {"alive", "receiving", "error"} and body["kafka"]["alive"] is True

    writer_only = client_for(projection, scopes=[write_scope("enforcement")])
    assert (await writer_only.get("/v1/status")).status_code == 403
