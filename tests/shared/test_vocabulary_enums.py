"""Every enum of the system is a `LabelledEnum`, declared once with its Chinese and English labels: each member has
a Chinese label an office worker reads (with a Chinese character), an English one, and no label names two
members; the code stays the value, and the OpenAPI schema of each enum lists the labels."""

from __future__ import annotations

import ast
import enum
import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from pydantic import BaseModel, TypeAdapter

from kernel.domain.enterprise import Enterprise, Ownership
from kernel.domain.vocabulary import LabelledEnum

ROOT = Path(__file__).parents[2]
SOURCES = [ROOT / "shared/kernel", *sorted((ROOT / "services").glob("*/*"))]
PACKAGES = ("kernel", "enforcement", "financing", "training", "outreach", "projection")
CJK = re.compile(r"[\u3400-\u9fff]")
ENUM_BASES = {"Enum", "StrEnum", "IntEnum", "Flag", "IntFlag"}


def enum_classes() -> dict[str, type[enum.Enum]]:
    """Every enum class the services and the kernel declare, by importing each of their modules."""
    found: dict[str, type[enum.Enum]] = {}
    for root in PACKAGES:
        package = importlib.import_module(root)
        for info in pkgutil.walk_packages(package.__path__, f"{root}."):
            if info.name.rsplit(".", 1)[-1] in ("__main__",) or ".migrations." in info.name or ".testing" in info.name:
                continue
            module = importlib.import_module(info.name)
            for value in vars(module).values():
                if isinstance(value, type) and issubclass(value, enum.Enum) and value.__module__ == info.name:
                    found[f"{info.name}.{value.__name__}"] = value
    return found


ENUMS = enum_classes()
LABELLED = {name: cls for name, cls in ENUMS.items() if issubclass(cls, LabelledEnum) and cls is not LabelledEnum}


def test_every_enum_class_in_the_sources_is_declared_on_the_base():
    declared = []
    for source in (p for base in SOURCES if base.is_dir() for p in base.rglob("*.py")):
        if ".venv" in source.parts or "node_modules" in source.parts:
            continue
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}
                if bases & ENUM_BASES and node.name != "LabelledEnum":
                    declared.append(f"{source.relative_to(ROOT)}: {node.name}")
    assert not declared, f"enums without labels (declare them on kernel.domain.vocabulary.LabelledEnum): {declared}"
    assert len(LABELLED) >= 36, sorted(LABELLED)
    assert not {n for n, c in ENUMS.items() if not issubclass(c, LabelledEnum)}


@pytest.mark.parametrize("name", sorted(LABELLED))
def test_every_member_has_a_chinese_and_an_english_label_naming_it_alone(name):
    cls = LABELLED[name]
    for member in cls:
        assert isinstance(member.zh, str) and CJK.search(member.zh), (name, member.value, member.zh)
        assert isinstance(member.en, str) and member.en.strip() and not CJK.search(member.en), (name, member.value)
        assert cls.from_text(member.zh) is member and cls.from_text(member.value) is member
        assert cls.from_text(member.en.upper()) is member
    assert len({m.zh for m in cls}) == len(cls) and len({m.en.casefold() for m in cls}) == len(cls), name


def test_the_value_stays_the_code():
    assert Ownership.PRIVATE == "private" and Ownership("private") is Ownership.PRIVATE
    assert Ownership.PRIVATE.zh == "民营" and Ownership.PRIVATE.label == "民营 / private"
    enterprise = Enterprise(uscc="91420100MA4KPN7X2M", name="武汉某某科技有限公司", ownership="private", region="420100")
    assert enterprise.model_dump(mode="json")["ownership"] == "private"
    assert TypeAdapter(Ownership).dump_json(Ownership.STATE_OWNED) == b'"state_owned"'
    assert [m.zh for m in Ownership] == ["民营", "国有", "外资", "集体", "其他"]
    with pytest.raises(ValueError):
        Ownership("民营")  # a label is read as the code only where a person's file is read (CSV import)


def test_each_enum_schema_lists_its_labels():
    class Holder(BaseModel):
        ownership: Ownership
        owners: list[Ownership] = []

    schema = Holder.model_json_schema()["$defs"]["Ownership"]
    assert schema["enum"] == [m.value for m in Ownership]
    assert schema["x-enum-labels"] == {"private": "民营 / private", "state_owned": "国有 / state-owned",
                                       "foreign_invested": "外资 / foreign-invested", "collective": "集体 / collective",
                                       "other": "其他 / other"}
    assert "`private`：民营；private" in schema["description"]


async def test_the_openapi_of_a_service_lists_each_enum_s_labels(start_service, client_for):
    service = await start_service("training")
    document = (await client_for(service).get("/openapi.json")).json()
    schemas = document["components"]["schemas"]
    formats = schemas["TrainingFormat"]
    assert formats["x-enum-labels"]["class"] == "培训班 / class"
    assert "`special_topic`：专题培训；special topic" in formats["description"]
    assert schemas["Ownership"]["x-enum-labels"]["private"] == "民营 / private"
