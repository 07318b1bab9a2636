"""The enterprise object every record about an enterprise carries, with the GB 32100-2015 code check."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from kernel.domain.regions import Region
from kernel.domain.text import Name

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))


def uscc_check_character(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> str | None:
    """Why `code` is not a valid Unified Social Credit Code, or None when it is."""
    if len(code) != 18:
        return f"must be 18 characters, got {len(code)}"
    bad = sorted({c for c in code if c not in USCC_ALPHABET})
    if bad:
        return f"characters {''.join(bad)!r} are not used in credit codes (allowed: digits and {USCC_ALPHABET[10:]})"
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        return f"check character is {code[17]!r} but the first 17 characters give {expected!r}"
    return None


def _validate_uscc(code: str) -> str:
    problem = uscc_problem(code)
    if problem:
        raise ValueError(f"not a valid unified social credit code: {problem}")
    return code


def _normalise(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


USCC = Annotated[
    str,
    BeforeValidator(_normalise),
    Field(min_length=1, max_length=40, examples=["91420100MA4KPN7X2M"]),
    AfterValidator(_validate_uscc),
]


class Ownership(StrEnum):
    PRIVATE = "private"
    STATE_OWNED = "state_owned"
    FOREIGN_INVESTED = "foreign_invested"
    COLLECTIVE = "collective"
    OTHER = "other"


class Enterprise(BaseModel):
    """An enterprise as known at the time of the record: its ownership then decides whether it counts as private."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    uscc: USCC = Field(description="Unified Social Credit Code (GB 32100-2015), check character verified.")
    name: Name = Field(description="Registered name.", examples=["武汉某某科技有限公司"])
    ownership: Ownership
    region: Region = Field(description="GB/T 2260 code of the division the enterprise is registered in.")

    @property
    def is_private(self) -> bool:
        return self.ownership == Ownership.PRIVATE
