"""Downloads of the attainment and the indicators, opened as the office opens them (openpyxl, csv): Chinese headers
with the English beneath, codes in Chinese words, shares as percentages, dates as dates, moments in Beijing time
saying so, a meta block saying what the file shows, and the JSON's figures."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from kernel.domain.dates import OFFICE_ZONE, today
from projection.exports.endpoints import ATTAINMENT_HEADERS, INDICATOR_HEADERS
from projection.exports.reports import ATTAINMENT_COLUMNS, INDICATOR_COLUMNS
from projection.exports.tabular import DATE_FORMAT, MOMENT_FORMAT, PERCENT_FORMAT
from projection.exports.vocabulary import STATUS
from projection.indicators.catalogue import FIGURES, FIGURES_BY_MEASURE
from tests.projection.export_files import csv_table, english_words, seeded_year, xlsx_table

PARAMS = {"year": 2019, "as_of": "2019-12-31", "known_at": "2100-01-01T00:00:00Z"}
SHARES = {"T04", "T09b", "T11"}
EXPORTS = ("/v1/attainment", "/v1/attainment/regions", "/v1/attainment/monthly", "/v1/indicators")
ID_COLUMNS = {"地区代码", "目标编号", "指标编号"}  # codes, kept for other systems; every other text is Chinese


@pytest.fixture
async def seeded(projection):
    await projection.app.state.projector.apply(seeded_year().received(), path="test")


def _status(code):
    return STATUS[code][0] if code else "不适用"


async def test_attainment_xlsx_has_the_json_figures_with_percentages_dates_and_beijing_time(seeded, projection_client):
    targets = {t["id"]: t for t in (await projection_client.get("/v1/attainment", params=PARAMS)).json()["targets"]}
    table = xlsx_table(await projection_client.get("/v1/attainment.xlsx", params=PARAMS))

    assert table.title == "目标达成情况；Target attainment"
    assert (table.headers, table.english) == (ATTAINMENT_HEADERS, [en for _, en in ATTAINMENT_COLUMNS])
    assert table.meta["年度（Year）"].value == 2019 and table.meta["地区（Region）"].value == "湖北省（420000）"
    as_of, known_at, generated = (table.meta[k] for k in ("截至日期（As of）", "数据时点（Known at）", "生成时间（Generated at）"))
    assert (as_of.value, as_of.number_format, as_of.is_date) == (datetime(2019, 12, 31), DATE_FORMAT, True)
    assert (known_at.value, known_at.number_format) == (datetime(2100, 1, 1, 8, 0), MOMENT_FORMAT)  # 00:00Z is 08:00 in Beijing
    assert "北京时间 (UTC+08:00)" in MOMENT_FORMAT
    assert abs(generated.value - datetime.now(OFFICE_ZONE).replace(tzinfo=None)) < timedelta(minutes=5)

    rows = table.by("目标编号")
    assert list(rows) == [(t,) for t in targets]
    col = table.column
    for (target_id,), row in rows.items():
        target = targets[target_id]
        actual, threshold = row[col("实际值")], row[col("目标值")]
        assert actual.value == target["actual"], target_id
        assert row[col("状态")].value == _status(target["status"])
        assert row[col("截至日期")].is_date and row[col("截至日期")].value == datetime(2019, 12, 31)
        assert row[col("数据时点（北京时间）")].value == datetime(2100, 1, 1, 8, 0)
        if target_id in SHARES:
            assert (actual.data_type, actual.number_format) == ("n", PERCENT_FORMAT)
            assert (threshold.value, threshold.number_format) == (target["threshold"], PERCENT_FORMAT)
        else:
            assert actual.number_format == "General" and threshold.value == target["threshold"]
        assert not english_words(row[col("明细")].value), row[col("明细")].value
    assert targets["T09b"]["actual"] == 0.6667 and rows[("T09b",)][col("比较")].value == "高于"
    assert "民营企业金额（元）：3,890,000" in rows[("T09b",)][col("明细")].value
    assert "上年民营企业占比：50.0%" in rows[("T11",)][col("明细")].value
    assert "应服务的中心·月：24" in rows[("T04",)][col("明细")].value


async def test_attainment_csv_reads_as_an_office_worker_reads_it(seeded, projection_client):
    params = {**PARAMS, "region": "420100"}
    targets = {t["id"]: t for t in (await projection_client.get("/v1/attainment", params=params)).json()["targets"]}
    response = await projection_client.get("/v1/attainment.csv", params=params)
    assert 'filename="attainment-2019-420100.csv"' in response.headers["content-disposition"]
    table = csv_table(response)
    assert table.headers == ATTAINMENT_HEADERS and table.english[5] == "Target"
    assert table.meta["地区（Region）"] == "武汉市（420100）" and table.meta["截至日期（As of）"] == "2019-12-31"
    assert table.meta["数据时点（Known at）"] == "2100-01-01 08:00:00 北京时间 (UTC+08:00)"
    assert table.meta["生成时间（Generated at）"].endswith(" 北京时间 (UTC+08:00)")
    col = table.column
    for (target_id,), row in table.by("目标编号").items():
        target = targets[target_id]
        expected = "" if target["actual"] is None else f"{target['actual'] * 100:.1f}%" if target_id in SHARES else str(target["actual"])
        assert row[col("实际值")] == expected, target_id
        assert row[col("状态")] == _status(target["status"])
        assert (row[col("地区")], row[col("截至日期")], row[col("数据时点（北京时间）")]) == (
            "武汉市", "2019-12-31", "2100-01-01 08:00:00 北京时间 (UTC+08:00)")
    assert table.by("目标编号")[("T09b",)][col("实际值")] == "50.0%"  # 武汉: one private project of two
    assert table.by("目标编号")[("T20",)][col("目标值")] == "不适用"  # a province-wide rule


async def test_indicators_carry_the_json_totals_with_chinese_units_percentages_and_amounts(seeded, projection_client):
    report = (await projection_client.get("/v1/indicators", params=PARAMS)).json()
    figures = {f["id"]: f for s in report["sections"] for m in s["measures"] for f in m["figures"]}
    table = xlsx_table(await projection_client.get("/v1/indicators.xlsx", params=PARAMS))
    assert table.headers == INDICATOR_HEADERS and table.headers[14] == "1月" and table.english[14] == "Month 1"
    assert len(table.rows) == len(FIGURES)
    col = table.column
    rows = {k: r for (k,), r in table.by("指标编号").items()}
    for figure_id, row in rows.items():
        assert row[col("全年（截至日期）")].value == figures[figure_id]["total"], figure_id
        assert [c.value for c in row[col("1月"): col("12月") + 1]] == [m["value"] for m in figures[figure_id]["months"]]
        assert not english_words(row[col("单位")].value) and not english_words(row[col("口径")].value), figure_id
        assert row[col("仅民营企业")].value in ("是", "否")
    visits = rows["M20.visits"]
    assert (visits[col("单位")].value, visits[col("全年（截至日期）")].value) == ("次", 2)
    rate = rows["M17.success_rate"][col("全年（截至日期）")]
    assert (rate.value, rate.number_format) == (0.6667, PERCENT_FORMAT) and rows["M17.success_rate"][col("单位")].value == "%"
    amount = rows["M07.pledge_amount"]
    assert (amount[col("单位")].value, amount[col("全年（截至日期）")].value, amount[col("全年（截至日期）")].number_format) == (
        "元", 4_390_000, "#,##0")
    assert rows["M11.recognitions"][col("分类")].value == "国家知识产权优势企业：1；省级知识产权示范企业：1"
    assert rows["M22.trainings"][col("分类")].value == "培训班：1；研讨会：1"

    table = csv_table(await projection_client.get("/v1/indicators.csv", params={**PARAMS, "measure": 7}))
    assert table.meta["措施（Measure）"] == "7"
    assert [r[table.column("指标编号")] for r in table.rows] == [f.id for f in FIGURES_BY_MEASURE[7]]
    pledge = table.by("指标编号")[("M07.pledge_amount",)]
    assert (pledge[table.column("单位")], pledge[table.column("全年（截至日期）")]) == ("元", "4,390,000")


async def test_every_export_is_chinese_wherever_an_office_worker_reads(seeded, projection_client):
    for path in EXPORTS:
        for fmt, read in (("xlsx", xlsx_table), ("csv", csv_table)):
            table = read(await projection_client.get(f"{path}.{fmt}", params=PARAMS))
            value = (lambda c: c.value) if fmt == "xlsx" else (lambda c: c)
            assert not any(english_words(h) for h in table.headers if not h.startswith("T")), (path, table.headers)
            assert all(english_words(e) or not e for e in table.english)  # the English row is English
            for label in table.meta:
                assert label[0] > "\u2e80" and "（" in label, (path, label)  # 中文（English）
            texts = [value(c) for row in table.rows for h, c in zip(table.headers, row) if h not in ID_COLUMNS]
            assert texts and not [t for t in texts if isinstance(t, str) and english_words(t)], path


async def test_an_as_of_after_today_is_stated_in_the_meta_block(projection_client):
    current = today()
    if current.month == 12 and current.day == 31:
        pytest.skip("no day after today in this year")
    params = {"year": current.year, "as_of": f"{current.year}-12-31"}
    table = xlsx_table(await projection_client.get("/v1/attainment.xlsx", params=params))
    assert table.meta["截至日期（As of）"].value.date() == current
    assert table.meta["所请求的截至日期（As of requested）"].value.date() == date(current.year, 12, 31)
    table = csv_table(await projection_client.get("/v1/attainment/monthly.csv", params=params))
    assert table.meta["所请求的截至日期（As of requested）"] == f"{current.year}-12-31"


async def test_bad_input_to_any_export_is_named_and_a_reader_token_is_needed(projection_client):
    for path in EXPORTS:
        for fmt in ("xlsx", "csv"):
            response = await projection_client.get(f"{path}.{fmt}", params={"year": "twenty"})
            assert response.status_code == 422, (path, response.text)
            assert [e["field"] for e in response.json()["errors"]] == ["year"]
            outside = await projection_client.get(f"{path}.{fmt}", params={"year": 2019, "as_of": "2020-01-01"})
            assert outside.status_code == 422 and outside.json()["errors"][0]["field"] == "as_of", (path, outside.text)
            unauthenticated = await projection_client.get(f"{path}.{fmt}", params={"year": 2019}, headers={"Authorization": ""})
            assert unauthenticated.status_code == 401
    missing = await projection_client.get("/v1/indicators.csv", params={"year": 2019, "measure": 25})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "measure"
    unknown = await projection_client.get("/v1/attainment/monthly.xlsx", params={"year": 2019, "target": "T99"})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "target"
    region = await projection_client.get("/v1/attainment.csv", params={"year": 2019, "region": "999999"})
    assert region.status_code == 422 and region.json()["errors"][0]["field"] == "region"
