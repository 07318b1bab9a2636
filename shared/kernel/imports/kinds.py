"""The commands a service can take in bulk, read from its route table: every write route is a kind.

A kind is named after its path in the domain's words: `/v1/onsite-services` is `onsite-service`,
`/v1/onsite-services/{service_id}/retraction` is `onsite-service-retraction`. A line of that kind carries the
route's body fields and its path parameters as fields of the same names.
"""

from __future__ import annotations

import inspect
import typing
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from pydantic import BaseModel, TypeAdapter

from kernel.commands import CommandBus

IMPORT_PATH = "/v1/import"


@dataclass(frozen=True)
class ImportKind:
    kind: str
    path: str
    summary: str
    endpoint: Callable[..., Awaitable[Any]]
    body_param: str
    body_model: type[BaseModel]
    bus_param: str
    path_params: dict[str, TypeAdapter]

    def field_names(self) -> list[str]:
        return [*self.path_params, *(n for n in self.body_model.model_fields if n not in self.path_params)]


def _singular(segment: str) -> str:
    head, _, word = segment.rpartition("-")
    if word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith(("ches", "shes", "sses", "xes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return f"{head}-{word}" if head else word


def kind_of(path: str) -> str:
    """The kind's name: the path's words without the parameters, each collection and the last word singular."""
    segments = path.removeprefix("/v1/").strip("/").split("/")
    words = []
    for n, segment in enumerate(segments):
        if segment.startswith("{"):
            continue
        followed_by_id = n + 1 < len(segments) and segments[n + 1].startswith("{")
        last = n == len(segments) - 1
        words.append(_singular(segment) if followed_by_id or last else segment)
    return "-".join(words)


def _is_bus(annotation: Any) -> bool:
    return annotation is CommandBus or typing.get_origin(annotation) is typing.Annotated and typing.get_args(annotation)[0] is CommandBus


def _unwrap(annotation: Any) -> Any:
    return typing.get_args(annotation)[0] if typing.get_origin(annotation) is typing.Annotated else annotation


def collect_kinds(app: FastAPI) -> dict[str, ImportKind]:
    """Every POST route under /v1 that takes one JSON body and the command bus, by kind."""
    kinds: dict[str, ImportKind] = {}
    for route in iter_route_contexts(app.routes):
        if "POST" not in (route.methods or ()) or not route.path.startswith("/v1/") or route.path.startswith(IMPORT_PATH):
            continue
        hints = typing.get_type_hints(route.endpoint, include_extras=True)
        parameters = inspect.signature(route.endpoint).parameters
        bus = next((name for name in parameters if _is_bus(hints.get(name))), None)
        path_names = [s[1:-1].split(":")[0] for s in route.path.split("/") if s.startswith("{")]
        bodies = [
            name for name in parameters
            if name not in path_names and name != bus and inspect.isclass(_unwrap(hints.get(name)))
            and issubclass(_unwrap(hints.get(name)), BaseModel)
        ]
        if bus is None or len(bodies) != 1 or len(parameters) != len(path_names) + 2:
            continue  # not a plain command route (it takes something a line cannot carry)
        kind = kind_of(route.path)
        kinds[kind] = ImportKind(
            kind=kind,
            path=route.path,
            summary=route.summary or "",
            endpoint=route.endpoint,
            body_param=bodies[0],
            body_model=_unwrap(hints[bodies[0]]),
            bus_param=bus,
            path_params={name: TypeAdapter(hints[name]) for name in path_names},
        )
    return kinds
