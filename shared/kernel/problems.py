"""RFC 9457 problem details: every error any service answers is `application/problem+json`."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from kernel.i18n import CONTENT_LANGUAGE, RECORD_KINDS_ZH, Bilingual, join, negotiate, request_language
from kernel.validation_messages import message as validation_message

PROBLEM_MEDIA_TYPE = "application/problem+json"

# slug -> (title, explanation); served at /problems/{slug} so every `type` resolves to its meaning.
PROBLEM_TYPES: dict[str, tuple[Bilingual, Bilingual]] = {slug: (Bilingual.of(title), Bilingual.of(explanation)) for slug, (title, explanation) in {
    "validation-error": ("请求有误；The request is not valid",
                         "有字段缺失、格式不对或违反规则，`errors` 逐项指明字段；One or more fields are missing, malformed or break a rule; `errors` names each field."),
    "domain-rule": ("本措施的规则不允许这样做；A rule of the measure forbids this",
                    "请求格式正确，但已记录的事实不允许，`errors` 指明字段；The request is well formed but the recorded facts do not allow it; `errors` names the field."),
    "not-found": ("没有这条记录；No such record", "路径所指的记录从未记录过；The path names a record that was never recorded."),
    "conflict": ("记录已变更或已存在；The record changed or already exists",
                 "另一次写入在先，或记录已处于所求的状态，请刷新后重试；Another write got there first, or the record is already in the state asked for. Reload and retry."),
    "idempotency-key-reused": ("幂等键已用于另一请求；Idempotency-Key reused with another request",
                               "一个键只代表一个请求，请求体不同须换新键；A key identifies one request; send a new key for a different body."),
    "unauthorized": ("需要有效的令牌；A valid bearer token is needed",
                     "请发送 `Authorization: Bearer <令牌>`，令牌须经签名、未过期、发给本系统；Send `Authorization: Bearer <token>`; the token must be signed, current, and for this system."),
    "forbidden": ("令牌不允许这样做；The token does not allow this", "令牌缺少所需范围，或限于其他地区；The token lacks the scope, or is limited to another region."),
    "malformed-body": ("请求体无法读取；The body could not be read", "请求体须为 UTF-8 编码的 JSON；The body must be UTF-8 encoded JSON."),
    "payload-too-large": ("请求体过大；The request body is too large", "请分成较小的请求发送；Send smaller requests."),
    "unsupported-media-type": ("请求体须为 JSON；The body must be JSON",
                               "请发送 `Content-Type: application/json` 和 UTF-8 编码的 JSON；Send `Content-Type: application/json` with a UTF-8 JSON body."),
    "request-timeout": ("请求未按时发送完整；The request was not sent in time", "请求头或请求体发送过慢，连接已关闭，未记录任何内容；the request head or body came too slowly: the connection was closed and nothing was stored."),
    "rate-limited": ("该令牌请求过多；Too many requests for this token", "请等待 Retry-After 所示秒数后重试；Wait for the number of seconds in Retry-After, then retry."),
    "internal-error": ("系统内部出错；Something failed on our side", "未记录任何内容，事件已按关联编号记入日志；Nothing was stored. The incident is logged under the correlation id."),
    "not-yet-applied": ("投影尚未应用所等的写入；The projection has not applied the awaited writes yet",
                        "在等待上限内，投影未应用 `consistency_token` 所指的写入，请于 Retry-After 秒后重试；The projection did not apply the writes `consistency_token` names within the wait; retry after Retry-After seconds."),
    "service-unavailable": ("所依赖的服务暂不可用；A dependency is unavailable", "请稍后用同一幂等键重试；Retry later with the same Idempotency-Key."),
    "http-error": ("HTTP 错误；HTTP error", "见 `status` 与 `detail`；See `status` and `detail`."),
}.items()}


class Problem(Exception):
    """An error that becomes a problem+json response.

    `detail` and each `errors[].message` are written "中文；English" or given as `Bilingual` (see `kernel.i18n`);
    the answer carries both languages, the one the request asks for first.
    """

    def __init__(
        self,
        status: int,
        slug: str,
        detail: str | Bilingual,
        *,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        self.text = Bilingual.of(detail)
        super().__init__(str(self.text))
        self.status = status
        self.slug = slug
        self.detail = detail if isinstance(detail, str) else str(detail)
        self.errors = errors
        self.headers = headers or {}
        self.extra = extra

    def body(self, instance: str | None = None, language: str | None = None) -> dict[str, Any]:
        """The problem+json body in `language` first (default: the request's, see `kernel.i18n`)."""
        language = language or request_language.get()
        title = PROBLEM_TYPES.get(self.slug, (Bilingual(self.slug, self.slug), None))[0]
        body: dict[str, Any] = {"type": f"/problems/{self.slug}", **_both("title", title, language), "status": self.status,
                                **_both("detail", self.text, language)}
        if instance:
            body["instance"] = instance
        if self.errors:
            body["errors"] = [_error_in(error, language) for error in self.errors]
        body.update(self.extra)
        return body


def _both(name: str, text: Bilingual, language: str) -> dict[str, str]:
    return {name: text.first(language), f"{name}_zh": text.zh, f"{name}_en": text.en}


def _error_in(error: dict[str, Any], language: str) -> dict[str, Any]:
    if "message" not in error:
        return error
    # an error already rendered (a bulk import's line, gathered into the batch's problem) keeps its parts
    text = Bilingual(error["message_zh"], error["message_en"]) if "message_zh" in error and "message_en" in error else Bilingual.of(error["message"])
    return {**error, **_both("message", text, language)}


def field_error(field: str, message: str | Bilingual) -> dict[str, Any]:
    return {"field": field, "message": message}


class DomainRuleViolated(Problem):
    """The command is well formed, but the facts recorded so far forbid it (422, naming the field)."""

    def __init__(self, field: str, message: str | Bilingual) -> None:
        text = Bilingual.of(message)
        super().__init__(422, "domain-rule", Bilingual(f"{field}：{text.zh}", f"{field}: {text.en}"),
                         errors=[field_error(field, message)])


class NotFound(Problem):
    def __init__(self, what: str, identifier: str) -> None:
        what_zh = RECORD_KINDS_ZH.get(what, what)
        super().__init__(404, "not-found", Bilingual(f"没有记录{what_zh} {identifier!r}", f"{what} {identifier!r} is not recorded"))


class Conflict(Problem):
    def __init__(self, detail: str | Bilingual, field: str | None = None) -> None:
        super().__init__(409, "conflict", detail, errors=[field_error(field, detail)] if field else None)


def problem_response(problem: Problem, request: Request | None = None) -> Response:
    """The answer, in the language the request asks for (`Accept-Language`; else the request's, set by the middleware)."""
    language = negotiate(request.headers.get("accept-language")) if request is not None else request_language.get()
    instance = str(request.url.path) if request is not None else None
    return Response(
        content=orjson.dumps(problem.body(instance, language)),
        status_code=problem.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers={**problem.headers, "Content-Language": CONTENT_LANGUAGE[language], "Vary": "Accept-Language"},
    )


def _location(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    # pydantic adds the tag of a discriminated union or a function name; keep only the data path
    return ".".join(parts) or ".".join(str(p) for p in loc)


def validation_problem(exc: RequestValidationError) -> Problem:
    errors = []
    for err in exc.errors():
        loc = tuple(err.get("loc", ()))
        field = _location(loc)
        where = loc[0] if loc else "body"
        if err.get("type") == "json_invalid":
            field = "body"
        errors.append({"field": field, "in": where, "message": validation_message(err)})
    summary = join([Bilingual(f"{e['field']}：{e['message'].zh}", f"{e['field']}: {e['message'].en}") for e in errors[:5]])
    return Problem(422, "validation-error", summary if errors else Bilingual("请求无效", "the request is not valid"), errors=errors)


def database_unavailable() -> Problem:
    """The database cannot be reached right now; the pool drops its stale connections, so a retry may succeed."""
    return Problem(503, "service-unavailable", "数据库暂时连不上，未记录任何内容，请稍后重试；"
                   "the database is not reachable right now; nothing was stored, retry shortly", headers={"Retry-After": "1"})


# Starlette's and FastAPI's own words for the errors they raise
_HTTP_DETAILS_ZH = {"Not Found": "没有此路径", "Method Not Allowed": "此路径不接受该请求方法", "Not authenticated": "未提供令牌",
                    "Unauthorized": "需要令牌", "Forbidden": "不允许"}


class ProblemLanguageMiddleware:
    """Notes the language the request asks for, for problems rendered away from its handler (a bulk import's lines)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = next((value.decode("latin-1") for name, value in scope.get("headers", ()) if name == b"accept-language"), None)
        token = request_language.set(negotiate(header))
        try:
            await self.app(scope, receive, send)
        finally:
            request_language.reset(token)


def install_problem_handlers(app: FastAPI) -> None:
    app.add_middleware(ProblemLanguageMiddleware)

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> Response:
        return problem_response(exc, request)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        return problem_response(validation_problem(exc), request)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 400:
            problem = Problem(400, "malformed-body", Bilingual(f"{exc.detail}：请求体须为 UTF-8 编码的 JSON",
                                                               f"{exc.detail}: the body must be UTF-8 encoded JSON"),
                              errors=[field_error("body", "不是 UTF-8 编码的 JSON；not UTF-8 encoded JSON")])
            return problem_response(problem, request)
        slug = {401: "unauthorized", 403: "forbidden", 404: "not-found", 409: "conflict", 413: "payload-too-large", 415: "unsupported-media-type"}.get(exc.status_code, "http-error")
        detail = _HTTP_DETAILS_ZH.get(str(exc.detail))
        text = Bilingual(detail, str(exc.detail)) if detail else Bilingual.of(str(exc.detail))
        problem = Problem(exc.status_code, slug, text, headers=dict(exc.headers or {}))
        return problem_response(problem, request)

    @app.exception_handler(DBAPIError)
    async def _database(request: Request, exc: DBAPIError) -> Response:
        # SQLSTATE class 22 is a data exception: a value the database cannot hold (a NUL byte, a number out of
        # range). That is the request's fault, and nothing was stored: the transaction rolled back.
        if str(getattr(exc.orig, "sqlstate", "") or "").startswith("22"):
            problem = Problem(422, "validation-error", "请求中有数据库无法保存的值（如 NUL 字符或超出范围的数）；"
                              "a value in the request cannot be stored (e.g. a NUL character or a number out of range)",
                              errors=[field_error("request", "含数据库无法保存的值；holds a value the database cannot store")])
            return problem_response(problem, request)
        if exc.connection_invalidated or str(getattr(exc.orig, "sqlstate", "") or "").startswith(("08", "57P")):
            return problem_response(database_unavailable(), request)
        raise exc

    @app.exception_handler(PoolTimeout)
    async def _busy(request: Request, exc: PoolTimeout) -> Response:
        # every pooled connection stayed in use for the pool's whole timeout: nothing was done
        problem = Problem(503, "service-unavailable", "服务繁忙，未记录任何内容，请稍后重试；"
                          "the service is busy; nothing was stored, retry shortly", headers={"Retry-After": "1"})
        return problem_response(problem, request)

    @app.exception_handler(ConnectionError)
    async def _unreachable(request: Request, exc: ConnectionError) -> Response:
        # the database refused or dropped the connection (restarting, failing over): nothing was stored
        return problem_response(database_unavailable(), request)

    @app.get("/problems/{slug}", include_in_schema=False)
    async def _problem_type(request: Request, slug: str) -> Response:
        if slug not in PROBLEM_TYPES:
            raise Problem(404, "not-found", Bilingual(f"没有问题类型 {slug!r}", f"no problem type {slug!r}"))
        language = negotiate(request.headers.get("accept-language"))
        title, explanation = PROBLEM_TYPES[slug]
        body = {"type": f"/problems/{slug}", **_both("title", title, language), **_both("explanation", explanation, language)}
        return Response(orjson.dumps(body), media_type="application/json",
                        headers={"Content-Language": CONTENT_LANGUAGE[language], "Vary": "Accept-Language"})
