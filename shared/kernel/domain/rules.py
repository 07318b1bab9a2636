"""Checks every measure's decisions share: a list names each thing once, one date does not come before another,
a record is retracted once and only if it was recorded.

Each raises the problem a single request answers with (`DomainRuleViolated` 422, `NotFound` 404, `Conflict` 409),
its message in Chinese with the English the services have always given beside it (`kernel.i18n.Bilingual`). What a
caller names in a message (what happened on the earlier date, a list item's label, a record kind) comes in both
languages too: a `Bilingual`, a `(zh, en)` pair or a text written "中文；English"; a record kind may be its English
name alone, translated through `RECORD_KINDS_ZH`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from datetime import date, datetime
from typing import TypeVar

from kernel.i18n import RECORD_KINDS_ZH, Bilingual
from kernel.problems import Conflict, DomainRuleViolated, NotFound, Problem

T = TypeVar("T")

Words = Bilingual | tuple[str, str] | str
"""A phrase a caller passes in both languages: `Bilingual(zh, en)`, `(zh, en)` or "中文；English"."""


def bilingual(words: Words) -> Bilingual:
    """`words` in both languages; a text without its Chinese is refused (TypeError), so no answer is English twice."""
    if isinstance(words, Bilingual):
        return words
    if isinstance(words, tuple):
        zh, en = words
        return Bilingual(zh, en)
    text = Bilingual.of(words)
    if text.zh == text.en:
        raise TypeError(f"{words!r} needs its Chinese: pass Bilingual(zh, en), (zh, en) or \"中文；English\"")
    return text


def _label(value: object) -> Bilingual:
    # a list item's label: usually a value the same in both languages (a code, a name); a Bilingual when it is words
    return value if isinstance(value, Bilingual) else Bilingual(str(value), str(value))


class _NotFoundNamed(NotFound):
    """`NotFound` for a kind of record named in both languages by the caller (not one of `RECORD_KINDS_ZH`)."""

    def __init__(self, what: Bilingual, identifier: str) -> None:
        Problem.__init__(self, 404, "not-found", Bilingual(f"没有记录{what.zh} {identifier!r}", f"{what.en} {identifier!r} is not recorded"))


def not_found(what: str | Bilingual, identifier: str) -> NotFound:
    """The 404 for a record never recorded: `what` a record kind of `RECORD_KINDS_ZH` (in English) or a `Bilingual`."""
    return _NotFoundNamed(what, identifier) if isinstance(what, Bilingual) else NotFound(what, identifier)


def _kind(what: str | Bilingual) -> Bilingual:
    if isinstance(what, Bilingual):
        return what
    return Bilingual(RECORD_KINDS_ZH[what], what) if what in RECORD_KINDS_ZH else bilingual(what)


def require_distinct(
    field: str,
    items: Iterable[T],
    *,
    key: Callable[[T], Hashable | None] = lambda item: item,  # type: ignore[assignment,return-value]
    label: Callable[[T], str | Bilingual] = str,
    at: str = "",
) -> None:
    """Each item at most once in a list: the second of two with the same `key` is refused at `field.<index><at>`
    ("<label> 重复列出；<label> is listed twice"; a label is a value, or a `Bilingual` when it is words). An item
    whose key is None is not compared (a party without an enterprise)."""
    seen: set[Hashable] = set()
    for index, item in enumerate(items):
        identity = key(item)
        if identity is None:
            continue
        if identity in seen:
            said = _label(label(item))
            raise DomainRuleViolated(f"{field}.{index}{at}", Bilingual(f"{said.zh} 重复列出", f"{said.en} is listed twice"))
        seen.add(identity)


def require_on_or_after(
    field: str, value: date | datetime, earlier: date | datetime | None, what: Words, *, say_value: bool = True
) -> None:
    """`value` may not come before `earlier` (`what` says, in both languages, what happened then, e.g.
    `("案件立案之日", "the case opened")`); nothing to compare when `earlier` is None. The message names the value
    ("2019-03-01 早于案件立案之日（2019-03-05）；2019-03-01 is before the case opened (2019-03-05)") unless
    `say_value` is false ("早于…；is before ...", where the field alone is named)."""
    if earlier is not None and value < earlier:  # type: ignore[operator]
        then = bilingual(what)
        zh = f"{value.isoformat()} 早于{then.zh}（{earlier.isoformat()}）" if say_value else f"早于{then.zh}（{earlier.isoformat()}）"
        en = f"{value.isoformat()} is before" if say_value else "is before"
        raise DomainRuleViolated(field, Bilingual(zh, f"{en} {then.en} ({earlier.isoformat()})"))


def require_retractable(
    *, recorded: bool, retracted_on: date | None, what: str | Bilingual, identifier: str, called: Words | None = None
) -> None:
    """A record is retracted once, and only if it was recorded: 404 naming `what` (a record kind of
    `RECORD_KINDS_ZH` in English, or a `Bilingual`), else 409 if already retracted (the conflict calls it
    `called`, in both languages, `what` unless given)."""
    if not recorded:
        raise not_found(what, identifier)
    if retracted_on is not None:
        kind = bilingual(called) if called is not None else _kind(what)
        raise Conflict(Bilingual(f"{kind.zh} {identifier} 已于 {retracted_on.isoformat()} 撤回",
                                 f"{kind.en} {identifier} was already retracted on {retracted_on.isoformat()}"))
