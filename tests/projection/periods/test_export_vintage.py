"""A download shows the figures the dashboard shows: `vintage=approved` gives the approved figures, and says so."""

from __future__ import annotations

from tests.projection.export_files import csv_table, xlsx_table
from tests.projection.periods.helpers import caught_up, center, service, step, t04

EXPORT = {"year": 2019, "region": "420100", "as_of": "2019-03-31"}
VINTAGE = "数字版本（Vintage）"


async def test_the_attainment_download_of_an_approved_vintage_keeps_its_figures_after_a_late_record(
    projection, projection_client, enforcement_client
):
    await center(enforcement_client, "wh-1")
    await service(enforcement_client, "wh-1", "2019-01-10")
    await service(enforcement_client, "wh-1", "2019-02-10")
    await caught_up(projection_client, enforcement_client)
    missing = await projection_client.get("/v1/attainment.xlsx", params={**EXPORT, "vintage": "approved"})
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("application/problem+json")
    await step(projection_client, "420100", "2019-03", "submission")
    approved = await step(projection_client, "420100", "2019-03", "approval")
    await service(enforcement_client, "wh-1", "2019-03-20")  # a late record: the current T04 becomes 1.0
    await caught_up(projection_client, enforcement_client)
    assert (await t04(projection_client))["actual"] == 1.0

    for fmt, read in (("xlsx", xlsx_table), ("csv", csv_table)):
        shown = read(await projection_client.get(f"/v1/attainment.{fmt}", params={**EXPORT, "vintage": "approved"}))
        row = shown.by("目标编号")[("T04",)]
        cell = row[shown.column("实际值")]
        value = cell.value if hasattr(cell, "value") else cell
        assert value in (round(2 / 3, 4), "66.7%"), value  # as approved, not the current 100%
        said = str(shown.meta[VINTAGE].value if hasattr(shown.meta[VINTAGE], "value") else shown.meta[VINTAGE])
        assert "报送期 2019-03 审核通过时的数字" in said and "as approved" in said and "北京时间" in said

        current = read(await projection_client.get(f"/v1/attainment.{fmt}", params=EXPORT))
        assert VINTAGE not in current.meta
        cell = current.by("目标编号")[("T04",)][current.column("实际值")]
        assert (cell.value if hasattr(cell, "value") else cell) in (1.0, "100.0%")

    assert approved["state"] == "approved"
    wrong_day = await projection_client.get("/v1/attainment.csv", params={**EXPORT, "as_of": "2019-03-15", "vintage": "approved"})
    assert wrong_day.status_code == 422 and wrong_day.json()["errors"][0]["field"] == "as_of"
