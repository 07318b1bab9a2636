"""Resolving a CSV header to a field path of a kind: a field name, its Chinese label, or a dotted path of either."""

from __future__ import annotations

import inspect
import typing
from typing import Any

from pydantic import BaseModel

from kernel.imports.kinds import ImportKind
from kernel.imports.labels import LABELS_ZH


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds, directly, in a list, or as an optional."""
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _inner_model(argument)
        if found is not None:
            return found
    return None


def _match(names: list[str], word: str) -> str | None:
    if word in names:
        return word
    return next((name for name in names if LABELS_ZH.get(name) == word), None)


def resolve_header(kind: ImportKind, title: str) -> list[str] | None:
    if title in ("ref", LABELS_ZH["ref"]):
        return ["ref"]
    words = [w.strip() for w in title.split(".")]
    first = _match(list(kind.path_params), words[0]) if len(words) == 1 else None
    if first is not None:
        return [first]
    model: type[BaseModel] | None = kind.body_model
    path: list[str] = []
    for word in words:
        if word.isdigit() and path:
            path.append(word)
            continue
        if model is None:
            return None
        name = _match(list(model.model_fields), word)
        if name is None:
            return None
        path.append(name)
        model = _inner_model(model.model_fields[name].annotation)
    return path
