"""Reading the exports as an office worker's spreadsheet does: the XLSX with openpyxl, the CSV with the csv module.

A file is a title, a meta block (label, value), a blank row, the Chinese headers, the English headers, the rows.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Any

from openpyxl import load_workbook

from tests.projection.oracle_targets import ACME, STATE, XIAMEN, Events


@dataclass
class Table:
    title: str
    meta: dict[str, Any]  # label -> the value cell (XLSX) or text (CSV)
    headers: list[str]
    english: list[str]
    rows: list[list[Any]]  # cells (XLSX) or texts (CSV)

    def column(self, header: str) -> int:
        return self.headers.index(header)

    def by(self, *headers: str) -> dict[tuple, list[Any]]:
        """The rows keyed by these columns' values."""
        def value(cell):
            return cell.value if hasattr(cell, "value") else cell
        return {tuple(value(row[self.column(h)]) for h in headers): row for row in self.rows}


def _split(lines: list[list[Any]], blank) -> Table:
    gap = next(i for i, line in enumerate(lines) if blank(line))
    title, *meta = lines[:gap]
    headers, english, *rows = lines[gap + 1:]
    return Table(title=title[0], meta={m[0]: m[1] for m in meta}, headers=list(headers), english=list(english), rows=rows)


def xlsx_table(response) -> Table:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    sheet = load_workbook(io.BytesIO(response.content)).active
    lines = [list(row) for row in sheet.iter_rows()]
    table = _split(lines, lambda line: all(c.value is None for c in line))
    table.title = table.title.value
    table.meta = {label.value: value for label, value in table.meta.items()}
    table.headers = [c.value for c in table.headers if c.value is not None]
    table.english = [c.value for c in table.english if c.value is not None]
    return table


def csv_table(response) -> Table:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode()), "a BOM, so that Excel reads UTF-8"
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    return _split(lines, lambda line: not line)


def english_words(text: Any) -> list[str]:
    """ASCII words in a text meant to be Chinese (codes like 420100, T04 or 12330 are not words, nor the zone's
    offset, UTC+08:00)."""
    return re.findall(r"[A-Za-z]{2,}", str(text).replace("(UTC+08:00)", ""))


def seeded_year() -> Events:
    """Something behind every target in 2019 (and 2018's recognitions, T11's baseline), in two divisions."""
    e = Events()
    e.center("wh", "2019-01-01")
    e.center("ys", "2019-01-01", region="420500")
    for month in (1, 2, 3, 5):
        e.service("wh", f"2019-{month:02d}-10")
    e.service("ys", "2019-01-20", region="420500")
    e.project("2019-03-01", firm=ACME, amount_cny=2_890_000)
    e.project("2019-04-01", firm=XIAMEN, amount_cny=1_000_000, region="420500")
    e.project("2019-04-02", firm=STATE, amount_cny=500_000)
    e.matchmaking("2019-05-01")
    e.recognition("2018-06-01", firm=ACME, level="national_demonstration")
    e.recognition("2018-06-01", firm=STATE)
    e.recognition("2019-06-01", firm=XIAMEN)
    e.recognition("2019-06-01", firm=ACME, level="provincial_demonstration")
    e.briefing("2019-04-10")
    e.visit("2019-02-05", examiners=2)
    e.visit("2019-07-05", region="420500")
    e.training("2019-03-02", person_times=120)
    e.training("2019-06-02", person_times=40, format="seminar")
    for n, outcome in enumerate(["agreed", "agreed", "failed"]):
        e.add("enforcement", "MediationCaseClosed", f"mediation-{n}", {
            "case_id": str(n), "region": "420100",
            "parties": [{"role": "applicant", "enterprise": {"uscc": ACME[0], "name": "企业", "ownership": "private", "region": "420100"},
                         "name": None}],
            "received_on": "2019-05-01", "closed_on": "2019-05-20", "outcome": outcome, "sessions": 1}, "2019-05-20T12:00:00+08:00")
    return e
