"""Business dates: when something happened, in the office's time zone; never in the future."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import AfterValidator

from kernel.problems import DomainRuleViolated

EARLIEST = date(2000, 1, 1)
OFFICE_ZONE = ZoneInfo("Asia/Shanghai")


def today(zone: ZoneInfo = OFFICE_ZONE) -> date:
    return datetime.now(zone).date()


def _not_too_early(value: date) -> date:
    if value < EARLIEST:
        raise ValueError(f"must be on or after {EARLIEST.isoformat()}")
    return value


BusinessDate = Annotated[date, AfterValidator(_not_too_early)]


def require_not_future(field: str, value: date, *, on: date | None = None) -> None:
    current = on or today()
    if value > current:
        raise DomainRuleViolated(field, f"{value.isoformat()} is in the future (today is {current.isoformat()})")
