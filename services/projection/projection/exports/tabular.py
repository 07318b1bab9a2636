"""Tables for the office's reports, with Chinese headers: as CSV (UTF-8 with a BOM, so Excel reads it) or XLSX."""

from __future__ import annotations

import csv
import io
from typing import Any, Sequence

from fastapi import Response
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (int, float, str)):
        return value
    return str(value)


def csv_response(filename: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([[_cell(v) for v in row] for row in rows])
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
    ws.append(list(headers))
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_cell(v) for v in row])
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
