"""What every outreach endpoint shares: the command bus dependency, path ids, responses and small schemas."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Path
from pydantic import BaseModel, ConfigDict, StringConstraints

from kernel.commands import CommandBus, command_bus
from kernel.domain.dates import require_not_future
from kernel.domain.enterprise import Enterprise, Ownership
from kernel.domain.text import Reason, Summary
from kernel.problems import Conflict, DomainRuleViolated, NotFound

Commands = Annotated[CommandBus, Depends(command_bus("outreach"))]
RecordId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]

Label = Annotated[Summary, StringConstraints(max_length=200)]  # an optional short text: a title, an outlet, a host

WRITE_RESPONSES = {
    409: {"description": "Already recorded in that state, or changed concurrently"},
    422: {"description": "Invalid, or a rule of the measure forbids it"},
}
NOT_FOUND = {404: {"description": "No such record"}}

EXAMPLE_ENTERPRISE = {"uscc": "91420100MA4KPN7X2M", "name": "武汉某某科技有限公司", "ownership": "private", "region": "420100"}


class Retract(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"reason": "recorded twice by mistake"}]})

    reason: Reason


def require_private(field: str, enterprise: Enterprise, what: str) -> None:
    if not enterprise.is_private:
        raise DomainRuleViolated(f"{field}.ownership", f"{what} is for private enterprises; this one is {Ownership(enterprise.ownership).value}")


def require_dated_between(field: str, value: date, *, earliest: date | None, what: str, today: date) -> None:
    """A business date: not in the future, and not before the record it depends on began."""
    require_not_future(field, value, on=today)
    if earliest is not None and value < earliest:
        raise DomainRuleViolated(field, f"is before {what} ({earliest.isoformat()})")


def require_retractable(*, recorded: bool, retracted_on: date | None, what: str, identifier: str) -> None:
    """A record is retracted once, and only if it was recorded."""
    if not recorded:
        raise NotFound(what, identifier)
    if retracted_on is not None:
        raise Conflict(f"{what} {identifier} was already retracted on {retracted_on.isoformat()}")
