"""The page's words for the API's codes cover every code the API can answer: every unit of the 24 measures'
figures, every enum value a category or a record's fact can hold, every fact of a target's records, and every
target's plain-sentence rule and neighbouring figures (which must exist, and give a breakdown where one is shown)."""

from __future__ import annotations

import enum
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

from projection.attainment.catalogue import CATALOGUE
from projection.attainment.yearly_targets import YEARLY
from projection.indicators.catalogue import FIGURES

VOCABULARY = Path(__file__).parents[2] / "services/projection/dashboard-ui/src/vocabulary.js"
SERVICES = ("enforcement", "financing", "training", "outreach", "kernel.domain")
T04_FACTS = {"center_id", "private_enterprises"}  # projection.attainment.t04.records


def table(name: str) -> dict[str, list[str]]:
    """`export const NAME = { code: ["中文", "English"], ... };` as a dict."""
    source = VOCABULARY.read_text(encoding="utf-8")
    body = re.search(rf"export const {name} = \{{(.*?)\n\}};", source, re.S)
    assert body, f"{name} not in {VOCABULARY}"
    entries = re.findall(r'(?:"([^"]+)"|([A-Za-z_][\w]*)):\s*\[\s*"([^"]*)",\s*"([^"]*)"\s*\]', body.group(1))
    return {quoted or bare: [zh, en] for quoted, bare, zh, en in entries}


def domain_enums() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for root in SERVICES:
        package = importlib.import_module(root)
        modules = [root] + [m.name for m in pkgutil.walk_packages(package.__path__, f"{root}.")]
        for name in modules:
            if name.rsplit(".", 1)[-1] in ("app", "cli", "__main__"):
                continue
            module = importlib.import_module(name)
            if name == "kernel.domain.regions":  # named by the page's REGIONS: test_every_region_has_its_names
                continue
            for value in vars(module).values():
                if isinstance(value, type) and issubclass(value, enum.Enum) and value.__module__ == name:
                    found[f"{name}.{value.__name__}"] = {str(e.value) for e in value}
    return found


def test_every_unit_of_the_24_measures_has_its_words():
    units = table("UNITS")
    missing = {f.unit for f in FIGURES} - set(units)
    assert not missing, f"units without words: {sorted(missing)}"
    for unit, (zh, en) in units.items():
        assert unit in ("count", "share") or (zh and en), unit


def test_every_enum_value_of_the_services_has_its_words():
    categories = table("CATEGORIES")
    enums = domain_enums()
    assert len(enums) >= 30, sorted(enums)  # the walk found the services' enums
    missing = {f"{name}: {v}" for name, values in enums.items() for v in values if v not in categories}
    assert not missing, f"codes without words: {sorted(missing)}"
    for code, (zh, en) in categories.items():
        assert zh and en and not re.search(r"[A-Za-z]{2,}", zh.replace("337", "")), code


def test_every_fact_and_detail_of_a_target_has_its_words_and_each_target_is_explained():
    facts = table("FACTS")
    used = set().union(*(y.facts for y in YEARLY.values())) | T04_FACTS
    assert not used - set(facts), sorted(used - set(facts))
    source = VOCABULARY.read_text(encoding="utf-8")
    figures = {f.id: f for f in FIGURES}
    for target_id in CATALOGUE:
        block = re.search(rf"\n  {target_id}: \{{(.*?)\n  \}},", source, re.S)
        assert block, f"{target_id} is not explained"
        rule = re.search(r'rule: \["([^"]+)",\s*"([^"]+)"\]', block.group(1))
        assert rule and re.search(r"[\u4e00-\u9fff]", rule.group(1)) and rule.group(2), target_id
        related = re.findall(r'"(M\d\d\.\w+)"', re.search(r"related: \[(.*?)\]", block.group(1)).group(1))
        assert related and all(r in figures for r in related), (target_id, related)
        category = re.search(r'category: "([^"]+)"', block.group(1))
        if category:
            assert figures[category.group(1)].by_category, (target_id, category.group(1))


@pytest.mark.parametrize("target_id,figure,codes", [
    ("T11", "M11.recognitions", {"national_advantage", "national_demonstration", "provincial_demonstration"}),
    ("T22a", "M22.trainings", {"class", "seminar", "special_topic", "online"}),
])
def test_the_breakdowns_that_explain_a_target_are_the_ones_named(target_id, figure, codes):
    source = VOCABULARY.read_text(encoding="utf-8")
    block = re.search(rf"\n  {target_id}: \{{(.*?)\n  \}},", source, re.S).group(1)
    assert f'category: "{figure}"' in block
    assert codes <= set(table("CATEGORIES"))


def test_every_region_has_its_names():
    from kernel.domain.regions import Region

    source = (VOCABULARY.parent / "i18n.js").read_text(encoding="utf-8")
    named = set(re.findall(r'\["(\d{6})", "[^"]+", "[^"]+"\]', source))
    assert named == {r.value for r in Region}
