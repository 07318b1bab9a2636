"""Checks every measure's decisions share: a list names each thing once, one date does not come before another,
a record is retracted once and only if it was recorded.

Each raises the problem a single request answers with (`DomainRuleViolated` 422, `NotFound` 404, `Conflict` 409),
with the message the services have always given, so moving a check here changes no answer.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from datetime import date, datetime
from typing import TypeVar

from kernel.problems import Conflict, DomainRuleViolated, NotFound

T = TypeVar("T")


def require_distinct(
    field: str,
    items: Iterable[T],
    *,
    key: Callable[[T], Hashable | None] = lambda item: item,  # type: ignore[assignment,return-value]
    label: Callable[[T], str] = str,
    at: str = "",
) -> None:
    """Each item at most once in a list: the second of two with the same `key` is refused at `field.<index><at>`
    ("<label> is listed twice"). An item whose key is None is not compared (a party without an enterprise)."""
    seen: set[Hashable] = set()
    for index, item in enumerate(items):
        identity = key(item)
        if identity is None:
            continue
        if identity in seen:
            raise DomainRuleViolated(f"{field}.{index}{at}", f"{label(item)} is listed twice")
        seen.add(identity)


def require_on_or_after(
    field: str, value: date | datetime, earlier: date | datetime | None, what: str, *, say_value: bool = True
) -> None:
    """`value` may not come before `earlier` (`what` says what happened then, e.g. "the case opened"); nothing to
    compare when `earlier` is None. The message names the value ("2019-03-01 is before ...") unless `say_value`
    is false ("is before ...", where the field alone is named)."""
    if earlier is not None and value < earlier:  # type: ignore[operator]
        said = f"{value.isoformat()} is before" if say_value else "is before"
        raise DomainRuleViolated(field, f"{said} {what} ({earlier.isoformat()})")


def require_retractable(
    *, recorded: bool, retracted_on: date | None, what: str, identifier: str, called: str | None = None
) -> None:
    """A record is retracted once, and only if it was recorded: 404 naming `what`, else 409 if already retracted
    (the conflict calls it `called`, `what` unless given)."""
    if not recorded:
        raise NotFound(what, identifier)
    if retracted_on is not None:
        raise Conflict(f"{called or what} {identifier} was already retracted on {retracted_on.isoformat()}")
