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
        "type": {"type": "string", "description": "问题类型的 URI，不随语言变化；A URI naming the kind of problem, the same in every language"},
        "title": {"type": "string", "description": "标题，先用所选语言，另一语言附后；A short title, the chosen language first"},
        "title_zh": {"type": "string", "description": "标题（中文）；The title in Chinese"},
        "title_en": {"type": "string", "description": "标题（英文）；The title in English"},
        "status": {"type": "integer", "description": "HTTP 状态码；The HTTP status code"},
        "detail": {"type": "string", "description": "详细说明，先用所选语言；What is wrong, the chosen language first"},
        "detail_zh": {"type": "string", "description": "详细说明（中文）；The detail in Chinese"},
        "detail_en": {"type": "string", "description": "详细说明（英文）；The detail in English"},
        "instance": {"type": "string", "description": "出问题的请求路径；The request the problem is about"},
        "errors": {"type": "array", "description": "每个有误的字段；Each field that is wrong", "items": {"type": "object", "properties": {
            "field": {"type": "string", "description": "有误字段的路径（如 `enterprises.0.uscc`）；The field's path"},
            "in": {"type": "string", "description": "字段所在位置：body、query、path 或 header；Where the field is"},
            "message": {"type": "string", "description": "错误说明，先用所选语言；What is wrong, the chosen language first"},
            "message_zh": {"type": "string", "description": "错误说明（中文）；The message in Chinese"},
            "message_en": {"type": "string", "description": "错误说明（英文）；The message in English"}}}},
    },
    "required": ["type", "title", "status"],
}

WHY = {
    "400": "请求体不是 UTF-8 编码的 JSON；The body is not UTF-8 encoded JSON",
    "401": "没有有效的持有者令牌；No valid bearer token",
    "403": "令牌缺少所需权限，或限于其他地区；The token lacks the scope, or is limited to another region",
    "404": "没有这条记录；No such record",
    "409": "已处于该状态，或被同时修改；Already in that state, or changed concurrently",
    "413": "请求体过大；The body is too large",
    "422": "字段无效，或措施的规则不允许；A field is invalid, or a rule of the measure forbids it",
    "429": "该令牌请求过于频繁；Too many requests for this token",
    "500": "服务端出错，未存储任何内容；Something failed on our side; nothing was stored",
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
                    entry = responses.setdefault(code, {"description": WHY.get(code, "问题；A problem")})
                    entry["content"] = problem  # replaces FastAPI's default validation-error body
        schema.get("components", {}).get("schemas", {}).pop("HTTPValidationError", None)
        schema.get("components", {}).get("schemas", {}).pop("ValidationError", None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
