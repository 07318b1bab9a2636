"""Problems in the office's language: Chinese by default, English on `Accept-Language: en`, both always carried.

Over HTTP on a real enforcement service (its database and broker): each kind of bad input answered in Chinese
first, then the same request in English, with `Content-Language`, `Vary` and the same `type`, `status` and fields;
and, without a server, every error type pydantic-core can produce has its Chinese.
"""

from __future__ import annotations

import re
from typing import get_args

import orjson
import pytest
from pydantic_core import PydanticKnownError
from pydantic_core.core_schema import ErrorType

from kernel.i18n import Bilingual, negotiate
from kernel.validation_messages import CHINESE, chinese
from tests.enforcement.helpers import ACME, center, event_count, service

HAN = re.compile(r"[\u4e00-\u9fff]")
WUHAN_ONLY = {"region": "420200"}  # a token limited to Huangshi

# (case, path, body, token, status, field, words of the Chinese message, words of the English message)
CASES = [
    ("missing field", "/v1/assistance-centers", {k: v for k, v in center().items() if k != "center_id"}, {}, 422,
     "center_id", ["必填"], ["Field required"]),
    ("wrong type", "/v1/assistance-centers", center(name=123), {}, 422, "name", ["须为文本"], ["valid string"]),
    ("too long", "/v1/assistance-centers", center(name="中" * 201), {}, 422, "name", ["最多只能有 200 个字符"],
     ["at most 200 characters"]),
    ("enum of regions", "/v1/assistance-centers", center(region="420400"), {}, 422, "region",
     ["须为以下之一", "420100 武汉市", "422800 恩施土家族苗族自治州"], ["one of", "420100 Wuhan"]),
    ("bad date", "/v1/assistance-centers", center(registered_on="2019-02-30"), {}, 422, "registered_on",
     ["须为有效日期", "YYYY-MM-DD"], ["valid date"]),
    ("not a date", "/v1/assistance-centers", center(registered_on="2019/02/01"), {}, 422, "registered_on",
     ["须为 ISO 8601 日期"], ["must be an ISO 8601 date"]),
    ("unknown field", "/v1/assistance-centers", center(colour="red"), {}, 422, "colour", ["未知字段"], ["unknown field"]),
    ("enum of ownership", "/v1/onsite-services", service(enterprises=[{**ACME, "ownership": "public"}]), {}, 422,
     "enterprises.0.ownership", ["须为以下之一", "private"], ["Input should be", "'private'"]),
    ("bad credit code", "/v1/onsite-services", service(enterprises=[{**ACME, "uscc": "91350203M0001QAY9B"}]), {}, 422,
     "enterprises.0.uscc", ["不是有效的统一社会信用代码", "校验码"], ["not a valid unified social credit code", "check character"]),
    ("outside the token's region", "/v1/assistance-centers", center("wh-2"), WUHAN_ONLY, 403, "region",
     ["不在令牌的地区 420200 黄石市 内"], ["outside the token's region 420200 Huangshi"]),
]


@pytest.fixture
async def enforcement_with_center(enforcement, enforcement_client):
    assert (await enforcement_client.post("/v1/assistance-centers", json=center())).status_code == 201
    return enforcement


def _error(response, field: str) -> dict:
    assert response.headers["content-type"] == "application/problem+json", response.text
    return next(e for e in response.json()["errors"] if e["field"] == field)


@pytest.mark.parametrize("case, path, body, token, status, field, zh_words, en_words", CASES, ids=[c[0] for c in CASES])
async def test_a_bad_request_is_answered_in_chinese_then_in_english_on_request(
    enforcement_with_center, client_for, case, path, body, token, status, field, zh_words, en_words
):
    client = client_for(enforcement_with_center, **token)
    before = await event_count(enforcement_with_center)

    chinese_answer = await client.post(path, json=body)
    assert chinese_answer.status_code == status, chinese_answer.text
    assert chinese_answer.headers["content-language"] == "zh-CN"
    assert "accept-language" in chinese_answer.headers["vary"].lower()
    problem, error = chinese_answer.json(), _error(chinese_answer, field)
    assert HAN.match(problem["title"]) and problem["title"].startswith(problem["title_zh"]), problem
    assert problem["detail"].startswith(problem["detail_zh"]) and problem["detail"].endswith(problem["detail_en"])
    assert error["message"] == f"{error['message_zh']}；{error['message_en']}", error
    for word in zh_words:
        assert word in error["message_zh"], (word, error)
    for word in en_words:
        assert word in error["message_en"], (word, error)
    assert HAN.search(error["message_zh"]), error

    english_answer = await client.post(path, json=body, headers={"Accept-Language": "en-GB,en;q=0.9,zh;q=0.1"})
    assert english_answer.status_code == status
    assert english_answer.headers["content-language"] == "en"
    in_english = english_answer.json()
    assert (in_english["type"], in_english["status"]) == (problem["type"], problem["status"])
    assert [e["field"] for e in in_english["errors"]] == [e["field"] for e in problem["errors"]]
    english_error = _error(english_answer, field)
    assert english_error["message"] == f"{error['message_en']}；{error['message_zh']}"
    assert in_english["title"] == f"{problem['title_en']}；{problem['title_zh']}"
    assert (in_english["detail_zh"], in_english["detail_en"]) == (problem["detail_zh"], problem["detail_en"])
    assert await event_count(enforcement_with_center) == before  # nothing stored


async def test_a_record_never_recorded_and_a_bad_body_are_answered_in_both_languages(enforcement, enforcement_client):
    missing = await enforcement_client.get("/v1/assistance-centers/nowhere")
    assert (missing.status_code, missing.headers["content-language"]) == (404, "zh-CN")
    assert missing.json()["detail_zh"] == "没有记录维权援助中心 'nowhere'", missing.json()
    assert missing.json()["detail_en"] == "assistance center 'nowhere' is not recorded"

    broken = await enforcement_client.post("/v1/assistance-centers", content=b'{"center_id": ',
                                           headers={"Content-Type": "application/json", "Accept-Language": "en"})
    assert broken.status_code in (400, 422) and broken.headers["content-language"] == "en", broken.text
    assert all(e["message_zh"] and e["message_en"] for e in broken.json()["errors"])
    assert broken.json()["title"].startswith(broken.json()["title_en"])


async def test_a_refused_import_line_speaks_the_language_of_the_request(enforcement, enforcement_client):
    line = {"kind": "assistance-center", **center(registered_on="2019-02-30")}
    response = await enforcement_client.post("/v1/import", content=orjson.dumps(line) + b"\n",
                                             headers={"Content-Type": "application/x-ndjson", "Accept-Language": "en"})
    assert response.status_code in (200, 207, 422), response.text
    [refused] = [item for item in response.json()["lines"] if item["status"] == "refused"]
    problem = refused["problem"]
    assert problem["title"].startswith("The request is not valid") and problem["title_zh"] == "请求有误", problem
    [error] = problem["errors"]
    assert error["field"] == "registered_on" and error["message"].startswith(error["message_en"])
    assert "须为有效日期" in error["message_zh"]


def _example_context(kind: str) -> dict:
    """The context pydantic-core needs to build an error of `kind`, each key found by asking it."""
    ctx: dict = {}
    for _ in range(20):
        try:
            PydanticKnownError(kind, ctx or None)
            return ctx
        except (TypeError, KeyError, ValueError) as refused:
            if needed := re.search(r"'(\w+)' required in context", str(refused)):
                ctx[needed.group(1)] = 5
            elif typed := re.search(r"'(\w+)' context value must be an? (\w+)", str(refused)):
                name, kind_of = typed.groups()
                ctx[name] = ("'420100' or '420200'" if name.startswith("expected") else "x") if kind_of == "String" else 5
            else:
                raise AssertionError((kind, refused))
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", get_args(ErrorType))
def test_every_pydantic_error_type_has_its_chinese(kind):
    assert kind in CHINESE, f"pydantic-core's error type {kind!r} has no Chinese in kernel.validation_messages"
    ctx = _example_context(kind)
    CHINESE[kind].format(**ctx, actual="")  # every placeholder is a value pydantic-core gives the error
    text = chinese(kind, ctx)
    assert HAN.search(text) and text != "取值无效" and "{" not in text.replace("{...}", ""), text


def test_expected_region_codes_are_named():
    assert chinese("enum", {"expected": "'420100', '429021' or '420000'"}) == "须为以下之一：420100 武汉市、429021 神农架林区、420000 湖北省"


@pytest.mark.parametrize("header, language", [
    (None, "zh"), ("", "zh"), ("fr", "zh"), ("*", "zh"), ("en", "en"), ("en-US", "en"), ("zh-CN", "zh"),
    ("zh-Hans-CN, en;q=0.9", "zh"), ("en;q=0.9, zh;q=0.8", "en"), ("zh;q=0.2, en;q=0.5", "en"), ("en, zh", "en"),
    ("zh;q=0, en;q=0", "zh"), ("fr, *;q=0.1", "zh"), ("en;q=0, *", "zh"), ("zh;q=0, *;q=0.5", "en"), ("en;q=x", "zh"),
    ("de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7", "en"),
])
def test_the_language_follows_accept_language_with_its_q_values(header, language):
    assert negotiate(header) == language


@pytest.mark.parametrize("text, zh, en", [
    ("须为 ISO 8601 日期 YYYY-MM-DD；must be an ISO 8601 date, YYYY-MM-DD", "须为 ISO 8601 日期 YYYY-MM-DD",
     "must be an ISO 8601 date, YYYY-MM-DD"),
    ("先核对；再撤回；retract first", "先核对；再撤回", "retract first"),  # a "；" inside the Chinese stays there
    ("is before the center registered (2019-01-01)", "is before the center registered (2019-01-01)",
     "is before the center registered (2019-01-01)"),  # English only: the same text for both until it is translated
    ("只有中文", "只有中文", "只有中文"),
    ("企业 9142 在地区 420100 武汉市；enterprise 9142 is in 420100 Wuhan (武汉市)", "企业 9142 在地区 420100 武汉市",
     "enterprise 9142 is in 420100 Wuhan (武汉市)"),
])
def test_a_text_written_chinese_then_english_is_read_as_its_two_languages(text, zh, en):
    assert Bilingual.of(text) == Bilingual(zh, en)
