"""Downloads: the attainment and the indicators as CSV and XLSX, with Chinese headers and the JSON's figures."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from projection.exports.endpoints import ATTAINMENT_HEADERS, INDICATOR_HEADERS
from projection.indicators.catalogue import FIGURES, FIGURES_BY_MEASURE
from tests.projection.test_indicators import Events, enterprise

PARAMS = {"year": 2019, "as_of": "2019-12-31", "known_at": "2100-01-01T00:00:00Z"}


def _csv(response) -> list[list[str]]:
    assert response.content.startswith("\ufeff".encode()), "a BOM, so that Excel reads UTF-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _xlsx(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


async def _seed(projection) -> None:
    h = Events()
    h.add("enforcement.AssistanceCenterRegistered", "assistance-center-c", {"center_id": "c", "name": "c", "region": "420100", "registered_on": "2019-01-01"})
    h.add("enforcement.OnsiteServiceRecorded", "onsite-service-s", {
        "service_id": "s", "center_id": "c", "region": "420100", "occurred_on": "2019-01-15", "enterprises": [enterprise(1)], "summary": ""})
    for n in range(3):
        h.add("outreach.ExaminerVisitMade", f"visit-{n}", {
            "visit_id": str(n), "occurred_on": f"2019-0{n + 2}-05", "region": "420100", "enterprise": enterprise(n),
            "examiners": 1, "attorneys": 1, "person_times": 2, "examiner_names": None, "attorney_names": None, "organiser": "", "summary": ""})
    await projection.app.state.projector.apply(h.events, path="test")


async def test_attainment_downloads_carry_the_json_figures_under_chinese_headers(projection, projection_client):
    await _seed(projection)
    report = (await projection_client.get("/v1/attainment", params=PARAMS)).json()
    expected = {t["id"]: t for t in report["targets"]}

    csv_response = await projection_client.get("/v1/attainment.csv", params=PARAMS)
    assert csv_response.status_code == 200, csv_response.text
    assert csv_response.headers["content-type"].startswith("text/csv")
    assert 'filename="attainment-2019-420000.csv"' in csv_response.headers["content-disposition"]
    header, *rows = _csv(csv_response)
    assert header == ATTAINMENT_HEADERS and header[5] == "目标编号"
    assert [r[5] for r in rows] == list(expected)
    for row in rows:
        target = expected[row[5]]
        assert (row[1], row[2]) == ("420000", "湖北省")
        assert row[8] == ("" if target["actual"] is None else str(target["actual"]))
        assert row[12] == (target["status"] or "")

    xlsx_response = await projection_client.get("/v1/attainment.xlsx", params={**PARAMS, "region": "420100"})
    assert xlsx_response.status_code == 200, xlsx_response.text
    assert xlsx_response.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    header, *rows = _xlsx(xlsx_response)
    regional = {t["id"]: t for t in (await projection_client.get("/v1/attainment", params={**PARAMS, "region": "420100"})).json()["targets"]}
    assert header == ATTAINMENT_HEADERS
    assert {r[5]: r[8] for r in rows} == {k: t["actual"] for k, t in regional.items()}
    assert {r[2] for r in rows} == {"武汉市"}


async def test_indicator_downloads_have_a_row_per_figure_with_the_months(projection, projection_client):
    await _seed(projection)
    report = (await projection_client.get("/v1/indicators", params=PARAMS)).json()
    totals = {f["id"]: f for s in report["sections"] for m in s["measures"] for f in m["figures"]}

    header, *rows = _xlsx(await projection_client.get("/v1/indicators.xlsx", params=PARAMS))
    assert header == INDICATOR_HEADERS and "全年（截至日期）" in header and header[13] == "1月"
    assert len(rows) == len(FIGURES)
    visits = next(r for r in rows if r[8] == "M20.visits")
    assert (visits[6], visits[9], visits[12]) == (20, "走访民营企业次数", totals["M20.visits"]["total"]) and visits[12] == 3
    assert visits[13:25] == [0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]
    commissioner = next(r for r in rows if r[8] == "M12.dispatches")
    assert commissioner[12] == 0 and "尚无" in commissioner[25]

    header, *rows = _csv(await projection_client.get("/v1/indicators.csv", params={**PARAMS, "measure": 20}))
    assert header == INDICATOR_HEADERS
    assert [r[8] for r in rows] == [f.id for f in FIGURES_BY_MEASURE[20]]


async def test_download_routes_are_not_taken_by_target_details_and_bad_input_is_named(projection_client):
    for path in ("/v1/attainment.xlsx", "/v1/attainment.csv", "/v1/indicators.xlsx", "/v1/indicators.csv"):
        response = await projection_client.get(path, params={"year": "twenty"})
        assert response.status_code == 422, (path, response.text)
        assert [e["field"] for e in response.json()["errors"]] == ["year"]
    missing = await projection_client.get("/v1/indicators.csv", params={"year": 2019, "measure": 25})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "measure"
    unauthenticated = await projection_client.get("/v1/attainment.csv", params={"year": 2019}, headers={"Authorization": ""})
    assert unauthenticated.status_code == 401
