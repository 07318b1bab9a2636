"""The dashboard as the office uses it, in a real browser with every request to elsewhere aborted: a shared link
restores the view, back and forward walk it, a past moment is said and not refreshed, T09b's records read as
columns (names, ownership in Chinese, yuan, Beijing times), the Chinese page has no English word but proper names,
and printing gives an A4 report without controls and with the whole region chart. Screenshots and the printed
pages go to tmp_path.
"""

from __future__ import annotations

import asyncio
import io
import re
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from kernel.testing.servers import eventually
from projection.dashboard import endpoints as dashboard
from tests.dashboard.test_dashboard import ARGS, CHROMIUM, cards_match, needs_chromium
from tests.projection.oracle_targets import Events

BEIJING = timezone(timedelta(hours=8))
FIRMS = {  # uscc -> name, ownership, amount
    "91440101MA5CJQ4N59": ("武汉甲科技有限公司", "private", 2_890_000),
    "91110000600037341L": ("湖北乙国有投资集团有限公司", "state_owned", 1_500_000),
    "91350200776049653A": ("襄阳丙精密制造有限公司", "foreign_invested", 800_000),
}
OWNERSHIP_ZH = {"private": "民营", "state_owned": "国有", "foreign_invested": "外资"}
REGION_NAMES = ["武汉市", "黄石市", "十堰市", "宜昌市", "襄阳市", "鄂州市", "荆门市", "孝感市", "荆州市", "黄冈市", "咸宁市", "随州市",
                "恩施土家族苗族自治州", "仙桃市", "潜江市", "天门市", "神农架林区"]
# the ASCII words a Chinese page may show: target ids, the names of a language, a file format, a partner
PROPER_NAMES = {"T04", "T09a", "T09b", "T11", "T19", "T20", "T22a", "T22b", "English", "Excel", "WIPO", "GB/T"}
CONTROLS = ["复制链接", "恢复默认", "访问令牌", "下载 Excel", "English", "使用此令牌"]


@pytest.fixture
async def year_2019(projection, projection_client, enforcement_client):
    """Pledge projects of three named enterprises, recognitions at every level, trainings of several formats,
    a center's on-site services: applied to the projection (the enforcement ones through the service)."""
    events = Events()
    for day, (uscc, (name, ownership, amount)) in zip(("2019-03-01", "2019-04-02", "2019-05-03"), FIRMS.items()):
        events.project(day, firm=(uscc, ownership), amount_cny=amount)
        events.items[-1]["data"]["enterprise"]["name"] = name
    events.recognition("2019-05-01", firm=("91350203M0001QAY9B", "private"), level="national_advantage")
    events.recognition("2019-05-02", firm=("91420100MA4KPN7X2M", "private"), level="provincial_demonstration")
    events.recognition("2018-05-01", firm=("91420100MA4KPN7X2M", "state_owned"), level="national_demonstration")
    events.training("2019-04-10", format="class", person_times=40)
    events.training("2019-04-20", format="seminar", person_times=60)
    events.visit("2019-06-01", examiners=2, attorneys=3)
    events.briefing("2019-06-05")
    events.matchmaking("2019-06-06")
    await projection.app.state.projector.apply(events.received(), path="test")
    center = {"center_id": "wh-1", "name": "武汉市知识产权维权援助中心", "region": "420100", "registered_on": "2018-12-01"}
    assert (await enforcement_client.post("/v1/assistance-centers", json=center)).status_code == 201
    for month in (1, 2, 3):
        body = {"center_id": "wh-1", "occurred_on": f"2019-{month:02d}-15", "summary": "上门服务",
                "enterprises": [{"uscc": "91440101MA5CJQ4N59", "name": "武汉甲科技有限公司", "ownership": "private", "region": "420100"}]}
        assert (await enforcement_client.post("/v1/onsite-services", json=body)).status_code == 201

    async def projected():
        t04 = (await projection_client.get("/v1/attainment/T04", params={"year": 2019})).json()
        return len(t04["records"]) == 3

    await eventually(projected, timeout=60, message="the services reached the projection")


@pytest.fixture
async def browser_page(projection, auth):
    from playwright.async_api import async_playwright

    assert dashboard.built(), f"dashboard not built: run {dashboard.BUILD_COMMAND}"
    token = auth(scopes=("read",))["Authorization"].removeprefix("Bearer ")
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            # a browser in another zone and locale: the page still speaks Beijing time and 年-月-日
            context = await browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-US", timezone_id="America/New_York")
            outside: list[str] = []

            async def only_here(route):
                if route.request.url.startswith(projection.url):
                    await route.continue_()
                else:
                    outside.append(route.request.url)
                    await route.abort()

            await context.route("**/*", only_here)
            page = await context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            await page.goto(f"{projection.url}/#token={token}")  # the token, kept for the session
            yield page
            assert not errors, errors
            assert not [u for u in outside if not u.startswith(("blob:", "data:"))], outside
        finally:
            await browser.close()


async def attainment(client, **params) -> dict:
    response = await client.get("/v1/attainment", params={"year": 2019, **params})
    assert response.status_code == 200, response.text
    return {t["id"]: t for t in response.json()["targets"]}


def query(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


@needs_chromium
async def test_a_shared_link_restores_the_view_and_back_and_forward_walk_it(year_2019, browser_page, projection, projection_client):
    page = browser_page
    past = "2019-06-30T16:00:00Z"  # another offset: the picker shows it in Beijing time
    link = f"{projection.url}/?year=2019&region=420100&as_of=2019-06-30&known_at={past}&target=T09b&chart=T20&lang=en"
    await page.goto(link)
    assert "token" not in page.url
    await page.wait_for_selector("#detail:not([hidden])")
    assert await page.input_value("#year") == "2019"
    assert await page.input_value("#region") == "420100"
    assert await page.input_value("#as_of") == "2019-06-30"
    assert await page.input_value("#known_at") == "2019-07-01 00:00:00"
    assert await page.get_attribute("html", "lang") == "en"
    expected = await attainment(projection_client, region="420100", as_of="2019-06-30", known_at=past)
    await eventually(lambda: cards_match(page, expected, "en"), timeout=30, interval=0.25, message="cards of the shared view")
    await eventually(lambda: _text_has(page, "#h-detail", "T09b"), timeout=20, interval=0.25, message="T09b open")
    await eventually(lambda: _value(page, "#compare-target", "T20"), timeout=20, interval=0.25, message="chart of T20")
    assert await page.get_attribute("#compare-chart", "data-target") == "T20"

    # a past moment: said on the page, and not refreshed
    moment = await page.locator("#moment").inner_text()
    assert "past moment" in moment and "2019-07-01 00:00:00 Beijing time" in moment
    assert "paused" in await page.locator("#live").inner_text()
    reads: list[str] = []
    page.on("request", lambda r: reads.append(r.url) if "/v1/attainment?" in r.url or r.url.endswith("/v1/status") else None)
    await page.wait_for_timeout(9000)  # two polling periods
    assert reads == [], f"a past moment was refreshed: {reads}"

    # the copied link is this view's, without the token
    await page.click("#copy-link")
    shared = await page.locator("#share-link").inner_text()
    assert shared == page.url and "token" not in shared
    assert query(shared) == {"year": "2019", "region": "420100", "as_of": "2019-06-30", "known_at": "2019-07-01T00:00:00+08:00",
                             "target": "T09b", "chart": "T20", "lang": "en"}

    # changes are history entries: a region, Chinese, back to now (live again); back and forward walk them
    await page.select_option("#region", "420500")
    await eventually(lambda: query(page.url).get("region") == "420500", timeout=10, interval=0.1, message="region in the URL")
    await page.click("#lang")
    await eventually(lambda: query(page.url).get("lang") == "zh", timeout=10, interval=0.1, message="language in the URL")
    await page.click("#reset")
    await eventually(lambda: "known_at" not in query(page.url) and "as_of" not in query(page.url), timeout=10, interval=0.1,
                     message="now in the URL")
    await eventually(lambda: _text_has(page, "#live", "自动刷新中"), timeout=20, interval=0.25, message="live again")
    assert await page.locator("#moment").is_hidden()
    await page.go_back()
    await eventually(lambda: _value(page, "#known_at", "2019-07-01 00:00:00"), timeout=10, interval=0.1, message="back: known_at")
    await page.go_back()
    await eventually(lambda: _attr(page, "html", "lang", "en"), timeout=10, interval=0.1, message="back: English")
    assert await page.input_value("#region") == "420500"
    await page.go_back()
    await eventually(lambda: _value(page, "#region", "420100"), timeout=10, interval=0.1, message="back: Wuhan")
    await eventually(lambda: cards_match(page, expected, "en"), timeout=30, interval=0.25, message="cards after back")
    await page.go_forward()
    await eventually(lambda: _value(page, "#region", "420500"), timeout=10, interval=0.1, message="forward: Xiangyang")

    # closing the target is a step too
    await page.click("#detail-close")
    assert "target" not in query(page.url)
    await page.go_back()
    await page.wait_for_selector("#detail:not([hidden])")

    # a moment without an offset is Beijing time, as the API reads it, though this browser is in New York
    await page.goto(f"{projection.url}/?year=2019&known_at=2019-07-01T08:00:00")
    await eventually(lambda: _value(page, "#known_at", "2019-07-01 08:00:00"), timeout=10, interval=0.1, message="Beijing time")
    assert query(page.url)["known_at"] == "2019-07-01T08:00:00+08:00"


@needs_chromium
async def test_t09b_records_read_as_columns_and_the_chinese_page_has_no_english_word(year_2019, browser_page, projection, projection_client, tmp_path):
    page = browser_page
    await page.goto(f"{projection.url}/?year=2019&target=T09b")
    expected = await attainment(projection_client)
    await eventually(lambda: cards_match(page, expected, "zh"), timeout=30, interval=0.25, message="cards")
    detail = (await projection_client.get("/v1/attainment/T09b", params={"year": 2019})).json()
    rows = page.locator("#detail-body table.records tbody tr")
    await eventually(lambda: _count(rows, 3), timeout=20, interval=0.25, message="T09b's records")
    for record in detail["records"]:
        name, ownership, amount = FIRMS[record["facts"]["uscc"]]
        row = page.locator(f'#detail-body tr[data-record="{record["id"]}"]')
        await eventually(lambda: _text_has(page, f'#detail-body tr[data-record="{record["id"]}"] td.firm', name), timeout=20,
                         interval=0.25, message=f"the name of {record['facts']['uscc']}")
        text = await row.inner_text()
        assert OWNERSHIP_ZH[ownership] in text and f"{amount:,}" in text and record["date"] in text
        shown = datetime.fromisoformat(record["recorded_at"]).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")
        assert shown in text  # recorded_at in Beijing time, whatever offset the API gave
        assert record["id"] not in text and record["facts"]["uscc"] not in text  # behind the toggle
    headers = await page.locator("#detail-body table.records thead").inner_text()
    assert "企业名称" in headers and "所有制" in headers and "金额（元）" in headers and "北京时间" in headers

    # explain each figure: the rule in a sentence, the breakdowns beside the neighbouring indicators
    assert "民营企业项目超过一半" in await page.locator("#detail-body .rule-text").inner_text()
    t11 = await page.locator('article[data-target="T11"] .breakdown').inner_text()
    assert "获认定企业数 2" in t11 and "国家知识产权优势企业 1" in t11 and "省级知识产权示范企业 1" in t11
    t22a = await page.locator('article[data-target="T22a"] .breakdown').inner_text()
    assert "培训班 1" in t22a and "研讨会 1" in t22a
    assert await page.locator("#detail-body table.by-month tbody tr").count() >= 2
    assert await page.locator("#detail-body table.by-region tbody tr").count() == 17
    await eventually(lambda: _count(page.locator("#indicators tr[data-figure]"), 1, at_least=True), timeout=20, interval=0.25,
                     message="indicators drawn")
    await eventually(lambda: _count(page.locator('#grid tr[data-center="wh-1"] td[data-state="met"]'), 3), timeout=20,
                     interval=0.25, message="grid drawn")
    await eventually(lambda: _count(page.locator("#compare tbody tr"), 17), timeout=20, interval=0.25, message="regions drawn")
    for section in await page.locator("#indicators details.section").all():
        await section.evaluate("d => d.open = true")
    await page.click('#detail-body tr[data-record] td.ids summary')  # an id shown on demand
    await page.screenshot(path=tmp_path / "dashboard-zh-full.png", full_page=True)
    await page.click('#detail-body tr[data-record] td.ids summary')

    text = await page.evaluate("document.body.innerText")
    words = {w for w in re.findall(r"[A-Za-z0-9][A-Za-z0-9/_.'-]*", text) if not re.search(r"\d", w) or re.fullmatch(r"T\d+[ab]?", w)}
    english = {w for w in words if w not in PROPER_NAMES and not re.fullmatch(r"T\d+[ab]?", w)}
    assert not english, f"English on the Chinese page: {sorted(english)}"
    assert "2,890,000" in text and "北京时间" in text


@needs_chromium
async def test_printing_gives_an_a4_report_without_controls_and_with_the_whole_region_chart(year_2019, browser_page, projection, tmp_path):
    from pypdf import PdfReader

    page = browser_page
    await page.goto(f"{projection.url}/?year=2019&as_of=2019-06-30&chart=T04")
    await eventually(lambda: _count(page.locator("#compare tbody tr"), 17), timeout=30, interval=0.25, message="regions drawn")
    await page.wait_for_function("document.querySelectorAll('#cards canvas').length >= 8 && document.querySelector('#compare-chart canvas')")
    await page.set_viewport_size({"width": 718, "height": 1000})  # A4's width less the margins, at 96 dpi
    await page.emulate_media(media="print")
    await page.wait_for_timeout(500)
    box = await page.evaluate("""() => {
        const c = document.querySelector('#compare-chart canvas').getBoundingClientRect();
        const s = document.querySelector('#compare-chart').closest('section').getBoundingClientRect();
        return {left: c.left, right: c.right, width: c.width, height: c.height, section: s.right,
                page: document.documentElement.clientWidth, controls: getComputedStyle(document.querySelector('#controls')).display};
    }""")
    assert box["controls"] == "none"
    assert box["left"] >= 0 and box["right"] <= box["page"] + 0.5 and box["width"] >= 0.9 * box["page"] - 40, box
    pdf = await page.pdf(format="A4", print_background=True)
    (tmp_path / "report.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    assert 1 <= len(reader.pages) <= 6, len(reader.pages)
    for p in reader.pages:  # A4 portrait, in points
        assert abs(float(p.mediabox.width) - 595.3) < 2 and abs(float(p.mediabox.height) - 841.9) < 2
    pages = [p.extract_text() for p in reader.pages]
    text = "\n".join(pages)
    flat = re.sub(r"\s+", "", text)
    for expected in ("知识产权支持民营企业目标达成", "2019年", "湖北省（全省）", "截至2019-06-30", "数据时点", "北京时间",
                     "维权援助中心每月上门服务（T04）", "各地区对比", *REGION_NAMES,
                     "T04", "T09a", "T09b", "T11", "T19", "T20", "T22a", "T22b"):
        assert expected in flat, f"{expected} missing from the printed report"
    for control in CONTROLS:
        assert re.sub(r"\s+", "", control) not in flat, f"a control printed: {control}"
    # the region chart: one image on the page of its heading, as wide against its height as the whole canvas
    chart_page = next(i for i, p in enumerate(pages) if "各地区对比" in re.sub(r"\s+", "", p))
    images = [_image_size(x) for i in (chart_page, chart_page + 1) if i < len(pages) for x in _images(reader.pages[i])]
    ratio = box["width"] / box["height"]
    assert any(abs(w / h - ratio) / ratio < 0.08 for w, h in images), (images, ratio)
    if shutil.which("pdftoppm"):  # the pages as pictures, to look at
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(tmp_path / "report.pdf"), str(tmp_path / "report")], check=True)


def _images(pdf_page):
    xobjects = pdf_page.get("/Resources", {}).get("/XObject", {}) or {}
    out = []
    for ref in xobjects.values():
        obj = ref.get_object()
        if obj.get("/Subtype") == "/Image":
            out.append(obj)
        elif obj.get("/Subtype") == "/Form":
            out.extend(_images(obj))
    return out


def _image_size(image) -> tuple[int, int]:
    return int(image["/Width"]), int(image["/Height"])


async def _count(locator, expected: int, at_least: bool = False) -> bool:
    n = await locator.count()
    return n >= expected if at_least else n == expected


async def _text_has(page, selector: str, fragment: str) -> bool:
    locator = page.locator(selector)
    return await locator.count() > 0 and fragment in await locator.first.inner_text()


async def _value(page, selector: str, value: str) -> bool:
    return await page.input_value(selector) == value


async def _attr(page, selector: str, name: str, value: str) -> bool:
    return await page.get_attribute(selector, name) == value
