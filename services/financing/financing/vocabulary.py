"""Words the financing records share: pledged rights, yuan amounts, and an example enterprise for the docs."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictInt, StringConstraints

from kernel.domain.vocabulary import LabelledEnum
from kernel.problems import DomainRuleViolated

MAX_YUAN = 10**12  # a trillion yuan: far above any single pledge loan, far below any storage limit

Yuan = Annotated[StrictInt, Field(gt=0, le=MAX_YUAN, description="Whole yuan (CNY), more than zero.")]

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _printable(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters")
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
    seen: set[tuple[str, str]] = set()
    for index, right in enumerate(rights):
        key = (right.kind, right.number.upper())
        if key in seen:
            raise DomainRuleViolated(f"{field}.{index}.number", f"{right.kind} {right.number} is listed twice")
        seen.add(key)


EXAMPLE_ENTERPRISE = {"uscc": "91440101MA5CJQ4N59", "name": "武汉某某科技有限公司", "ownership": "private", "region": "420100"}
EXAMPLE_RIGHTS = [{"kind": "patent", "number": "ZL201810123456.7"}, {"kind": "trademark", "number": "23456789"}]

# Ids of records this service creates are UUIDs; a path or body naming one is held to a safe shape.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
