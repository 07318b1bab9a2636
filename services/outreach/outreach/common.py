"""What every outreach endpoint shares: the command bus dependency, path ids and small schemas (the documented
answers are `kernel.endpoints`, the shared checks `kernel.domain.rules`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path
from pydantic import BaseModel, ConfigDict, StringConstraints

from kernel.commands import CommandBus, command_bus
from kernel.domain.enterprise import Enterprise, Ownership
from kernel.domain.text import Reason, Summary
from kernel.domain.rules import Words, bilingual
from kernel.i18n import Bilingual
from kernel.problems import DomainRuleViolated

Commands = Annotated[CommandBus, Depends(command_bus("outreach"))]
RecordId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]

Label = Annotated[Summary, StringConstraints(max_length=200)]  # an optional short text: a title, an outlet, a host


class Retract(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"reason": "recorded twice by mistake"}]})

    reason: Reason


def require_private(field: str, enterprise: Enterprise, what: Words) -> None:
    """Only a private enterprise counts (`what` names the record in both languages: `("代理机构援助", "agency aid")`)."""
    if not enterprise.is_private:
        said, ownership = bilingual(what), Ownership(enterprise.ownership)
        raise DomainRuleViolated(f"{field}.ownership", Bilingual(f"{said.zh}只面向民营企业，该企业为{ownership.zh}（{ownership.value}）",
                                                                 f"{said.en} is for private enterprises; this one is {ownership.value}"))
