"""The region comparison and each target by month, as XLSX and CSV: every area's actual and status per target as
/v1/attainment?region= gives them, and each month's end as /v1/attainment/timeline gives it (stopping at as_of)."""

from __future__ import annotations

from datetime import datetime

import pytest

from kernel.domain.regions import PROVINCE, REGION_NAMES
from projection.attainment.catalogue import CATALOGUE
from projection.exports.reports import MONTHLY_COLUMNS, region_columns
from projection.exports.tabular import DATE_FORMAT, PERCENT_FORMAT
from projection.exports.vocabulary import STATUS
from tests.projection.export_files import csv_table, seeded_year, xlsx_table

PARAMS = {"year": 2019, "as_of": "2019-12-31", "known_at": "2100-01-01T00:00:00Z"}
SHARES = {"T04", "T09b", "T11"}
AREAS = [PROVINCE, *REGION_NAMES]


@pytest.fixture
async def seeded(projection):
    await projection.app.state.projector.apply(seeded_year().received(), path="test")


def _status(code):
    return STATUS[code][0] if code else "不适用"


def _percent_text(value, share):
    return "" if value is None else f"{value * 100:.1f}%" if share else str(value)


async def test_the_region_comparison_has_every_area_with_the_json_figures(seeded, projection_client):
    reports = {}
    for code in AREAS:
        answer = await projection_client.get("/v1/attainment", params={**PARAMS, "region": code})
        reports[code] = {t["id"]: t for t in answer.json()["targets"]}

    response = await projection_client.get("/v1/attainment/regions.xlsx", params=PARAMS)
    assert 'filename="attainment-regions-2019.xlsx"' in response.headers["content-disposition"]
    table = xlsx_table(response)
    assert table.title == "各地区目标达成对比；Target attainment by region"
    assert (table.headers, table.english) == ([zh for zh, _ in region_columns()], [en for _, en in region_columns()])
    assert table.headers[:4] == ["地区代码", "地区", "T04 实际值", "T04 状态"]
    assert [r[0].value for r in table.rows] == AREAS and table.rows[1][1].value == "武汉市"
    for row in table.rows:
        code = row[0].value
        for target_id in CATALOGUE:
            actual, status = row[table.column(f"{target_id} 实际值")], row[table.column(f"{target_id} 状态")]
            target = reports[code][target_id]
            assert actual.value == target["actual"], (code, target_id)
            assert status.value == _status(target["status"]), (code, target_id)
            if target_id in SHARES and actual.value is not None:
                assert (actual.data_type, actual.number_format) == ("n", PERCENT_FORMAT)
    wuhan = table.by("地区代码")[("420100",)]
    assert (wuhan[table.column("T09b 实际值")].value, wuhan[table.column("T20 状态")].value) == (0.5, "不适用")
    assert table.meta["截至日期（As of）"].is_date

    table = csv_table(await projection_client.get("/v1/attainment/regions.csv", params=PARAMS))
    assert [r[0] for r in table.rows] == AREAS
    for row in table.rows:
        for target_id in CATALOGUE:
            target = reports[row[0]][target_id]
            assert row[table.column(f"{target_id} 实际值")] == _percent_text(target["actual"], target_id in SHARES)
            assert row[table.column(f"{target_id} 状态")] == _status(target["status"])
    assert table.by("地区代码")[("420500",)][table.column("T04 实际值")] == "8.3%"  # 宜昌: one month in twelve


async def test_monthly_figures_are_the_timelines_month_ends_stopping_at_as_of(seeded, projection_client):
    params = {**PARAMS, "as_of": "2019-06-30"}
    table = xlsx_table(await projection_client.get("/v1/attainment/monthly.xlsx", params=params))
    assert (table.headers, table.english) == ([zh for zh, _ in MONTHLY_COLUMNS], [en for _, en in MONTHLY_COLUMNS])
    assert table.meta["截至日期（As of）"].value == datetime(2019, 6, 30)
    rows = table.by("目标编号", "月份")
    assert len(table.rows) == 12 * len(CATALOGUE)
    col = table.column
    for target_id in CATALOGUE:
        timeline = (await projection_client.get("/v1/attainment/timeline", params={**params, "target": target_id})).json()
        share = target_id in SHARES
        for month, point in enumerate(timeline["points"], start=1):
            row = rows[(target_id, month)]
            end = row[col("月末（截至）日期")]
            assert (end.value.date().isoformat(), end.number_format) == (point["as_of"], DATE_FORMAT)
            assert row[col("实际值")].value == point["actual"], (target_id, month)
            assert row[col("进度线")].value == point["pro_rata"], (target_id, month)
            assert row[col("状态")].value == (_status(point["status"]) if point["reached"] else "未到")
            if share and point["actual"] is not None:
                assert row[col("实际值")].number_format == PERCENT_FORMAT
        assert row[col("目标值")].value == (timeline["threshold"] if timeline["threshold"] is not None else "不适用")
    assert [rows[("T20", m)][col("实际值")].value for m in (1, 2, 6, 7)] == [0, 3, 3, None]
    assert rows[("T04", 3)][col("实际值")].value == 0.6667 and rows[("T04", 4)][col("状态")].value == "未达成"

    response = await projection_client.get("/v1/attainment/monthly.csv", params={**params, "region": "420100", "target": "T04"})
    assert 'filename="attainment-monthly-2019-420100.csv"' in response.headers["content-disposition"]
    table = csv_table(response)
    assert table.meta["目标（Targets）"] == "T04" and table.meta["地区（Region）"] == "武汉市（420100）"
    timeline = (await projection_client.get("/v1/attainment/timeline", params={**params, "target": "T04", "region": "420100"})).json()
    assert [r[table.column("目标编号")] for r in table.rows] == ["T04"] * 12
    assert [r[table.column("月末（截至）日期")] for r in table.rows] == [p["as_of"] for p in timeline["points"]]
    assert [r[table.column("实际值")] for r in table.rows] == [_percent_text(p["actual"], True) for p in timeline["points"]]
    assert [r[table.column("进度线")] for r in table.rows][:6] == ["100.0%"] * 6
