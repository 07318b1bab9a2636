"""Vocabulary shared by several records of this service."""

from __future__ import annotations


from pydantic import BaseModel, ConfigDict, Field

from kernel.domain.enterprise import USCC
from kernel.domain.text import Name
from kernel.domain.vocabulary import LabelledEnum


class RightKind(LabelledEnum):
    PATENT = "patent", "专利", "patent"
    TRADEMARK = "trademark", "商标", "trademark"
    GEOGRAPHICAL_INDICATION = "geographical_indication", "地理标志", "geographical indication"
    OTHER = "other", "其他", "other"


class NamedParty(BaseModel):
    """Someone on the other side, known perhaps only by name: an enterprise with a credit code, or not."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Name
    uscc: USCC | None = Field(default=None, description="Unified Social Credit Code, where the party has one and it is known.")
