"""Tables for the office's reports, with Chinese headers: as CSV (UTF-8 with a BOM, so Excel reads it) or XLSX.

A sheet reads from the top: a title, a block saying what it shows (label, value), a blank row, the Chinese column
headers, the English ones beneath, then the rows. Values keep their kind: a `Percent` is a number shown as a
percentage (XLSX: the share with a `0.0%` format, 0.6702 shown as 67.0%; CSV: the text `67.0%`), a `Yuan` an
amount with separators, a date a date cell (`yyyy-mm-dd`), a moment a date-time cell in Beijing time whose format
says so (CSV: `2026-12-04 12:00:00 北京时间 (UTC+08:00)`).

A text that a spreadsheet would take for a formula (CWE-1236: it starts with `=`, `+`, `-`, `@`, a tab or a
carriage return) stays text: in XLSX every text cell is stored as a string (never a formula) and such a text
is also marked with a quote prefix; in CSV such a text is written with a leading `'`. Numbers stay numbers,
negative ones included.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Sequence

from fastapi import Response
from openpyxl import Workbook
from openpyxl.styles import Font

from kernel.domain.dates import OFFICE_ZONE

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
ZONE = "北京时间 (UTC+08:00)"
PERCENT_FORMAT = "0.0%"
DATE_FORMAT = "yyyy-mm-dd"
MOMENT_FORMAT = f'yyyy-mm-dd hh:mm:ss "{ZONE}"'
YUAN_FORMATS = ("#,##0", "#,##0.00")


@dataclass(frozen=True)
class Percent:
    """A share between 0 and 1, shown as a percentage."""

    value: float


@dataclass(frozen=True)
class Yuan:
    """An amount in yuan, shown with thousands separators."""

    value: float


def beijing(moment: datetime) -> datetime:
    """A moment as Beijing wall-clock time (naive: a spreadsheet holds no zone; the format and headers name it)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=OFFICE_ZONE)
    return aware.astimezone(OFFICE_ZONE).replace(tzinfo=None, microsecond=0)


def moment_text(moment: datetime) -> str:
    return f"{beijing(moment):%Y-%m-%d %H:%M:%S} {ZONE}"


def _whole(value: float) -> bool:
    return float(value).is_integer()


def _xlsx_cell(value: Any) -> tuple[Any, str | None]:
    """The value a cell stores, and its number format."""
    if value is None:
        return None, None
    if isinstance(value, Percent):
        return value.value, PERCENT_FORMAT
    if isinstance(value, Yuan):
        return value.value, YUAN_FORMATS[0 if _whole(value.value) else 1]
    if isinstance(value, datetime):
        return beijing(value), MOMENT_FORMAT
    if isinstance(value, date):
        return value, DATE_FORMAT
    if isinstance(value, bool):
        return ("是" if value else "否"), None
    if isinstance(value, (int, float, str)):
        return value, None
    return str(value), None


def _text(value: Any) -> Any:
    """The value as a CSV cell shows it."""
    if value is None:
        return ""
    if isinstance(value, Percent):
        return f"{value.value * 100:.1f}%"
    if isinstance(value, Yuan):
        return f"{value.value:,.0f}" if _whole(value.value) else f"{value.value:,.2f}"
    if isinstance(value, datetime):
        return moment_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float, str)):
        return value
    return str(value)


def formula_like(value: Any) -> bool:
    """Whether a spreadsheet would read this text as a formula (or a DDE call)."""
    return isinstance(value, str) and value.startswith(FORMULA_LEADS)


def csv_cell(value: Any) -> Any:
    value = _text(value)
    return "'" + value if formula_like(value) else value


def _lines(meta: Sequence[Any]) -> list[list[Any]]:
    """The title/meta block as rows: a text alone is a row of one cell, a pair (label, value) a row of two."""
    return [[line] if isinstance(line, str) else list(line) for line in meta]


def csv_response(filename: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], *,
                 english: Sequence[str] = (), meta: Sequence[Any] = ()) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if meta:
        writer.writerows([[csv_cell(v) for v in line] for line in _lines(meta)])
        writer.writerow([])
    writer.writerow([csv_cell(h) for h in headers])
    if english:
        writer.writerow([csv_cell(h) for h in english])
    writer.writerows([[csv_cell(v) for v in row] for row in rows])
    return Response(
        content=("\ufeff" + buffer.getvalue()).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
    )


def _append(ws, values: Sequence[Any]) -> None:
    """One row, each value with its number format; every text cell a string, never a formula (openpyxl makes one
    of a text starting with '=')."""
    stored = [_xlsx_cell(v) for v in values]
    ws.append([value for value, _ in stored])
    for cell, (_, number_format) in zip(ws[ws.max_row], stored):
        if number_format:
            cell.number_format = number_format
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if formula_like(cell.value):
                cell.quotePrefix = True


def _width(value: Any) -> int:
    if isinstance(value, datetime):
        return len(moment_text(value)) + 8
    if isinstance(value, date):
        return 12
    text = str(_text(value))
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text) + 2


def xlsx_response(filename: str, sheet: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], *,
                  english: Sequence[str] = (), meta: Sequence[Any] = ()) -> Response:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    lines = _lines(meta)
    for line in lines:
        _append(ws, line)
    if meta:
        ws.cell(row=1, column=1).font = Font(bold=True, size=14)
        for row in ws.iter_rows(min_row=2, max_row=len(lines), max_col=1):
            row[0].font = Font(bold=True)
        ws.append([])
    _append(ws, headers)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    if english:
        _append(ws, english)
        for cell in ws[ws.max_row]:
            cell.font = Font(italic=True, color="666666")
    header_end = ws.max_row
    for row in rows:
        _append(ws, row)
    ws.freeze_panes = ws.cell(row=header_end + 1, column=1)
    for column, title in enumerate(headers, start=1):
        sample = [title, *(english[column - 1:column]),
                  *(r[column - 1] for r in [*lines[1:], *rows[:200]] if len(r) >= column)]
        ws.column_dimensions[ws.cell(row=header_end, column=column).column_letter].width = max(10, min(max(map(_width, sample)), 60))
    buffer = io.BytesIO()
    book.save(buffer)
    return Response(
        content=buffer.getvalue(),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{filename}.xlsx"'},
    )
