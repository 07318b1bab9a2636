"""Free-text fields: trimmed, bounded, and free of control characters (they are stored as text, never run).

A name must also show something: at least one letter, digit, punctuation mark or symbol (not only spaces or
zero-width characters), and hold no bidirectional control (an override makes a name read differently from
what it is). Those two rules are for new input: an event recorded before them still loads as it was stored
(`AS_RECORDED`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints, ValidationInfo

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
AS_RECORDED = {"as_recorded": True}  # the validation context of stored events: the rules for new names are not applied again


def _no_control_characters(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return value


def _visible(character: str) -> bool:
    return unicodedata.category(character)[0] in "LNPS"


def _a_name(value: str, info: ValidationInfo) -> str:
    _no_control_characters(value)
    if info.context and info.context.get("as_recorded"):
        return value
    bidi = next((c for c in value if c in BIDI_CONTROLS), None)
    if bidi is not None:
        raise ValueError(f"不得含双向控制字符 U+{ord(bidi):04X}；must not contain the bidirectional control U+{ord(bidi):04X}")
    if not any(_visible(c) for c in value):
        raise ValueError("须含可见字符（不能只有空白或零宽字符）；must contain a visible character (not only spaces or zero-width characters)")
    return value


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), AfterValidator(_a_name)]
Reason = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000), AfterValidator(_no_control_characters)
]
Summary = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=4000), AfterValidator(_no_control_characters)
]
Identifier = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$"),
    Field(description="Letters, digits, dot, underscore and hyphen; chosen by the recording system."),
]
