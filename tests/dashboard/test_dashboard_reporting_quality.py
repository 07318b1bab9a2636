"""报送与审核 and 数据质量 in the dashboard, in a real browser (Debian's chromium) against a live enforcement service and
projection: a read token sees the period grid without any step; the user gives a token with the reporting and
projection:write scopes and the grid offers them: Wuhan's submitted March is approved in the grid, February
returned with a reason, the province's March refused (its problem shown in Chinese); a late on-site service
dated in the approved March is listed as a restatement and badges the T04 card, whose approved figure a switch
shows; a card gives its year-end outlook; the quality view shows the on-time shares, a center that was not
served and an open flag, which, marked reviewed, leaves. Screenshots go to tmp_path.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from kernel.testing.servers import eventually
from tests.dashboard.test_dashboard import cards_match, needs_chromium, shown
from tests.dashboard.test_dashboard_view import PROPER_NAMES, browser_page  # noqa: F401  (the fixture, reused)
from tests.dashboard.test_vocabulary import VOCABULARY, table
from tests.projection.periods.helpers import caught_up, center, service, state, step

BEIJING = timezone(timedelta(hours=8))
SATURDAY = "2019-01-12"  # an on-site service on a weekend: rule Q06 flags it


@pytest.fixture
async def reporting_year(projection, projection_client, enforcement_client):
    """Wuhan's center served in January (a Saturday) and February, none in March; Yichang's never. Wuhan's
    February and March submitted."""
    await center(enforcement_client, "wh-1", "420100", "2018-12-01")
    await center(enforcement_client, "yc-1", "420500", "2018-12-01")
    weekend = await service(enforcement_client, "wh-1", SATURDAY)
    await service(enforcement_client, "wh-1", "2019-02-20")
    await caught_up(projection_client, enforcement_client)
    await step(projection_client, "420100", "2019-02", "submission")
    await step(projection_client, "420100", "2019-03", "submission")
    return {"weekend": weekend}


def query(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def beijing(moment: str) -> str:
    return datetime.fromisoformat(moment).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


async def use_token(page, token: str) -> None:
    """The user gives another token in the page's token field."""
    if not await page.locator("#token").is_visible():
        await page.click("#token-box summary")
    await page.fill("#token", token)
    await page.click("#token-save")


async def answer_dialog(page, note: str) -> None:
    await page.wait_for_selector("#note-dialog[open]")
    await page.fill("#note-text", note)
    await page.click("#note-ok")
    await page.wait_for_selector("#note-dialog:not([open])", state="attached")


def english_words(text: str, allowed: set[str]) -> set[str]:
    words = {w for w in re.findall(r"[A-Za-z0-9][A-Za-z0-9/_.'-]*", text) if not re.search(r"\d", w) or re.fullmatch(r"[TQ]\d+[ab]?", w)}
    return {w for w in words if w not in allowed and not re.fullmatch(r"[TQ]\d+[ab]?", w)}


@needs_chromium
async def test_periods_are_approved_in_the_grid_and_a_late_record_is_a_restatement_with_a_badge(
    reporting_year, browser_page, projection, projection_client, enforcement_client, auth, tmp_path
):
    page = browser_page
    await page.goto(f"{projection.url}/?year=2019&view=reporting")
    assert await page.get_attribute("body", "data-view") == "reporting"
    march = page.locator('#periods tr[data-region="420100"] td[data-period="2019-03"]')
    await eventually(lambda: _attr(march, "data-state", "submitted"), timeout=30, interval=0.25, message="the grid drawn")
    submitted = await state(projection_client, "420100", "2019-03")
    text = await march.inner_text()
    assert "已报送" in text and "tester" in text and f"{beijing(submitted['submitted_at'])} 北京时间" in text
    assert await page.locator("#periods tbody tr").count() == 18  # the 17 divisions and the province
    assert await page.locator("#periods thead th").count() == 14  # the region, 12 months, the year
    assert await page.locator("#periods button.step").count() == 0  # a read token takes no step
    assert "只读" in await page.locator("#token-line").inner_text()

    # the user gives a token that may submit, approve and review: the grid offers the steps
    await use_token(page, auth(scopes=("read", "reporting:submit", "reporting:approve", "projection:write"))["Authorization"].split()[1])
    approve = march.locator('button[data-step="approval"]')
    await eventually(lambda: _count(approve, 1), timeout=20, interval=0.25, message="the approve button")
    assert await march.locator('button[data-step="return"]').count() == 1
    assert "审核" in await page.locator("#token-line").inner_text()
    await page.screenshot(path=tmp_path / "reporting-before.png", full_page=True)

    await approve.click()
    await eventually(lambda: _attr(march, "data-state", "approved"), timeout=20, interval=0.25, message="March approved")
    approved = await state(projection_client, "420100", "2019-03")
    assert approved["state"] == "approved" and approved["approved_by"] == "tester"
    text = await march.inner_text()
    assert "已审核通过" in text and f"{beijing(approved['approved_at'])} 北京时间" in text
    assert "已审核通过" in await page.locator("#reporting-done").inner_text()
    assert await march.locator('button[data-step="reopening"]').count() == 1

    # February sent back with a reason, asked in the page
    february = page.locator('#periods tr[data-region="420100"] td[data-period="2019-02"]')
    await february.locator('button[data-step="return"]').click()
    await answer_dialog(page, "二月数字待核实")
    await eventually(lambda: _attr(february, "data-state", "returned"), timeout=20, interval=0.25, message="February returned")
    assert "二月数字待核实" in await february.inner_text() and "已退回" in await february.inner_text()
    assert (await state(projection_client, "420100", "2019-02"))["return_reason"] == "二月数字待核实"

    # the province's March before its divisions': refused, the problem in the page in Chinese
    province = page.locator('#periods tr[data-region="420000"] td[data-period="2019-03"]')
    await province.locator('button[data-step="approval"]').click()
    message = page.locator("#reporting-message")
    await eventually(lambda: _text_has(message, "尚未审核通过"), timeout=20, interval=0.25, message="the problem shown")
    assert "黄石市" in await message.inner_text() and await province.get_attribute("data-state") == "open"

    # a late on-site service dated in the approved March: the restatement listed
    late = await service(enforcement_client, "wh-1", "2019-03-20")
    await caught_up(projection_client, enforcement_client)
    record = page.locator(f'#restatements article[data-region="420100"][data-period="2019-03"] tr[data-record="{late}"]')
    await eventually(lambda: _count(record, 1), timeout=30, interval=0.25, message="the restatement listed")
    restatement = (await projection_client.get("/v1/restatements", params={"year": 2019})).json()["restatements"][0]
    [recorded] = restatement["records"]
    row = await record.inner_text()
    assert "新记录" in row and "上门服务" in row and "2019-03-20" in row and beijing(recorded["recorded_at"]) in row and "tester" in row
    targets = await page.locator('#restatements article[data-period="2019-03"] table.restated-targets').inner_text()
    assert "T04" in targets and "66.7%" in targets and "100.0%" in targets
    await page.screenshot(path=tmp_path / "reporting-after.png", full_page=True)

    # the targets of Wuhan: the T04 card says its approved March figure was restated
    await page.click("#tab-targets")
    assert "view" not in query(page.url)
    await page.select_option("#region", "420100")
    current = await _attainment(projection_client, region="420100")
    await eventually(lambda: cards_match(page, current), timeout=30, interval=0.25, message="Wuhan's cards")
    badge = page.locator('article[data-target="T04"] .restated')
    await eventually(lambda: _count(badge, 1), timeout=20, interval=0.25, message="the restated badge")
    assert await badge.get_attribute("data-restated") == "2019-03"
    assert "已更正" in (text := await badge.inner_text()) and "66.7%" in text and "100.0%" in text
    assert await page.locator('article[data-target="T09a"] .restated').count() == 0

    # the approved figures, then the current ones again: each a step in the address
    await page.select_option("#vintage", "approved")
    await eventually(lambda: query(page.url).get("vintage") == "approved", timeout=10, interval=0.1, message="vintage in the URL")
    assert query(page.url)["as_of"] == "2019-03-31"  # the latest approved period's last day
    vintage = await _attainment(projection_client, region="420100", as_of="2019-03-31", vintage="approved")
    assert vintage["T04"]["actual"] == round(2 / 3, 4)
    await eventually(lambda: cards_match(page, vintage), timeout=30, interval=0.25, message="the approved cards")
    line = await page.locator("#vintage-line").inner_text()
    assert "审核通过" in line and f"{beijing(approved['approved_at'])} 北京时间" in line
    await page.locator("#cards").screenshot(path=tmp_path / "cards-approved.png")
    await page.select_option("#vintage", "")
    now = await _attainment(projection_client, region="420100", as_of="2019-03-31")
    await eventually(lambda: cards_match(page, now), timeout=30, interval=0.25, message="the current cards")
    assert await page.locator('article[data-target="T04"] dd.actual').inner_text() == shown(now["T04"]) == "100.0%"
    await page.go_back()
    await eventually(lambda: _value(page, "#vintage", "approved"), timeout=10, interval=0.1, message="back: approved")
    await eventually(lambda: cards_match(page, vintage), timeout=30, interval=0.25, message="back: the approved cards")


@needs_chromium
async def test_the_quality_view_shows_what_is_missing_and_a_flag_marked_reviewed_leaves(
    reporting_year, browser_page, projection, projection_client, auth, tmp_path
):
    page = browser_page
    flag_id = f"Q06:{reporting_year['weekend']}"
    await use_token(page, auth(scopes=("read", "projection:write"))["Authorization"].split()[1])

    # the outlook on the cards, as /v1/attainment gives it
    await page.goto(f"{projection.url}/?year=2019&as_of=2019-06-30")
    report = await _attainment(projection_client, as_of="2019-06-30")
    await eventually(lambda: cards_match(page, report), timeout=30, interval=0.25, message="the cards")
    t22a = report["T22a"]["detail"]["outlook"]
    line = await page.locator('article[data-target="T22a"] .outlook').inner_text()
    assert f"按目前进度年底预计 {t22a['expected']:g} 期" in line and f"还需 {t22a['needed_per_month']:g} 期/月" in line, line
    t04 = report["T04"]["detail"]["outlook"]
    lost = t04.get("months_lost_count", len(t04.get("months_lost") or []))
    assert lost > 0 and f"已错过 {lost} 个中心·月" in await page.locator('article[data-target="T04"] .outlook').inner_text()
    await page.locator("#cards").screenshot(path=tmp_path / "cards-outlook.png")
    await page.click("#lang")
    english = page.locator('article[data-target="T22a"] .outlook')
    await eventually(lambda: _text_has(english, "on the present pace"), timeout=20, interval=0.25, message="the outlook in English")
    assert "more a month needed" in await english.inner_text()
    await page.click("#lang")
    await eventually(lambda: _text_has(english, "按目前进度"), timeout=20, interval=0.25, message="the outlook in Chinese")

    # the quality view: the on-time shares, the missing center, the open flags
    await page.click("#tab-quality")
    assert query(page.url)["view"] == "quality"
    completeness = (await projection_client.get("/v1/completeness", params={"year": 2019, "as_of": "2019-06-30"})).json()
    january = page.locator('#heatmap tr[data-region="420100"] td[data-month="2019-01"]')
    await eventually(lambda: _attr(january, "data-share", None, present=True), timeout=30, interval=0.25, message="the heatmap")
    months = [m for m in completeness["months"] if m["region"] == "420100" and m["month"] == "2019-01"]
    share = sum(m["on_time"] for m in months) / sum(m["records"] for m in months)
    assert float(await january.get_attribute("data-share")) == pytest.approx(share, abs=1e-4)
    assert await january.inner_text() == f"{round(share * 100)}%"  # recorded years late: 0%
    assert await page.locator('#heatmap tr[data-region="420500"] td[data-month="2019-01"]').get_attribute("class") == "heat-none"
    assert await page.locator("#heatmap tbody tr").count() == 17

    yichang = page.locator('#missing table.missing-centers tr[data-center="yc-1"]')
    missed = [c for c in completeness["missing"]["unserved_centers"] if c["center_id"] == "yc-1"]
    assert len(missed) == 6  # January to June
    await eventually(lambda: _count(yichang, len(missed)), timeout=20, interval=0.25, message="the missing center")
    assert "yc-1 维权援助中心" in await yichang.first.inner_text() and "未服务" in await yichang.first.inner_text()
    assert "宜昌市" in await yichang.first.inner_text()

    flags = (await projection_client.get("/v1/quality/flags", params={"year": 2019, "as_of": "2019-06-30"})).json()["flags"]
    assert flag_id in {f["id"] for f in flags}
    figures = table("FLAG_FIGURES")
    assert not {k for f in flags for k in (*f["values"], *f["threshold"])} - set(figures)  # every figure has its words
    row = page.locator(f'#flags tr[data-flag="{flag_id}"]')
    await eventually(lambda: _count(row, 1), timeout=20, interval=0.25, message="the open flag")
    text = await row.inner_text()
    assert "上门服务日期为周末" in text and SATURDAY in text and "星期六" in text and "武汉市" in text
    assert await page.locator("#flags tbody tr").count() == len(flags)
    await page.screenshot(path=tmp_path / "quality.png", full_page=True)
    body = await page.evaluate("document.body.innerText")
    english = english_words(body, PROPER_NAMES | {"tester", "z"})
    assert not english, f"English on the Chinese page: {sorted(english)}"

    # marked reviewed, with a note: it leaves the open flags
    await row.locator("button.step-review").click()
    await page.click("#note-ok")  # an empty note is not sent
    assert "请填写说明" in await page.locator("#note-error").inner_text()
    await answer_dialog(page, "核实无误：周六的上门服务")
    await eventually(lambda: _count(row, 0), timeout=20, interval=0.25, message="the reviewed flag left")
    assert await page.locator("#flags tbody tr").count() == len(flags) - 1
    assert "Q06" in await page.locator("#flags-done").inner_text()
    [reviewed] = (await projection_client.get("/v1/quality/flags", params={"year": 2019, "rule": "Q06", "status": "reviewed"})).json()["flags"]
    assert reviewed["id"] == flag_id and reviewed["review"]["note"] == "核实无误：周六的上门服务"


def test_the_pages_words_for_periods_scopes_records_and_flags_are_the_servers():
    """The period states in Chinese are the server's (STATE_ZH); every scope, every kind of record a restatement or a
    flag names, and every threshold of a rule has its words."""
    from kernel.auth import ALL_SCOPES
    from projection.periods import domain
    from projection.periods.record_actors import TARGET_RECORDS
    from projection.quality.rules import RULES

    states = table("PERIOD_STATES")
    assert {code: zh for code, (zh, _) in states.items()} == domain.STATE_ZH
    assert all(en for _, en in states.values())
    assert set(ALL_SCOPES) <= set(table("SCOPES"))
    kinds = set(table("RECORD_KINDS"))
    assert {spec[1] for spec in TARGET_RECORDS.values()} <= kinds
    assert {r.record_kind for r in RULES.values()} - {"activity"} <= kinds  # Q07's records are named by their measure
    figures = set(table("FLAG_FIGURES"))
    assert {k for r in RULES.values() for k in (*r.threshold, *r.settings)} <= figures
    units = table("OUTLOOK_UNITS")
    assert set(units) == {"T09a", "T09b", "T11", "T19", "T20", "T22a", "T22b"} and all(zh for zh, _ in units.values())
    assert Path(VOCABULARY).exists()


async def _attainment(client, **params) -> dict:
    response = await client.get("/v1/attainment", params={"year": 2019, **params})
    assert response.status_code == 200, response.text
    return {t["id"]: t for t in response.json()["targets"]}


async def _count(locator, expected: int) -> bool:
    return await locator.count() == expected


async def _attr(locator, name: str, value, present: bool = False) -> bool:
    if await locator.count() == 0:
        return False
    got = await locator.first.get_attribute(name)
    return got is not None if present else got == value


async def _text_has(locator, fragment: str) -> bool:
    return await locator.count() > 0 and fragment in await locator.first.inner_text()


async def _value(page, selector: str, value: str) -> bool:
    return await page.input_value(selector) == value
