"""Reading a batch: NDJSON (one command per line), a JSON array, or CSV of one kind (English or Chinese headers)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

import orjson

from kernel.problems import Problem, field_error


@dataclass
class RawLine:
    line: int  # 1-based; a CSV's header row is not counted
    fields: dict[str, Any] | None
    problem: Problem | None = None


def _malformed(line: int, message: str) -> RawLine:
    return RawLine(line, None, Problem(422, "validation-error", f"line {line}: {message}", errors=[field_error("line", message)]))


def _record(line: int, value: Any) -> RawLine:
    if not isinstance(value, dict):
        return _malformed(line, "must be a JSON object naming its kind")
    return RawLine(line, value)


def read_ndjson(text: str) -> list[RawLine]:
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            lines.append(_record(number, orjson.loads(raw)))
        except orjson.JSONDecodeError as exc:
            lines.append(_malformed(number, f"not JSON ({exc})"))
    return lines


def read_json_array(text: str) -> list[RawLine]:
    try:
        values = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise Problem(400, "malformed-body", f"the body is not JSON: {exc}", errors=[field_error("body", "not JSON")]) from None
    if not isinstance(values, list):
        raise Problem(422, "validation-error", "a JSON body must be an array of commands", errors=[field_error("body", "not an array")])
    return [_record(n, v) for n, v in enumerate(values, start=1)]


def _assign(target: dict[str, Any], path: list[str], value: Any) -> None:
    """Put `value` at a dotted path; numeric parts index lists (`enterprises.0.uscc`)."""
    node: Any = target
    for n, part in enumerate(path):
        last = n == len(path) - 1
        following: Any = value if last else ([] if path[n + 1].isdigit() else {})
        if isinstance(node, list):
            index = int(part)
            while len(node) <= index:
                node.append(None)
            if last or node[index] is None:
                node[index] = following
            node = node[index]
        else:
            if last or part not in node:
                node[part] = following
            node = node[part]


def _cell(raw: str) -> Any:
    text = raw.strip()
    if text[:1] in "[{":
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            return text
    return text


def read_csv(text: str, resolve_header) -> list[RawLine]:
    """Rows become commands: each header resolved to a field path (by `resolve_header`), empty cells left out."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return []
    except csv.Error as exc:
        raise Problem(422, "validation-error", f"the CSV cannot be read: {exc}", errors=[field_error("header", str(exc))]) from None
    paths = []
    for title in header:
        path = resolve_header(title.strip())
        if path is None:
            message = f"unknown column {title.strip()!r}: use a field name, its Chinese label, or a dotted path"
            raise Problem(422, "validation-error", message, errors=[field_error(f"header.{title.strip()}", message)])
        paths.append(path)
    lines = []
    try:
        for number, row in enumerate(reader, start=1):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(paths):
                lines.append(_malformed(number, f"has {len(row)} cells but the header names {len(paths)} columns"))
                continue
            fields: dict[str, Any] = {}
            for path, cell in zip(paths, row):
                if cell.strip():
                    _assign(fields, path, _cell(cell))
            lines.append(RawLine(number, fields))
    except csv.Error as exc:
        lines.append(_malformed(reader.line_num, f"the CSV cannot be read here: {exc}"))
    return lines
