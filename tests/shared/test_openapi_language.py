"""Every service's OpenAPI document speaks the office's language: Chinese first, English beside it.

Each operation has a Chinese summary and a description in Chinese and English; every tag is declared, in one of
the policy's seven sections (or the common and figures groups), with a description in both languages; every
property of every component schema and every parameter has a Chinese description. The documents are built
from `create_app(settings)` without starting the service; the first test checks that a started service serves
the same document."""

from __future__ import annotations

import importlib
import re

import httpx
import pytest

from kernel.openapi_words import SECTIONS

SERVICES = ("enforcement", "financing", "training", "outreach", "projection")
METHODS = {"get", "put", "post", "delete", "patch"}
CJK = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]{3,}")
# no exemptions: the Problem schema's RFC 9457 members are described in both languages too
EXEMPT_PROPERTIES: dict[tuple[str, str], str] = {}


def document(name: str) -> dict:
    settings_module = importlib.import_module(f"{name}.settings")
    settings_class = next(v for k, v in vars(settings_module).items()
                          if k.endswith("Settings") and isinstance(v, type) and v.__module__ == settings_module.__name__)
    app = importlib.import_module(f"{name}.app").create_app(settings_class(auth_signing_key="k" * 40))
    return app.openapi()


def operations(doc: dict):
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


def bilingual(text: str | None) -> bool:
    return bool(text and CJK.search(text) and LATIN.search(text))


async def test_a_started_service_serves_the_document_built_without_starting(enforcement):
    async with httpx.AsyncClient(base_url=enforcement.url) as client:
        served = (await client.get("/openapi.json")).json()
    assert served == document("enforcement")


@pytest.mark.parametrize("name", SERVICES)
def test_every_operation_has_a_chinese_summary_and_a_bilingual_description(name):
    doc = document(name)
    unsaid = [key for key, op in operations(doc) if not CJK.search(op.get("summary", ""))]
    assert not unsaid, f"operations without a Chinese summary: {unsaid}"
    one_language = [key for key, op in operations(doc) if not bilingual(op.get("description"))]
    assert not one_language, f"operations whose description is not in Chinese and English: {one_language}"
    chinese_first = [key for key, op in operations(doc) if not CJK.search(op["description"].split("\n", 1)[0])]
    assert not chinese_first, f"descriptions that do not start in Chinese: {chinese_first}"
    assert CJK.search(doc["info"]["title"]) and bilingual(doc["info"]["description"])


@pytest.mark.parametrize("name", SERVICES)
def test_every_tag_is_declared_in_a_section_and_described_in_both_languages(name):
    doc = document(name)
    declared = {tag["name"]: tag for tag in doc["tags"]}
    used = {tag for _, op in operations(doc) for tag in op.get("tags", [])}
    assert used <= set(declared), f"undeclared tags: {used - set(declared)}"
    several = [key for key, op in operations(doc) if len(op.get("tags", [])) != 1]
    assert not several, f"operations Swagger UI would list under several tags (or none): {several}"
    numerals = {section.numeral for section in SECTIONS.values()}
    for name_, tag in declared.items():
        assert CJK.search(name_) and LATIN.search(name_), name_
        assert name_.split(" · ", 1)[0] in numerals, f"{name_} is in none of the policy's sections"
        assert bilingual(tag.get("description")), name_
    grouped = [tag for group in doc["x-tagGroups"] for tag in group["tags"]]
    assert sorted(grouped) == sorted(declared)


@pytest.mark.parametrize("name", SERVICES)
def test_every_field_and_parameter_has_a_chinese_description(name):
    doc = document(name)
    missing = []
    for schema_name, schema in doc["components"]["schemas"].items():
        for prop, spec in (schema.get("properties") or {}).items():
            if (schema_name, prop) not in EXEMPT_PROPERTIES and not CJK.search(spec.get("description", "")):
                missing.append(f"{schema_name}.{prop}")
    for key, op in operations(doc):
        missing += [f"{key} ?{p['name']}" for p in op.get("parameters", []) if not CJK.search(p.get("description", ""))]
        missing += [f"{key} -> {code}" for code, r in op.get("responses", {}).items() if not CJK.search(r.get("description", ""))]
    assert not missing, f"without a Chinese description: {missing}"


def test_the_sections_are_the_policys_seven():
    numbered = [key for key in SECTIONS if isinstance(key, int)]
    assert numbered == [1, 2, 3, 4, 5, 6, 7]
    assert SECTIONS[1].zh == "依法严格平等保护民营企业知识产权" and SECTIONS[7].zh == "提高民营企业知识产权意识"
