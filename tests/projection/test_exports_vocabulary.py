"""The exports and the dashboard use the same words: the exports' tables of units, categories and detail figures
are the page's (vocabulary.js), their statuses the page's status words (i18n.js); the words only the exports use
cover every code they meet and are Chinese."""

from __future__ import annotations

import re
import typing

from projection.attainment.catalogue import CATALOGUE
from projection.attainment.status import Status
from projection.exports import vocabulary
from projection.indicators.catalogue import FIGURES, Aggregation
from tests.dashboard.test_vocabulary import VOCABULARY, table

I18N = VOCABULARY.parent / "i18n.js"


def _page_set(name: str) -> set[str]:
    body = re.search(rf"export const {name} = new Set\(\[(.*?)\]\);", VOCABULARY.read_text(encoding="utf-8"))
    assert body, name
    return set(re.findall(r'"([^"]+)"', body.group(1)))


def _page_statuses() -> dict[str, tuple[str, str]]:
    source = I18N.read_text(encoding="utf-8")
    zh, en = (dict(re.findall(r'status_(\w+): "([^"]*)"', block)) for block in re.split(r"\n  en: \{", source, maxsplit=1))
    return {code: (zh[code], en[code]) for code in zh}


def test_units_categories_and_details_are_the_dashboards_words():
    for name in ("UNITS", "CATEGORIES", "DETAIL"):
        page = {code: tuple(words) for code, words in table(name).items()}
        assert getattr(vocabulary, name) == page, f"{name} differs from {VOCABULARY.name}"
    assert vocabulary.SHARE_DETAILS == _page_set("SHARE_DETAILS")
    assert vocabulary.AMOUNT_DETAILS == _page_set("AMOUNT_DETAILS")


def test_statuses_are_the_pages_and_cover_every_status():
    page = _page_statuses()
    assert vocabulary.NOT_APPLICABLE == page.pop("none")  # no status: the rule does not apply
    assert vocabulary.STATUS == page
    assert set(vocabulary.STATUS) == {s.value for s in Status}


def test_the_exports_own_words_cover_every_code_they_meet_in_chinese():
    assert set(vocabulary.AGGREGATIONS) == set(typing.get_args(Aggregation))
    assert {f.aggregation for f in FIGURES} <= set(vocabulary.AGGREGATIONS)
    assert {t.comparator for t in CATALOGUE.values()} <= set(vocabulary.COMPARATORS)
    assert not set(vocabulary.DETAIL_MORE) & set(vocabulary.DETAIL), "a word the page has is the page's"
    for words in (vocabulary.AGGREGATIONS, vocabulary.COMPARATORS, vocabulary.DETAIL_MORE):
        for code, (zh, en) in words.items():
            assert zh and en and not re.search(r"[A-Za-z]{2,}", zh), code
    assert vocabulary.zh(vocabulary.UNITS, "cny") == "元" and vocabulary.zh(vocabulary.UNITS, "new_unit") == "new_unit"
