"""Business dates: when something happened, in the office's time zone; never in the future.

Dates and moments are read strictly, as ISO 8601 text only: a number (`0`, `0.5`, `-904`) is not read as seconds
since 1970, and a date is not a moment (`2019-01-01T00:00:00` is not a date). A moment without a zone is Beijing
time, the office's.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, BeforeValidator

from kernel.i18n import Bilingual
from kernel.problems import DomainRuleViolated

EARLIEST = date(2000, 1, 1)
OFFICE_ZONE = ZoneInfo("Asia/Shanghai")

_DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_MOMENT_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?", re.ASCII)


def today(zone: ZoneInfo = OFFICE_ZONE) -> date:
    return datetime.now(zone).date()


def _date_text(value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _DATE_TEXT.fullmatch(value):
        return value
    raise ValueError("须为 ISO 8601 日期 YYYY-MM-DD；must be an ISO 8601 date, YYYY-MM-DD")


def _moment_text(value: Any) -> Any:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and _MOMENT_TEXT.fullmatch(value):
        return value
    raise ValueError("须为 ISO 8601 时间，如 2019-06-30T18:00:00+08:00（无时区按北京时间）；"
                     "must be an ISO 8601 moment, e.g. 2019-06-30T18:00:00+08:00 (without a zone, Beijing time)")


def _in_office_zone(value: datetime) -> datetime:
    return value.replace(tzinfo=OFFICE_ZONE) if value.tzinfo is None else value


def _not_too_early(value: date) -> date:
    if value < EARLIEST:
        raise ValueError(f"must be on or after {EARLIEST.isoformat()}")
    return value


# A calendar date written YYYY-MM-DD (a date object from code is taken as it is).
IsoDate = Annotated[date, BeforeValidator(_date_text)]
# A moment in ISO 8601, with or without a zone (without: Beijing time), or a date alone (its midnight); always aware.
IsoDateTime = Annotated[datetime, BeforeValidator(_moment_text), AfterValidator(_in_office_zone)]
BusinessDate = Annotated[IsoDate, AfterValidator(_not_too_early)]


def require_not_future(field: str, value: date, *, on: date | None = None) -> None:
    current = on or today()
    if value > current:
        raise DomainRuleViolated(field, Bilingual(f"{value.isoformat()} 是将来的日期（今天是 {current.isoformat()}）",
                                                  f"{value.isoformat()} is in the future (today is {current.isoformat()})"))
