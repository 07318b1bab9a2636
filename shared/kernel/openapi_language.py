"""The OpenAPI document in the office's language: Chinese first, the English beside it.

The routers keep their English `summary` (and `description`, if any): that is the English of an operation, and
the bulk import's kind catalogue reads it. Each service adds the Chinese once, in its `api_docs` module:

- its tags (`Tag`), each in one of the policy's seven sections (`SECTIONS`, from the policy's own headings), named
  "一 · 上门服务 on-site services" so that Swagger UI lists them section by section (ReDoc groups them by
  `x-tagGroups`); the routers go on naming a tag by its English key, and an operation is shown under one tag
  (the service's own before a common one: Swagger UI would list it once per tag);
- its operations ("POST /v1/onsite-services" -> `Op`): a Chinese summary, and a Chinese description naming the
  measure served and what the operation changes (which event it records, what then counts in which target).
  The document's description is that Chinese, then the English summary (and the route's English description);
- its own field words ("名称；English", where `FIELDS` and the import labels do not say enough).

Every property of every component schema and every parameter then gets a Chinese description: its own one if it
has Chinese, else the field's words (`FIELDS`, then the import's Chinese column headers `LABELS_ZH`, the one
source of a field's Chinese name), with its own English description kept beside them. Response descriptions get
the Chinese of their status (`WHY_ZH`), and the service's title and description their Chinese.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from fastapi import FastAPI

from kernel.imports.labels import LABELS_ZH
from kernel.field_words import FIELDS
from kernel.openapi_words import KERNEL_OPERATIONS, KERNEL_TAGS, Op, Tag

CJK = re.compile(r"[\u3400-\u9fff]")
METHODS = ("get", "put", "post", "delete", "patch")

COMMON = {tag.key for tag in KERNEL_TAGS}

WHY_ZH = {
    "200": "成功", "201": "已记录", "202": "已接受", "204": "已删除",
    "400": "请求体不是 UTF-8 编码的 JSON", "401": "没有有效的持有者令牌", "403": "令牌缺少所需权限，或限于其他地区",
    "404": "没有这条记录", "409": "已处于该状态，或被同时修改", "413": "请求体过大",
    "422": "字段无效，或措施的规则不允许", "429": "该令牌请求过于频繁", "500": "服务端出错，未存储任何内容",
    "415": "不支持的内容类型", "503": "暂时无法答复，请稍后重试",
}


@dataclass(frozen=True)
class ServiceDocs:
    """One service's Chinese: its tags, its operations by "METHOD /path", its own field words."""

    tags: tuple[Tag, ...] = ()
    operations: Mapping[str, Op] = field(default_factory=dict)
    fields: Mapping[str, str] = field(default_factory=dict)
    title_zh: str = ""
    description_zh: str = ""

    def all_tags(self) -> tuple[Tag, ...]:
        return (*self.tags, *KERNEL_TAGS)

    def openapi_tags(self, declared: list[dict[str, Any]] = ()) -> list[dict[str, Any]]:
        """Its tags, then any other tag the service declares (as it declares it)."""
        keys = {tag.key for tag in self.all_tags()}
        return [*(tag.openapi() for tag in self.all_tags()), *(t for t in declared if t["name"] not in keys)]


def _zh(text: str | None) -> bool:
    return bool(text and CJK.search(text))


def _field_words(name: str, own: Mapping[str, str]) -> str | None:
    return own.get(name) or FIELDS.get(name) or LABELS_ZH.get(name)


def _beside(zh: str, english: str | None) -> str:
    """Chinese words of a field with the schema's own English after them; the words' English when it has none."""
    if not english:
        return zh
    return f"{zh.split('；', 1)[0]}；{english}"


def _describe_properties(schema: dict[str, Any], words: Mapping[str, str]) -> None:
    for name, prop in (schema.get("properties") or {}).items():
        if _zh(prop.get("description")):
            continue
        said = _field_words(name, words)
        if said:
            prop["description"] = _beside(said, prop.get("description"))


def _operation(key: str, operation: dict[str, Any], docs: Mapping[str, Op], names: Mapping[str, str],
               words: Mapping[str, str]) -> None:
    op = docs.get(key)
    english = [part for part in (operation.get("summary"), operation.get("description")) if part]
    if op is not None:
        operation["summary"] = op.summary
        operation["description"] = "\n\n".join([op.description, *english])
    tags = operation.get("tags", [])
    if len(tags) > 1:  # Swagger UI lists an operation under each of its tags: one, the service's own before a common one
        tags = [next((tag for tag in tags if tag not in COMMON), tags[0])]
    operation["tags"] = [names.get(tag, tag) for tag in tags]
    for parameter in operation.get("parameters", []):
        if not _zh(parameter.get("description")):
            said = _field_words(parameter["name"], words)
            if said:
                parameter["description"] = _beside(said, parameter.get("description"))
    for code, response in operation.get("responses", {}).items():
        if not _zh(response.get("description")) and code in WHY_ZH:
            response["description"] = f"{WHY_ZH[code]}；{response.get('description') or ''}".rstrip("；")


def document_language(app: FastAPI, docs: ServiceDocs) -> None:
    """Puts the service's Chinese into its OpenAPI document (after `document_problems`, whose answers it names)."""
    generate = app.openapi
    operations = {**KERNEL_OPERATIONS, **docs.operations}
    words = docs.fields
    names = {tag.key: tag.name for tag in docs.all_tags()}
    groups: dict[str, list[str]] = {}
    for tag in docs.all_tags():
        groups.setdefault(tag.group, []).append(tag.name)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema and app.openapi_schema.get("x-tagGroups"):
            return app.openapi_schema
        schema = generate()
        info = schema.setdefault("info", {})
        if docs.title_zh:
            info["title"] = f"{docs.title_zh}；{info.get('title', '')}"
        if docs.description_zh:
            info["description"] = f"{docs.description_zh}\n\n{info.get('description', '')}"
        for path, item in schema.get("paths", {}).items():
            for method, operation in item.items():
                if method in METHODS:
                    _operation(f"{method.upper()} {path}", operation, operations, names, words)
        for component in schema.get("components", {}).get("schemas", {}).values():
            _describe_properties(component, words)
            for nested in (component.get("properties") or {}).values():  # an object written inline (Problem.errors)
                if isinstance(nested.get("items"), dict):
                    _describe_properties(nested["items"], words)
        schema["x-tagGroups"] = [{"name": group, "tags": tags} for group, tags in groups.items()]
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
