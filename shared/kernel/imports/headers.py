"""Resolving a CSV header to a field path of a kind: a field name, its Chinese label, or a dotted path of either.

A path is bounded before anything is built from it: at most `MAX_HEADER_PARTS` parts, and a list index only
right after a list field, below that field's `max_length` (or `DEFAULT_MAX_ITEMS` where it declares none). A
header naming item 100 000 000 would otherwise make every row build a list that long.
"""

from __future__ import annotations

import inspect
import typing
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from kernel.imports.kinds import ImportKind
from kernel.imports.labels import LABELS_ZH

MAX_HEADER_PARTS = 6  # the deepest command path is three (`enterprises.0.uscc`)
DEFAULT_MAX_ITEMS = 100


class HeaderRefused(ValueError):
    """A header that names a path no row may build (too deep, or an index out of bounds)."""


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds, directly, in a list, or as an optional."""
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _inner_model(argument)
        if found is not None:
            return found
    return None


def _is_list(annotation: Any) -> bool:
    if typing.get_origin(annotation) in (list, tuple):
        return True
    return any(_is_list(argument) for argument in typing.get_args(annotation) if argument is not type(None))


def max_items(info: FieldInfo) -> int | None:
    """How many items a list field holds at most, or None when the field is not a list."""
    if not _is_list(info.annotation):
        return None
    declared = [m.max_length for m in info.metadata if isinstance(getattr(m, "max_length", None), int)]
    return min(declared) if declared else DEFAULT_MAX_ITEMS


def _match(names: list[str], word: str) -> str | None:
    if word in names:
        return word
    return next((name for name in names if LABELS_ZH.get(name) == word), None)


def resolve_header(kind: ImportKind, title: str) -> list[str] | None:
    """The field path a header names; None when it names no field; HeaderRefused when its path is out of bounds."""
    if title in ("ref", LABELS_ZH["ref"]):
        return ["ref"]
    if title.count(".") >= MAX_HEADER_PARTS:
        raise HeaderRefused(f"路径超过 {MAX_HEADER_PARTS} 段；the path has more than {MAX_HEADER_PARTS} parts")
    words = [w.strip() for w in title.split(".")]
    first = _match(list(kind.path_params), words[0]) if len(words) == 1 else None
    if first is not None:
        return [first]
    model: type[BaseModel] | None = kind.body_model
    path: list[str] = []
    items: int | None = None  # the bound of the list field just named, which an index may follow
    for word in words:
        if word.isascii() and word.isdigit():
            if items is None:
                raise HeaderRefused(f"下标 {word} 前须是列表字段；the index {word} must follow a list field")
            if len(word) > len(str(items)) or int(word) >= items:
                raise HeaderRefused(f"下标须小于 {items}（该列表最多 {items} 项）；the index must be below {items}, "
                                    f"the most items {path[-1]} holds")
            path.append(str(int(word)))
            items = None
            continue
        if model is None:
            return None
        name = _match(list(model.model_fields), word)
        if name is None:
            return None
        path.append(name)
        items = max_items(model.model_fields[name])
        model = _inner_model(model.model_fields[name].annotation)
    return path
