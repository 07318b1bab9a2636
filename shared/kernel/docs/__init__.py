"""The OpenAPI docs page every service serves at `/docs`, from files it holds itself.

Swagger UI is bundled at build time from the npm registry (shared/docs-ui → ./static), like the dashboard's
scripts: an office intranet reaches no CDN, and an operator opening /docs must still see every operation.
Without a build, /docs says how to make one and links the raw document.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse, Response

STATIC = Path(__file__).parent / "static"
BUILD_COMMAND = "cd shared/docs-ui && npm ci && npm run build"
ASSETS = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "docs.js": "text/javascript; charset=utf-8",
    "docs.css": "text/css; charset=utf-8",
    "LICENSE": "text/plain; charset=utf-8",
    "NOTICE": "text/plain; charset=utf-8",
}
# the page and its scripts come from this service only; "Try it out" talks to this origin
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def built() -> bool:
    return all((STATIC / name).is_file() for name in ASSETS)


def _page(title: str, openapi_url: str) -> str:
    title = escape(title)
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · 接口文档 / API docs</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"><link rel="stylesheet" href="/docs/assets/docs.css">
</head><body>
<header class="docs-header"><h1>{title} · 接口文档 <small>API documentation</small></h1>
<p>调用写接口前，点击右侧 “Authorize” 填入令牌（<code>make token</code> 或本单位身份平台签发）；时间均为北京时间（UTC+08:00）。
机器可读文档：<a href="{escape(openapi_url)}">{escape(openapi_url)}</a>。<br>
Click “Authorize” and paste a bearer token before calling a write; times are Beijing time (UTC+08:00).
The machine-readable document: <a href="{escape(openapi_url)}">{escape(openapi_url)}</a>.</p></header>
<div id="swagger-ui" data-openapi-url="{escape(openapi_url)}"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script><script src="/docs/assets/docs.js"></script>
</body></html>
"""


def _not_built(title: str, openapi_url: str) -> str:
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>接口文档未构建 / API docs not built</title></head>
<body style="font-family: sans-serif; max-width: 44rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.6">
<h1>{escape(title)}：接口文档页面尚未构建 / the docs page is not built</h1>
<p>在仓库根目录运行 <code>{BUILD_COMMAND}</code>（或 <code>make install</code>），然后刷新本页。<br>
Run <code>{BUILD_COMMAND}</code> (or <code>make install</code>) from the repository's root, then reload.</p>
<p>机器可读文档 / the machine-readable document: <a href="{escape(openapi_url)}">{escape(openapi_url)}</a></p>
</body></html>
"""


def docs_router(title: str, openapi_url: str = "/openapi.json") -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/docs", response_class=HTMLResponse)
    async def docs() -> Response:
        if not built():
            return HTMLResponse(_not_built(title, openapi_url), status_code=503,
                                headers={"Cache-Control": "no-store", **SECURITY_HEADERS})
        return HTMLResponse(_page(title, openapi_url), headers={"Cache-Control": "no-cache", **SECURITY_HEADERS})

    @router.get("/docs/assets/{name}")
    async def asset(name: str) -> Response:
        media_type = ASSETS.get(name)
        if media_type is None or not (STATIC / name).is_file():
            return Response(status_code=404)
        return FileResponse(STATIC / name, media_type=media_type,
                            headers={"Cache-Control": "public, max-age=3600", **SECURITY_HEADERS})

    return router
