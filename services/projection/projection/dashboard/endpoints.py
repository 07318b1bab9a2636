"""Serves the dashboard: the page at `/` and its built assets under `/dashboard/...`.

The page and its scripts carry no data: the browser asks the public API (`/v1/...`) with a read token the user
gives. The assets are built from services/projection/dashboard-ui into ./static; without a build, `/` says how
to make one.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse, Response

STATIC = Path(__file__).parent / "static"
BUILD_COMMAND = "cd services/projection/dashboard-ui && npm ci && npm run build"

MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".map": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
}

# the page loads nothing from elsewhere; its scripts may only talk to this origin
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

NOT_BUILT = f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>仪表板未构建 / Dashboard not built</title></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.6">
<h1>仪表板尚未构建 / Dashboard not built</h1>
<p>dashboard not built: run <code>{BUILD_COMMAND}</code> from the repository's root, then reload this page.</p>
<p>The API is available meanwhile: <a href="/docs">/docs</a>.</p>
</body></html>
"""

router = APIRouter(include_in_schema=False)


def built() -> bool:
    return (STATIC / "index.html").is_file()


@router.get("/", response_class=HTMLResponse)
async def page() -> Response:
    if not built():
        return HTMLResponse(NOT_BUILT, status_code=503, headers={"Cache-Control": "no-store", **SECURITY_HEADERS})
    return FileResponse(STATIC / "index.html", media_type=MEDIA_TYPES[".html"],
                        headers={"Cache-Control": "no-cache", **SECURITY_HEADERS})


@router.get("/dashboard/{asset:path}")
async def asset(asset: str) -> Response:
    root = STATIC.resolve()
    path = (root / asset).resolve()
    if not built() or root not in path.parents or not path.is_file() or path.name == "index.html":
        return Response(status_code=404)
    return FileResponse(path, media_type=MEDIA_TYPES.get(path.suffix, "application/octet-stream"),
                        headers={"Cache-Control": "no-cache", **SECURITY_HEADERS})
