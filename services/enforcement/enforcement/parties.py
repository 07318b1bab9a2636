"""Vocabulary shared by several records of this service."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from kernel.domain.enterprise import USCC
from kernel.domain.text import Name


class RightKind(StrEnum):
    PATENT = "patent"
    TRADEMARK = "trademark"
    GEOGRAPHICAL_INDICATION = "geographical_indication"
    OTHER = "other"


class NamedParty(BaseModel):
    """Someone on the other side, known perhaps only by name: an enterprise with a credit code, or not."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Name
    uscc: USCC | None = Field(default=None, description="Unified Social Credit Code, where the party has one and it is known.")
