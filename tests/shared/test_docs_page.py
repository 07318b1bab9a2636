"""/docs works on an intranet: every service serves Swagger UI from its own files, and in a real browser with every
other host cut off the page lists every operation of the service's OpenAPI document."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from kernel import docs

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SERVICES = ("enforcement", "financing", "training", "outreach", "projection")
METHODS = {"get", "post", "put", "patch", "delete"}

needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent: apt-get install chromium")
needs_build = pytest.mark.skipif(not docs.built(), reason=f"the docs page is not built: {docs.BUILD_COMMAND}")


def operations(document: dict) -> int:
    return sum(1 for item in document["paths"].values() for method in item if method in METHODS)


@needs_build
async def test_the_docs_page_and_its_assets_come_from_the_service(enforcement):
    async with httpx.AsyncClient(base_url=enforcement.url) as client:
        page = await client.get("/docs")
        assert page.status_code == 200
        assert "default-src 'self'" in page.headers["content-security-policy"]
        assert "接口文档" in page.text and "API documentation" in page.text
        sources = [part.split('"')[0] for part in page.text.split('src="')[1:]]
        sources += [part.split('"')[0] for part in page.text.split('href="')[1:] if part.startswith("/docs")]
        assert sources and all(source.startswith("/docs/assets/") for source in sources), sources
        for source in sources:
            assert (await client.get(source)).status_code == 200, source
        assert (await client.get("/docs/assets/../settings.py")).status_code == 404
        assert (await client.get("/redoc")).status_code == 404  # FastAPI's CDN page is not served


async def test_without_a_build_the_page_says_how_to_make_one(enforcement, monkeypatch, tmp_path):
    monkeypatch.setattr(docs, "STATIC", tmp_path)
    async with httpx.AsyncClient(base_url=enforcement.url) as client:
        page = await client.get("/docs")
    assert page.status_code == 503
    assert docs.BUILD_COMMAND in page.text and "/openapi.json" in page.text


@needs_chromium
@needs_build
@pytest.mark.parametrize("name", SERVICES)
async def test_docs_list_every_operation_with_the_network_cut_off(start_service, name, tmp_path):
    from playwright.async_api import async_playwright

    service = await start_service(name)
    async with httpx.AsyncClient(base_url=service.url) as client:  # the service runs in this event loop
        document = (await client.get("/openapi.json")).json()
    expected = operations(document)
    own = urlsplit(service.url).netloc
    refused: list[str] = []

    async def only_this_service(route):
        if urlsplit(route.request.url).netloc == own:
            await route.continue_()
        else:
            refused.append(route.request.url)
            await route.abort("internetdisconnected")

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            context = await browser.new_context(locale="zh-CN")
            await context.route("**/*", only_this_service)
            page = await context.new_page()
            await page.goto(f"{service.url}/docs")
            blocks = page.locator(".opblock")
            await blocks.nth(expected - 1).wait_for(timeout=30_000)
            assert await blocks.count() == expected
            assert await page.locator(".docs-header h1").inner_text()
            await page.screenshot(path=str(tmp_path / f"docs-{name}.png"), full_page=False)
        finally:
            await browser.close()
    assert refused == [], f"the docs page asked other hosts: {refused}"
