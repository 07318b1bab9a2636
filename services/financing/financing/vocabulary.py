"""Words the financing records share: pledged rights, yuan amounts, and example rights for the docs."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictInt, StringConstraints

from kernel.i18n import Bilingual
from kernel.domain.rules import require_distinct
from kernel.domain.vocabulary import LabelledEnum

MAX_YUAN = 10**12  # a trillion yuan: far above any single pledge loan, far below any storage limit

Yuan = Annotated[StrictInt, Field(gt=0, le=MAX_YUAN, description="Whole yuan (CNY), more than zero.")]

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _printable(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("不得含控制字符；must not contain control characters")
    return value


RightNumber = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64),
    AfterValidator(_printable),
    Field(description="The right's official number: patent number, trademark registration number, or copyright registration number.",
          examples=["ZL201810123456.7"]),
]


class RightKind(LabelledEnum):
    PATENT = "patent", "专利", "patent"
    TRADEMARK = "trademark", "商标", "trademark"
    COPYRIGHT = "copyright", "著作权", "copyright"


class PledgedRight(BaseModel):
    """One intellectual-property right: a patent, a registered trademark or a registered copyright."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: RightKind
    number: RightNumber


def require_distinct_rights(field: str, rights: list[PledgedRight]) -> None:
    """The same right may appear only once in one list."""
    require_distinct(field, rights, key=lambda right: (right.kind, right.number.upper()),
                     label=lambda right: Bilingual(f"{RightKind(right.kind).zh} {right.number}", f"{right.kind} {right.number}"), at=".number")


EXAMPLE_RIGHTS = [{"kind": "patent", "number": "ZL201810123456.7"}, {"kind": "trademark", "number": "23456789"}]

# Ids of records this service creates are UUIDs; a path or body naming one is held to a safe shape.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
