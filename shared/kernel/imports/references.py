"""A line naming a record that an earlier line created: `{"$ref": "<that line's ref>"}` in place of the id.

A case-handling system sending a request with its first response and its resolution in one batch does not know
the request's id before the service gives it. It writes `"request_id": {"$ref": "req-7"}` where line `req-7`
records the request; the runner puts the id that line was given in its place before the line is decided. The
ref may belong to an earlier line of the same batch or to a line the same client imported before.
"""

from __future__ import annotations

from typing import Any, Callable

REFERENCE = "$ref"


def _reference(value: Any) -> str | None:
    if isinstance(value, dict) and len(value) == 1 and REFERENCE in value:
        target = value[REFERENCE]
        return str(target) if isinstance(target, (str, int)) and not isinstance(target, bool) else ""
    return None


def _walk(value: Any, path: str):
    """Every (path, value) below `value`, depth first, paths dotted as in field errors."""
    yield path, value
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        yield from _walk(item, f"{path}.{key}" if path else str(key))


def references(fields: dict[str, Any]) -> set[str]:
    """The refs a line points at."""
    return {target for _, value in _walk(fields, "") if (target := _reference(value))}


def resolve(fields: dict[str, Any], id_of: Callable[[str], str | None]) -> tuple[dict[str, Any], tuple[str, str] | None]:
    """The line with each reference replaced by the id of the line it names; or the (field, reason) of the first
    reference that names no accepted line."""

    def substitute(value: Any, path: str) -> Any:
        target = _reference(value)
        if target is not None:
            if not target:
                raise _Unresolved(path, f'"{REFERENCE}" must name a ref (a string)')
            record_id = id_of(target)
            if record_id is None:
                raise _Unresolved(path, f"refers to ref {target!r}, which no earlier line of this batch or earlier "
                                        "import accepted")
            return record_id
        if isinstance(value, dict):
            return {k: substitute(v, f"{path}.{k}" if path else str(k)) for k, v in value.items()}
        if isinstance(value, list):
            return [substitute(v, f"{path}.{i}" if path else str(i)) for i, v in enumerate(value)]
        return value

    try:
        return substitute(fields, ""), None
    except _Unresolved as unresolved:
        return fields, (unresolved.field, unresolved.reason)


class _Unresolved(Exception):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(field, reason)
        self.field, self.reason = field, reason
