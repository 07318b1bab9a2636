"""A CSV an office saves (GBK, Chinese headers) may hold the Chinese labels of enums where the codes go: 民营 for
`private`, 培训班 for `class`, 武汉市 for `420100`, at any depth (`企业.所有制`); they are stored as the codes. A
value that is neither is refused naming the field, with the accepted codes and their labels. NDJSON stays codes
only. GET /v1/import/kinds lists each enum field's codes and labels."""

from __future__ import annotations

import csv
import io

import orjson
import pytest

from enforcement.brand_protection_orders.schemas import RequestBrandProtection
from enforcement.onsite_services.schemas import RecordOnsiteService
from kernel.domain.enterprise import uscc_check_character
from kernel.imports.enum_cells import enum_paths, to_codes

GBK_CSV = {"Content-Type": "text/csv; charset=gbk"}


def uscc(n: int) -> str:
    first17 = f"9142010{n:010d}"
    return first17 + uscc_check_character(first17)


def gbk(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("gbk")


@pytest.fixture
async def training(start_service):
    return await start_service("training")


@pytest.fixture
async def client(training, client_for):
    return client_for(training)


async def test_a_gbk_csv_with_chinese_labels_stores_the_codes(client):
    body = gbk([
        ["引用编号", "标题", "地区", "形式", "对象", "合作方", "组织单位", "开始日期", "结束日期"],
        ["t-1", "民营企业知识产权实务培训班", "武汉市", "培训班", "民营企业", "WIPO", "省知识产权培训基地", "2019-05-13", "2019-05-15"],
        ["t-2", "专利导航专题培训", "420500", "专题培训", "社会公众", "宜昌某知识产权代理所", "宜昌市知识产权局", "2019-06-03", "2019-06-03"],
        ["t-3", "线上实务课", "Xiangyang", "Online", "private enterprises", "WIPO", "", "2019-07-01", "2019-07-01"],
    ])
    response = await client.post("/v1/import?kind=training", content=body, headers=GBK_CSV)
    assert response.status_code == 200, response.text
    lines = response.json()["lines"]
    assert [line["status"] for line in lines] == ["accepted"] * 3, [line["problem"]["detail"] for line in lines if line["problem"]]
    stored = [(await client.get(line["location"])).json() for line in lines]
    assert [(s["region"], s["format"], s["audience"]) for s in stored] == [
        ("420100", "class", "private_enterprises"), ("420500", "special_topic", "general"),
        ("420600", "online", "private_enterprises")]
    assert stored[0]["title"] == "民营企业知识产权实务培训班"


async def test_an_enterprise_s_ownership_may_be_its_label_below_the_top(client):
    body = gbk([
        ["引用编号", "企业.统一社会信用代码", "企业.名称", "企业.所有制", "企业.地区", "级别", "推荐日期", "推荐单位"],
        ["r-1", uscc(71), "武汉民营测试科技有限公司", "民营", "武汉市", "国家知识产权优势企业", "2019-04-10", "湖北省"],
        ["r-2", uscc(72), "武汉国有测试有限公司", "国有", "420100", "national_demonstration", "2019-04-11", "420000"],
    ])
    response = await client.post("/v1/import?kind=demonstration-recommendation", content=body, headers=GBK_CSV)
    assert response.status_code == 200, response.text
    lines = response.json()["lines"]
    assert [line["status"] for line in lines] == ["accepted", "accepted"], [line["problem"]["detail"] for line in lines if line["problem"]]
    first, second = [(await client.get(line["location"])).json() for line in lines]
    assert first["enterprise"]["ownership"] == "private" and first["enterprise"]["region"] == "420100"
    assert first["level"] == "national_advantage" and second["enterprise"]["ownership"] == "state_owned"


async def test_a_value_that_is_neither_code_nor_label_is_refused_with_the_choices(client, training):
    body = gbk([["标题", "地区", "形式", "对象", "合作方", "开始日期", "结束日期"],
                ["讲座", "420100", "讲座课", "民营企业", "WIPO", "2019-05-13", "2019-05-13"]])
    response = await client.post("/v1/import?kind=training", content=body, headers=GBK_CSV)
    assert response.status_code == 200, response.text
    (line,) = response.json()["lines"]
    assert line["status"] == "refused"
    (error,) = line["problem"]["errors"]
    assert error["field"] == "format"
    assert "class（培训班）" in error["message_zh"] and "special_topic（专题培训）" in error["message_zh"]
    assert "class (class)" in error["message_en"] and "讲座课" in error["message_zh"]
    english = await client.post("/v1/import?kind=training", content=body, headers={**GBK_CSV, "Accept-Language": "en"})
    assert english.json()["lines"][0]["problem"]["detail"].startswith("format: ")


async def test_ndjson_lines_stay_codes_only(client):
    line = {"kind": "training", "title": "培训班", "region": "420100", "format": "培训班", "audience": "private_enterprises",
            "partner": None, "starts_on": "2019-05-13", "ends_on": "2019-05-13"}
    response = await client.post("/v1/import", content=orjson.dumps(line) + b"\n", headers={"Content-Type": "application/x-ndjson"})
    assert response.status_code == 200, response.text
    (result,) = response.json()["lines"]
    assert result["status"] == "refused" and result["problem"]["errors"][0]["field"] == "format"


async def test_the_kinds_list_each_enum_field_s_codes_and_labels(client):
    kinds = {k["kind"]: k for k in (await client.get("/v1/import/kinds")).json()["kinds"]}
    fields = {f["name"]: f for f in kinds["training"]["fields"]}
    formats = {c["code"]: (c["label_zh"], c["label_en"]) for c in fields["format"]["choices"]["format"]}
    assert formats["class"] == ("培训班", "class") and set(formats) == {"class", "seminar", "special_topic", "online"}
    assert fields["title"]["choices"] is None
    enterprise = {f["name"]: f for f in kinds["demonstration-recommendation"]["fields"]}["enterprise"]["choices"]
    assert [c["label_zh"] for c in enterprise["enterprise.ownership"]] == ["民营", "国有", "外资", "集体", "其他"]
    assert {c["code"] for c in enterprise["enterprise.region"]} >= {"420100", "429021"}


def test_labels_in_lists_of_models_and_lists_of_enums_are_read_as_codes():
    assert enum_paths(RecordOnsiteService)["enterprises.ownership"].__name__ == "Ownership"
    row = {"enterprises": [{"uscc": uscc(1), "ownership": "民营", "region": "武汉市"}, {"ownership": "外资"}]}
    codes, problem = to_codes(RecordOnsiteService, row)
    assert problem is None
    assert codes["enterprises"] == [{"uscc": uscc(1), "ownership": "private", "region": "420100"},
                                    {"ownership": "foreign_invested"}]
    assert row["enterprises"][0]["ownership"] == "民营"  # the row as read is left alone (a batch may be decided again)
    codes, problem = to_codes(RequestBrandProtection, {"regions_concerned": ["武汉市", "宜昌市", "420600"]})
    assert problem is None and codes["regions_concerned"] == ["420100", "420500", "420600"]
    _, problem = to_codes(RecordOnsiteService, {"enterprises": [{"ownership": "private"}, {"ownership": "私营"}]})
    assert problem is not None and problem.errors[0]["field"] == "enterprises.1.ownership"
