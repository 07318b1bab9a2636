"""The page's words for the codes are the labels the enums declare (`kernel.domain.vocabulary.LabelledEnum`, the one
source): every value of every labelled enum of the services and the kernel has, in vocabulary.js, the same Chinese
and English; the targets' statuses and the regions' names in i18n.js are the enums' labels too (a region's English
may be shortened there)."""

from __future__ import annotations

import re

from kernel.domain.regions import Region
from kernel.domain.vocabulary import LabelledEnum
from projection.attainment.status import Status
from tests.dashboard.test_vocabulary import VOCABULARY, table
from tests.shared.test_vocabulary_enums import LABELLED

I18N = VOCABULARY.parent / "i18n.js"
SERVICE_ENUMS = {name: cls for name, cls in LABELLED.items()
                 if not name.startswith(("kernel.domain.regions.", "projection."))}


def words_of(language: str) -> dict[str, str]:
    source = I18N.read_text(encoding="utf-8")
    block = re.search(rf"\n  {language}: \{{(.*?)\n  \}},", source, re.S).group(1)
    return dict(re.findall(r'(\w+): "([^"]*)"', block))


def test_every_enum_value_has_the_enum_s_own_words_in_the_page():
    categories = table("CATEGORIES")
    assert len(SERVICE_ENUMS) >= 34, sorted(SERVICE_ENUMS)
    differ = {f"{name}.{m.value}: page {categories.get(m.value)} enum {[m.zh, m.en]}"
              for name, cls in SERVICE_ENUMS.items() for m in cls if categories.get(m.value) != [m.zh, m.en]}
    assert not differ, sorted(differ)


def test_the_statuses_and_regions_of_the_page_are_the_enums_labels():
    zh, en = words_of("zh"), words_of("en")
    assert {s.value: [zh[f"status_{s.value}"], en[f"status_{s.value}"]] for s in Status} == \
           {s.value: [s.zh, s.en] for s in Status}
    named = {code: [z, e] for code, z, e in re.findall(r'\["(\d{6})", "([^"]+)", "([^"]+)"\]', I18N.read_text(encoding="utf-8"))}
    assert {code: z for code, (z, _) in named.items()} == {r.value: r.zh for r in Region}
    # the page may shorten a long English name for its charts ("Enshi"), never change it
    assert all(Region(code).en.startswith(e) for code, (_, e) in named.items())
    assert issubclass(Region, LabelledEnum)
