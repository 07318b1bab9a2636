"""Reading a batch: NDJSON (one command per line), a JSON array, or CSV of one kind (English or Chinese headers).

Every line's JSON is read strictly (`kernel.jsonbody`): a repeated member or nesting deeper than `MAX_DEPTH`
refuses that line, naming where. These functions are synchronous and bounded; the endpoint runs them in a
worker thread for a large body.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any, Callable

from kernel.jsonbody import JsonRefused, loads_strict
from kernel.i18n import Bilingual
from kernel.problems import Problem, field_error


@dataclass
class RawLine:
    line: int  # 1-based; a CSV's header row is not counted
    fields: dict[str, Any] | None
    problem: Problem | None = None


def _malformed(line: int, message: str | Bilingual, field: str = "line") -> RawLine:
    text = Bilingual.of(message)
    where = Bilingual(f"第 {line} 行：{field}：", f"line {line}: {field}: ") if field != "line" else Bilingual(f"第 {line} 行：", f"line {line}: ")
    return RawLine(line, None, Problem(422, "validation-error", Bilingual(where.zh + text.zh, where.en + text.en),
                                       errors=[field_error(field, message)]))


def _record(line: int, value: Any) -> RawLine:
    if not isinstance(value, dict):
        return _malformed(line, Bilingual("须为注明 kind 的 JSON 对象", "must be a JSON object naming its kind"))
    return RawLine(line, value)


def _line(number: int, raw: str) -> RawLine:
    try:
        return _record(number, loads_strict(raw))
    except JsonRefused as refused:
        return _malformed(number, refused.message, "line" if refused.field == "body" else refused.field)
    except ValueError as exc:
        return _malformed(number, Bilingual(f"不是 JSON（{exc}）", f"not JSON ({exc})"))


def read_ndjson(text: str) -> list[RawLine]:
    """One line per newline (a U+2028 or form feed inside a string is part of its line, not the end of it)."""
    return [_line(number, raw) for number, raw in enumerate(text.split("\n"), start=1) if raw.strip()]


def read_json_array(text: str) -> list[RawLine]:
    try:
        values = loads_strict(text)
    except JsonRefused as refused:
        where = refused.field.split(".", 1)  # `3.center_id`: line 4's member
        if len(where) == 2 and where[0].isdigit():
            said = Bilingual.of(refused.message)
            raise Problem(422, "validation-error",
                          Bilingual(f"第 {int(where[0]) + 1} 行：{where[1]}：{said.zh}", f"line {int(where[0]) + 1}: {where[1]}: {said.en}"),
                          errors=[field_error(refused.field, refused.message)]) from None
        raise Problem(422, "validation-error", f"{refused.field}: {refused.message}", errors=[field_error(refused.field, refused.message)]) from None
    except ValueError as exc:
        raise Problem(400, "malformed-body", Bilingual(f"请求体不是 JSON：{exc}", f"the body is not JSON: {exc}"),
                      errors=[field_error("body", Bilingual("不是 JSON", "not JSON"))]) from None
    if not isinstance(values, list):
        raise Problem(422, "validation-error", Bilingual("JSON 请求体须为命令数组", "a JSON body must be an array of commands"),
                      errors=[field_error("body", Bilingual("不是数组", "not an array"))])
    return [_record(n, v) for n, v in enumerate(values, start=1)]


def _assign(target: dict[str, Any], path: list[str], value: Any) -> None:
    """Put `value` at a dotted path; numeric parts index lists (`enterprises.0.uscc`), bounded by the header's check."""
    node: Any = target
    for n, part in enumerate(path):
        last = n == len(path) - 1
        following: Any = value if last else ([] if path[n + 1].isdigit() else {})
        if isinstance(node, list):
            index = int(part)
            node.extend([None] * (index + 1 - len(node)))
            if last or node[index] is None:
                node[index] = following
            node = node[index]
        else:
            if last or part not in node:
                node[part] = following
            node = node[part]


def _cell(raw: str) -> Any:
    """A cell's value: its text, or the JSON it holds when it starts like an array or object (read strictly)."""
    text = raw.strip()
    if text[:1] in "[{":
        try:
            return loads_strict(text)
        except JsonRefused:
            raise  # well-formed but refused: the row is refused, naming the column
        except ValueError:
            return text
    return text


def _header_problem(title: str, message: str) -> Problem:
    said = Bilingual.of(message)
    return Problem(422, "validation-error", Bilingual(f"表头 {title!r}：{said.zh}", f"header {title!r}: {said.en}"),
                   errors=[field_error(f"header.{title}", message)])


def _paths(header: list[str], resolve_header: Callable[[str], list[str] | None]) -> list[list[str]]:
    """Each column's field path; a header naming no field, a path out of bounds, or one column inside another is refused."""
    paths: list[list[str]] = []
    for raw in header:
        title = raw.strip()
        try:
            path = resolve_header(title)
        except ValueError as exc:
            raise _header_problem(title, str(exc)) from None
        if path is None:
            raise _header_problem(title, f"未知的列 {title!r}：请用字段名、其中文标签或带点的路径；unknown column {title!r}: use a field name, its Chinese label, or a dotted path")
        paths.append(path)
    placed = sorted((tuple(p), n) for n, p in enumerate(paths))
    for (outer, _), (inner, n) in zip(placed, placed[1:]):
        if inner[:len(outer)] == outer:
            earlier = ".".join(outer)
            raise _header_problem(header[n].strip(), f"与 {earlier} 列重复或重叠；names a field the column {earlier} already fills")
    return paths


def read_csv(text: str, resolve_header: Callable[[str], list[str] | None]) -> list[RawLine]:
    """Rows become commands: each header resolved to a field path (by `resolve_header`), empty cells left out."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return []
    except csv.Error as exc:
        raise Problem(422, "validation-error", Bilingual(f"无法读取 CSV：{exc}", f"the CSV cannot be read: {exc}"),
                      errors=[field_error("header", str(exc))]) from None
    paths = _paths(header, resolve_header)
    lines = []
    try:
        for number, row in enumerate(reader, start=1):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(paths):
                lines.append(_malformed(number, f"has {len(row)} cells but the header names {len(paths)} columns"))
                continue
            fields: dict[str, Any] = {}
            refused = None
            for title, path, cell in zip(header, paths, row):
                if not cell.strip():
                    continue
                try:
                    _assign(fields, path, _cell(cell))
                except JsonRefused as exc:
                    refused = _malformed(number, exc.message, title.strip())
                    break
            lines.append(refused or RawLine(number, fields))
    except csv.Error as exc:
        lines.append(_malformed(reader.line_num, f"the CSV cannot be read here: {exc}"))
    return lines
