"""Tables for the office's reports, with Chinese headers: as CSV (UTF-8 with a BOM, so Excel reads it) or XLSX.

A text that a spreadsheet would take for a formula (CWE-1236: it starts with `=`, `+`, `-`, `@`, a tab or a
carriage return) stays text: in XLSX every text cell is stored as a string (never a formula) and such a text
is also marked with a quote prefix; in CSV such a text is written with a leading `'`. Numbers stay numbers,
negative ones included.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Sequence

from fastapi import Response
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (int, float, str)):
        return value
    return str(value)


def formula_like(value: Any) -> bool:
    """Whether a spreadsheet would read this text as a formula (or a DDE call)."""
    return isinstance(value, str) and value.startswith(FORMULA_LEADS)


def csv_cell(value: Any) -> Any:
    value = _cell(value)
    return "'" + value if formula_like(value) else value


def _as_text(cells: Any) -> None:
    """Every text cell of an XLSX row a string, never a formula (openpyxl makes one of a text starting with '=')."""
    for cell in cells:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if formula_like(cell.value):
                cell.quotePrefix = True


def csv_response(filename: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in headers])
    writer.writerows([[csv_cell(v) for v in row] for row in rows])
    return Response(
        content=("\ufeff" + buffer.getvalue()).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
    )


def xlsx_response(filename: str, sheet: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], preamble: Sequence[str] = ()) -> Response:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    for line in preamble:
        ws.append([line])
        _as_text(ws[ws.max_row])
    ws.append(list(headers))
    _as_text(ws[ws.max_row])
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_cell(v) for v in row])
        _as_text(ws[ws.max_row])
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    for column, title in enumerate(headers, start=1):
        ws.column_dimensions[ws.cell(row=header_row, column=column).column_letter].width = max(10, min(2 * len(str(title)) + 4, 40))
    buffer = io.BytesIO()
    book.save(buffer)
    return Response(
        content=buffer.getvalue(),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{filename}.xlsx"'},
    )
