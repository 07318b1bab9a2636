"""A CSV cell of an enum-typed field may hold the code or its label: `民营` (or `private`, or `state-owned`) where the
kind's request model has an `Ownership`, at any depth (`enterprises.0.ownership`) and in a list of enums (a JSON
array cell, or one column per item). The label becomes the code before the line is validated, so the command,
its event and its ref's fingerprint are the same whichever the file held. A value that is neither is refused,
naming the field, with the accepted codes and their labels.

Only CSV: NDJSON and JSON lines stay codes only. They are written by programs, which send the API's codes as
every single request does; a label there is refused like any other unknown value (one spelling for machines,
the office's words for its own files).

The enum of a field is found by walking the kind's pydantic request model (`kinds.ImportKind.body_model`).
"""

from __future__ import annotations

import enum
import functools
import inspect
import typing
from typing import Any

from pydantic import BaseModel

from kernel.domain.vocabulary import LabelledEnum
from kernel.i18n import Bilingual
from kernel.problems import Problem, field_error


def enum_of(annotation: Any) -> type[LabelledEnum] | None:
    """The labelled enum a field holds: directly, as an optional, annotated, or as the items of a list."""
    if inspect.isclass(annotation) and issubclass(annotation, enum.Enum):
        return annotation if issubclass(annotation, LabelledEnum) else None
    for argument in typing.get_args(annotation):
        found = enum_of(argument)
        if found is not None:
            return found
    return None


def models_of(annotation: Any) -> list[type[BaseModel]]:
    """The models a field may hold (one, or the members of a union), directly, optionally or in a list."""
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for argument in typing.get_args(annotation) for model in models_of(argument)]


@functools.cache
def enum_paths(model: type[BaseModel], base: str = "", depth: int = 0) -> dict[str, type[LabelledEnum]]:
    """Every enum-typed field below `model`, by its dotted path of field names (a list's index left out)."""
    found: dict[str, type[LabelledEnum]] = {}
    for name, info in model.model_fields.items():
        path = f"{base}.{name}" if base else name
        labelled = enum_of(info.annotation)
        if labelled is not None:
            found[path] = labelled
        elif depth < 5:
            for inner in models_of(info.annotation):
                found.update(enum_paths(inner, path, depth + 1))
    return found


class UnknownLabel(Exception):
    """A cell naming no member; `parts` is its place, filled in (innermost first) as it goes up."""

    def __init__(self, value: str, labelled: type[LabelledEnum]) -> None:
        self.value, self.labelled, self.parts = value, labelled, []

    def problem(self) -> Problem:
        field = ".".join(reversed(self.parts))
        shown = self.value if len(self.value) <= 40 else self.value[:40] + "…"
        message = Bilingual(f"{shown!r} 不是可用的取值，须为以下之一：{self.labelled.choices('zh')}",
                            f"{shown!r} is not an accepted value; use one of: {self.labelled.choices('en')}")
        return Problem(422, "validation-error", Bilingual(f"{field}：{message.zh}", f"{field}: {message.en}"),
                       errors=[field_error(field, message)])


@functools.cache
def _plan(model: type[BaseModel]) -> dict[str, tuple[type[LabelledEnum] | None, tuple[type[BaseModel], ...]]]:
    """Each field of `model` that holds an enum somewhere: its enum, or the models it holds (found once a model)."""
    below = enum_paths(model)
    return {name: (enum_of(info.annotation), tuple(models_of(info.annotation)))
            for name, info in model.model_fields.items()
            if any(path == name or path.startswith(f"{name}.") for path in below)}


def _cell(labelled: type[LabelledEnum] | None, models: tuple[type[BaseModel], ...], value: Any) -> Any:
    """`value` with every label at an enum-typed place below it turned into its code."""
    if isinstance(value, list):
        read = None  # a copy only once an item changes: a row of codes is passed on as it was read
        for n, item in enumerate(value):
            try:
                code = _cell(labelled, models, item)
            except UnknownLabel as unknown:
                unknown.parts.append(str(n))
                raise
            if code is not item:
                read = read if read is not None else list(value)
                read[n] = code
        return value if read is None else read
    if isinstance(value, dict):
        return _fields(models, value) if models else value
    if labelled is None or not isinstance(value, str) or value in labelled._value2member_map_:
        return value
    member = labelled.from_text(value)
    if member is None:
        raise UnknownLabel(value, labelled)
    return member.value


def _fields(models: tuple[type[BaseModel], ...], fields: dict[str, Any]) -> dict[str, Any]:
    plans = [_plan(model) for model in models]
    read = None
    for name, value in fields.items():
        where = next((plan[name] for plan in plans if name in plan), None) if len(plans) > 1 else plans[0].get(name)
        if where is None:
            continue
        try:
            code = _cell(*where, value)
        except UnknownLabel as unknown:
            unknown.parts.append(name)
            raise
        if code is not value:
            read = read if read is not None else dict(fields)
            read[name] = code
    return fields if read is None else read


def to_codes(model: type[BaseModel], fields: dict[str, Any]) -> tuple[dict[str, Any], Problem | None]:
    """A CSV row's fields with labels read as codes (copied where a label changes: the row as read is left alone,
    for a batch may be decided again), or the problem naming the first cell holding neither a code nor a label."""
    try:
        return _fields((model,), fields), None
    except UnknownLabel as unknown:
        return fields, unknown.problem()


def field_choices(model: type[BaseModel], name: str) -> dict[str, list[dict[str, str]]] | None:
    """What GET /v1/import/kinds lists for a field: each enum-typed path at or below it, with its codes and labels."""
    found = {path: [{"code": m.value, "label_zh": m.zh, "label_en": m.en} for m in labelled]
             for path, labelled in enum_paths(model).items() if path == name or path.startswith(f"{name}.")}
    return found or None
