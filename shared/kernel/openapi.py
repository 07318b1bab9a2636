"""The OpenAPI document tells the truth about errors: every problem+json answer an operation can give."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from kernel.problems import PROBLEM_MEDIA_TYPE

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details; `errors` names each field that is wrong. 问题详情：`title`、`detail`、"
                   "`errors[].message` 先用 `Accept-Language` 所选语言（默认中文），另一语言以“；”隔开附后，两种语言也分别见 "
                   "`_zh`、`_en` 字段；`Content-Language` 为所选语言。Texts lead in the language `Accept-Language` asks for "
                   "(Chinese by default), the other beside it after \"；\"; each language alone is in the `_zh`/`_en` members.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "title_zh": {"type": "string"},
        "title_en": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "detail_zh": {"type": "string"},
        "detail_en": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object", "properties": {
            "field": {"type": "string"}, "in": {"type": "string"}, "message": {"type": "string"},
            "message_zh": {"type": "string"}, "message_en": {"type": "string"}}}},
    },
    "required": ["type", "title", "status"],
}

WHY = {
    "400": "The body is not UTF-8 encoded JSON",
    "401": "No valid bearer token",
    "403": "The token lacks the scope, or is limited to another region",
    "404": "No such record",
    "409": "Already in that state, or changed concurrently",
    "413": "The body is too large",
    "422": "A field is invalid, or a rule of the measure forbids it",
    "429": "Too many requests for this token",
    "500": "Something failed on our side; nothing was stored",
}


def _answers(path: str, operation: dict[str, Any]) -> list[str]:
    codes = ["500"]
    has_body = "requestBody" in operation
    if operation.get("parameters") or has_body:
        codes.append("422")
    if has_body:
        codes += ["400", "413"]
    if "{" in path:
        codes.append("404")
    if operation.get("security"):
        codes += ["401", "403", "429"]
    return codes


def document_problems(app: FastAPI) -> None:
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = generate()
        schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        problem = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for path, item in schema.get("paths", {}).items():
            for operation in item.values():
                responses = operation.setdefault("responses", {})
                codes = set(_answers(path, operation)) | {c for c in responses if c[:1] in "45"}
                for code in sorted(codes):
                    entry = responses.setdefault(code, {"description": WHY.get(code, "A problem")})
                    entry["content"] = problem  # replaces FastAPI's default validation-error body
        schema.get("components", {}).get("schemas", {}).pop("HTTPValidationError", None)
        schema.get("components", {}).get("schemas", {}).pop("ValidationError", None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
