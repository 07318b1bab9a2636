"""The dashboard in a real browser (Debian's chromium) against a running enforcement service and projection.

Records a measure-4 history over HTTP, then checks that the page shows what the API says: the cards, a region,
English, an earlier `as_of`, an earlier `known_at`, a target's records, the T04 grid, the regions, the indicators,
the Excel download, and a newly recorded service appearing without a reload. Screenshots go to tmp_path.
"""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest

from kernel.testing.servers import eventually
from projection.dashboard import endpoints as dashboard

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
BEIJING = timezone(timedelta(hours=8))
FIRM = {"uscc": "91440101MA5CJQ4N59", "name": "武汉甲科技有限公司", "ownership": "private"}
SHARES = {"T04", "T09b", "T11"}

needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent: apt-get install chromium")


def shown(target: dict) -> str:
    """A card's actual as the page writes it."""
    value = target["actual"]
    if value is None:
        return "—"
    if target["id"] in SHARES:
        return f"{value * 100:.1f}%"
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")


STATUS_WORDS = {
    "zh": {"met": "已达成", "missed": "未达成", "on_track": "进度正常", "at_risk": "有风险", "not_due": "未到期", None: "不适用"},
    "en": {"met": "Met", "missed": "Missed", "on_track": "On track", "at_risk": "At risk", "not_due": "Not due", None: "n/a"},
}


async def service(client: httpx.AsyncClient, center: str, region: str, day: str) -> str:
    body = {"center_id": center, "occurred_on": day, "summary": "上门服务", "enterprises": [{**FIRM, "region": region}]}
    response = await client.post("/v1/onsite-services", json=body)
    assert response.status_code == 201, response.text
    return response.json()["service_id"]


async def attainment(client: httpx.AsyncClient, **params) -> dict:
    response = await client.get("/v1/attainment", params={"year": 2019, **params})
    assert response.status_code == 200, response.text
    return {t["id"]: t for t in response.json()["targets"]}


async def cards_match(page, expected: dict, lang: str = "zh") -> bool:
    """Every card's actual and status word equal the API's."""
    for target_id, target in expected.items():
        card = page.locator(f'article[data-target="{target_id}"]')
        if await card.count() != 1:
            return False
        actual = (await card.locator("dd.actual").inner_text()).strip()
        word = (await card.locator(".badge").inner_text()).strip()
        if actual != shown(target) or word != STATUS_WORDS[lang][target["status"]]:
            return False
    return True


async def until_cards(page, client, lang="zh", timeout=30, **params) -> dict:
    expected = await attainment(client, **params)
    await eventually(lambda: cards_match(page, expected, lang), timeout=timeout, interval=0.25,
                     message=f"cards equal to the API's for {params}")
    return expected


@needs_chromium
async def test_dashboard_shows_the_apis_figures_and_follows_new_events(
    enforcement_client, projection, projection_client, auth, tmp_path
):
    from playwright.async_api import async_playwright

    assert dashboard.built(), f"dashboard not built: run {dashboard.BUILD_COMMAND}"

    # two centers active all 2019: Wuhan serves every month, Yichang only from July (recorded later)
    for center_id, region in (("wh-1", "420100"), ("yc-1", "420500")):
        body = {"center_id": center_id, "name": f"{region} 维权援助中心", "region": region, "registered_on": "2018-12-01"}
        response = await enforcement_client.post("/v1/assistance-centers", json=body)
        assert response.status_code == 201, response.text
    for month in range(1, 13):
        await service(enforcement_client, "wh-1", "420100", f"2019-{month:02d}-15")
    await eventually(lambda: _t04(projection_client, 12, 24), timeout=60, message="first records projected")
    await asyncio.sleep(1.2)
    before_yichang = datetime.now(BEIJING).replace(microsecond=0)
    await asyncio.sleep(1.2)
    for month in range(1, 7):
        await service(enforcement_client, "yc-1", "420500", f"2019-{month:02d}-20")
    await eventually(lambda: _t04(projection_client, 18, 24), timeout=60, message="second records projected")

    read_token = auth(scopes=("read",))["Authorization"].removeprefix("Bearer ")
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            context = await browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN", accept_downloads=True)
            page = await context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            outside: list[str] = []
            page.on("request", lambda r: None if r.url.startswith(projection.url) or r.url.startswith(("blob:", "data:")) else outside.append(r.url))

            await page.goto(f"{projection.url}/#token={read_token}")
            assert "token=" not in page.url  # the token leaves the address bar
            await page.select_option("#year", "2019")
            province = await until_cards(page, projection_client)
            assert province["T04"]["actual"] == 0.75 and province["T04"]["status"] == "missed"
            assert await page.locator("article.card").count() == 8
            await page.wait_for_function("document.querySelectorAll('#cards canvas').length >= 8")

            # the T04 grid: two centers, Yichang's second half missed
            yichang = page.locator('#grid tr[data-center="yc-1"] td[data-state]')
            await eventually(lambda: _count(yichang, 12), timeout=20, interval=0.25, message="grid drawn")
            assert await page.locator('#grid tr[data-center="yc-1"] td[data-state="missed"]').count() == 6
            assert await page.locator('#grid tr[data-center="wh-1"] td[data-state="met"]').count() == 12

            # the regions compared: 17 rows, each with the API's T04
            await eventually(lambda: _count(page.locator("#compare tbody tr"), 17), timeout=20, interval=0.25, message="regions drawn")
            wuhan_row = await page.locator('#compare tr[data-region="420100"]').inner_text()
            assert "100.0%" in wuhan_row

            # the indicators: the seed's seven sections, every figure the API gives
            report = (await projection_client.get("/v1/indicators", params={"year": 2019})).json()
            figures = sum(len(m["figures"]) for s in report["sections"] for m in s["measures"])
            await eventually(lambda: _count(page.locator("#indicators details.section"), len(report["sections"])), timeout=20,
                             interval=0.25, message="indicator sections drawn")
            assert len(report["sections"]) == 7
            assert await page.locator("#indicators tr[data-figure]").count() == figures
            await page.screenshot(path=tmp_path / "dashboard-1366x768.png")
            await page.screenshot(path=tmp_path / "dashboard-1366-full.png", full_page=True)

            # a region, then back
            await page.select_option("#region", "420500")
            yc = await until_cards(page, projection_client, region="420500")
            assert yc["T04"]["actual"] == 0.5
            await page.select_option("#region", "420000")
            await until_cards(page, projection_client)

            # English
            await page.click("#lang")
            assert await page.get_attribute("html", "lang") == "en"
            await until_cards(page, projection_client, lang="en")
            assert await page.locator("#h-targets").inner_text() == "The eight targets"
            await page.click("#lang")
            assert await page.get_attribute("html", "lang") == "zh-CN"

            # as_of: the first half of the year, when both centers had served every month
            await page.fill("#as_of", "2019-06-30")
            half = await until_cards(page, projection_client, as_of="2019-06-30")
            assert half["T04"]["actual"] == 1.0 and half["T04"] != province["T04"]

            # known_at: before Yichang's services were recorded, its six months were missed
            await page.fill("#as_of", "")
            await page.fill("#known_at", before_yichang.strftime("%Y-%m-%dT%H:%M:%S"))
            known = await until_cards(page, projection_client, known_at=before_yichang.strftime("%Y-%m-%dT%H:%M:%S"))
            assert known["T04"]["actual"] == 0.5
            await page.click("#reset")
            await until_cards(page, projection_client)

            # a target's contributing records
            await page.locator('article[data-target="T04"] button.more').click()
            await page.wait_for_selector("#detail:not([hidden])")
            detail = (await projection_client.get("/v1/attainment/T04", params={"year": 2019})).json()
            await eventually(lambda: _count(page.locator("#detail-body tr[data-record]"), len(detail["records"])), timeout=20,
                             interval=0.25, message="records listed")
            assert len(detail["records"]) == 18
            assert await page.locator(f'#detail-body tr[data-record="{detail["records"][0]["id"]}"]').count() == 1
            assert "T04" in await page.locator("#h-detail").inner_text()

            # the Excel download
            async with page.expect_download() as downloading:
                await page.click("#download")
            saved = tmp_path / "attainment.xlsx"
            await (await downloading.value).save_as(saved)
            assert saved.read_bytes()[:2] == b"PK"

            # a new service is recorded: the card follows without a reload
            await page.evaluate("window.__same_page = true")
            await service(enforcement_client, "yc-1", "420500", "2019-07-20")
            await eventually(lambda: _t04(projection_client, 19, 24), timeout=60, message="new record projected")
            after = await until_cards(page, projection_client, timeout=30)
            assert await page.locator('article[data-target="T04"] dd.actual').inner_text() == "79.2%" == shown(after["T04"])
            assert await page.evaluate("window.__same_page === true")
            await eventually(lambda: _count(page.locator("#detail-body tr[data-record]"), 19), timeout=20, interval=0.25,
                             message="the open record list follows")

            # a phone
            await page.set_viewport_size({"width": 390, "height": 844})
            await page.wait_for_timeout(500)
            width = await page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"the page scrolls sideways on a phone: {width}px"
            await page.screenshot(path=tmp_path / "dashboard-phone.png")
            await page.screenshot(path=tmp_path / "dashboard-phone-full.png", full_page=True)

            assert not errors, errors
            assert not outside, f"the page loaded from elsewhere: {outside}"
        finally:
            await browser.close()


async def test_the_page_asks_for_a_token_and_without_a_build_says_how_to_make_one(projection, monkeypatch, tmp_path):
    async with httpx.AsyncClient(base_url=projection.url, timeout=30) as client:
        if dashboard.built():
            page = await client.get("/")
            assert page.status_code == 200 and 'src="/dashboard/main.js"' in page.text
            assert "default-src 'self'" in page.headers["content-security-policy"]
            script = await client.get("/dashboard/main.js")
            assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
        assert (await client.get("/dashboard/../app.py")).status_code == 404
        assert (await client.get("/dashboard/%2e%2e/endpoints.py")).status_code == 404
        assert (await client.get("/v1/attainment", params={"year": 2019})).status_code == 401  # the data needs a token

        monkeypatch.setattr(dashboard, "STATIC", tmp_path / "missing")
        page = await client.get("/")
        assert page.status_code == 503
        assert f"dashboard not built: run <code>{dashboard.BUILD_COMMAND}</code>" in page.text
        assert (await client.get("/dashboard/main.js")).status_code == 404


async def _t04(client: httpx.AsyncClient, met: int, due: int) -> bool:
    t04 = (await attainment(client))["T04"]["detail"]
    return (t04.get("center_months_met"), t04.get("center_months_due")) == (met, due)


async def _count(locator, expected: int) -> bool:
    return await locator.count() == expected


def test_the_status_words_cover_every_status():
    from projection.attainment.status import Status

    for words in STATUS_WORDS.values():
        assert {s.value for s in Status} <= set(words)
    assert re.fullmatch(r"\d+\.\d%", shown({"id": "T04", "actual": 0.5}))
