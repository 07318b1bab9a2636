"""The office's words for the codes: every enum of the system is a `LabelledEnum`, each member declared once with its
code, its Chinese label and its English label:

    class Ownership(LabelledEnum):
        PRIVATE = "private", "民营", "private"

The value stays the code (`Ownership.PRIVATE == "private"`, `Ownership("private")`), so stored events, the API
and the contract are unchanged; the labels are `member.zh` and `member.en`. This is the one source of an enum's
words: the OpenAPI schema of each enum lists them (`x-enum-labels` and its description, so `/docs` shows them), a
CSV import reads a cell holding the label as the code (`kernel.imports.enum_cells`), and the dashboard's word list
(`services/projection/dashboard-ui/src/vocabulary.js`) is checked against them by a test.
"""

from __future__ import annotations

import functools
from enum import StrEnum
from typing import Any

from pydantic import GetJsonSchemaHandler
from pydantic_core import core_schema as cs


class LabelledEnum(StrEnum):
    """A StrEnum whose members carry their Chinese and English labels beside the code."""

    zh: str
    en: str

    def __new__(cls, code: str, zh: str, en: str) -> LabelledEnum:
        member = str.__new__(cls, code)
        member._value_ = code
        member.zh = zh
        member.en = en
        return member

    @property
    def label(self) -> str:
        """"民营 / private": the Chinese label, then the English."""
        return f"{self.zh} / {self.en}"

    @classmethod
    def labels(cls) -> dict[str, str]:
        """code -> "中文 / English", in declaration order."""
        return {member.value: member.label for member in cls}

    @classmethod
    def from_text(cls, text: str) -> LabelledEnum | None:
        """The member a cell's text names: its code, its Chinese label or its English label (English and codes in
        any case, surrounding spaces ignored); None when it names none."""
        return _lookup(cls).get(_key(text))

    @classmethod
    def choices(cls, lang: str = "zh") -> str:
        """The accepted codes with their labels, for a message: "private（民营）、state_owned（国有）…"."""
        if lang == "zh":
            return "、".join(f"{m.value}（{m.zh}）" for m in cls)
        return ", ".join(f"{m.value} ({m.en})" for m in cls)

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: cs.CoreSchema, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        json_schema = handler.resolve_ref_schema(handler(schema))
        json_schema["x-enum-labels"] = cls.labels()
        listed = "\n".join(f"- `{m.value}`：{m.zh}；{m.en}" for m in cls)
        own = (cls.__doc__ or "").strip()
        json_schema["description"] = (f"{own}\n\n" if own else "") + f"取值；Values:\n{listed}"
        return json_schema


def _key(text: str) -> str:
    return text.strip().casefold()


@functools.cache
def _lookup(cls: type[LabelledEnum]) -> dict[str, LabelledEnum]:
    """Every spelling a cell may use, each naming one member (a label naming two members is a declaration error)."""
    found: dict[str, LabelledEnum] = {}
    for member in cls:
        for spelling in {_key(member.value), _key(member.zh), _key(member.en)}:
            if found.setdefault(spelling, member) is not member:
                raise TypeError(f"{cls.__name__}: {spelling!r} names both {found[spelling].name} and {member.name}")
    return found
