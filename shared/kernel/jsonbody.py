"""JSON request bodies read strictly: UTF-8 only (RFC 8259), and one value per member name.

Python's parser guesses UTF-16 and UTF-32 from the first bytes and keeps the last of two equal member names;
both make a request mean something other than what its sender's tools show. Such a body is refused, naming
the member.
"""

from __future__ import annotations

import json
from typing import Any

from kernel.problems import Problem, field_error


class _Members(list):
    """An object's members in order, kept as pairs so that a repeated name can be found."""


def _duplicate(value: Any, path: str = "") -> str | None:
    if isinstance(value, _Members):
        seen: set[str] = set()
        for name, member in value:
            where = f"{path}.{name}" if path else name
            if name in seen:
                return where
            seen.add(name)
            found = _duplicate(member, where)
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _duplicate(item, f"{path}.{index}" if path else str(index))
            if found:
                return found
    return None


def json_body_problem(body: bytes) -> Problem | None:
    """Why a JSON body cannot be taken as sent, or None. Malformed JSON is left to the route's own validation."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Problem(400, "malformed-body", f"the body is not UTF-8 (byte {exc.start}); JSON must be sent as UTF-8",
                       errors=[field_error("body", "not UTF-8")])
    try:
        repeated = _duplicate(json.loads(text.removeprefix("\ufeff"), object_pairs_hook=_Members))
    except ValueError:
        return None
    except RecursionError:
        return Problem(400, "malformed-body", "the body nests arrays or objects too deeply", errors=[field_error("body", "nested too deeply")])
    if repeated:
        message = "given twice; send each member once"
        return Problem(422, "validation-error", f"{repeated}: {message}", errors=[field_error(repeated, message)])
    return None
