"""JSON read strictly: UTF-8 only (RFC 8259), one value per member name, finite numbers, bounded nesting.

Python's parser guesses UTF-16 and UTF-32 from the first bytes and keeps the last of two equal member names;
both make a request mean something other than what its sender's tools show. Nesting is bounded far below what
any command needs (and below what the serialiser can write back), so no depth reaches a 500. The same reading
serves request bodies (the middleware) and every line of a bulk import.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import anyio.to_thread

from kernel.problems import Problem, field_error

MAX_DEPTH = 32  # arrays and objects inside each other; the deepest command nests 3
OFF_LOOP_BYTES = 64 * 1024  # a body larger than this is read in a worker thread, so the event loop keeps serving
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")  # `\ud800`: half of a pair, maybe left alone


class JsonRefused(ValueError):
    """Well-formed JSON that is refused anyway, naming where: a repeated member, or nesting too deep."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


REPEATED = "成员重复，每个成员只能给一次；given twice, send each member once"
TOO_DEEP = f"嵌套超过 {MAX_DEPTH} 层；nested more than {MAX_DEPTH} levels deep"


class _Members(list):
    """An object's members in order, kept as pairs so that a repeated name can be found."""


class _Repeated(Exception):
    pass


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    value = dict(pairs)
    if len(value) != len(pairs):
        raise _Repeated
    return value


def _number(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]} is out of range")
    return value


def _integer(text: str) -> int | float:
    if len(text) > 21:
        raise ValueError(f"the number {text[:20]}... is out of range")
    value = int(text)
    return value if -(2**63) <= value < 2**64 else _number(text)  # beyond 64 bits: a float, as orjson reads it


def _constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON value")


def _where(path: str, key: object) -> str:
    return f"{path}.{key}" if path else str(key)


def _duplicate(value: Any) -> str | None:
    """The first repeated member name, as a dotted path (walked without recursion)."""
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, _Members):
            seen: set[str] = set()
            for name, member in node:
                if name in seen:
                    return _where(path, name)
                seen.add(name)
            stack.extend((member, _where(path, name)) for name, member in reversed(node))
        elif isinstance(node, list):
            stack.extend((item, _where(path, n)) for n, item in reversed(list(enumerate(node))))
    return None


def too_deep(value: Any, limit: int = MAX_DEPTH) -> str | None:
    """Where `value` nests arrays or objects more than `limit` levels deep, or None (walked without recursion)."""
    stack: list[tuple[Any, str, int]] = [(value, "", 1)]
    while stack:
        node, path, depth = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else None
        if items is None:
            continue
        if depth > limit:
            return path or "body"
        stack.extend((item, _where(path, key), depth + 1) for key, item in items)
    return None


def loads_strict(text: str) -> Any:
    """The JSON value of `text`: ValueError when it is not JSON, JsonRefused when it repeats a member or nests too deep."""
    hooks = {"parse_float": _number, "parse_int": _integer, "parse_constant": _constant}
    try:
        value = json.loads(text, object_pairs_hook=_unique, **hooks)
    except RecursionError:
        raise JsonRefused("body", TOO_DEEP) from None
    except _Repeated:
        raise JsonRefused(_duplicate(json.loads(text, object_pairs_hook=_Members, **hooks)) or "body", REPEATED) from None
    where = too_deep(value)
    if where is not None:
        raise JsonRefused(where, TOO_DEEP)
    if _SURROGATE_ESCAPE.search(text) and _lone_surrogate(value):
        raise ValueError("a string holds half of a UTF-16 surrogate pair, which is not text")
    return value


def _lone_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            if any("\ud800" <= c <= "\udfff" for c in node):
                return True
        elif isinstance(node, dict):
            stack.extend(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def json_body_problem(body: bytes) -> Problem | None:
    """Why a JSON body cannot be taken as sent, or None. Malformed JSON is left to the route's own validation."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Problem(400, "malformed-body", f"the body is not UTF-8 (byte {exc.start}); JSON must be sent as UTF-8",
                       errors=[field_error("body", "not UTF-8")])
    try:
        loads_strict(text.removeprefix("\ufeff"))
    except JsonRefused as refused:
        if refused.message == TOO_DEEP:
            return Problem(400, "malformed-body", f"请求体嵌套超过 {MAX_DEPTH} 层；the body nests arrays or objects more than "
                           f"{MAX_DEPTH} levels deep", errors=[field_error(refused.field, TOO_DEEP)])
        return Problem(422, "validation-error", f"{refused.field}: {refused.message}", errors=[field_error(refused.field, refused.message)])
    except ValueError:
        return None
    return None


async def checked_json_body(body: bytes) -> Problem | None:
    """`json_body_problem`, in a worker thread for a large body: reading 16 MB must not stop the service."""
    if len(body) <= OFF_LOOP_BYTES:
        return json_body_problem(body)
    return await anyio.to_thread.run_sync(json_body_problem, body)
