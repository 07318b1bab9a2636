"""The refused-lines file: each refused line as it was sent, with the problem beside it, ready to fix and resend.

NDJSON lines get a `_problem` member (the problem, with the line's number in the original file); CSV rows get a
last `_problem` column and keep the header. `ipo import` drops both when the file is sent again.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import orjson

from ipo_clients.importer.chunks import PROBLEM, Format, Line
from ipo_clients.problems import problem_text


def default_path(source: Path, fmt: Format) -> Path:
    """records.ndjson -> records.refused.ndjson; lines.csv -> lines.refused.csv."""
    return source.with_name(f"{source.stem}.refused.{'ndjson' if fmt == 'ndjson' else 'csv'}")


class RefusedLines:
    """Opened on the first refusal only: an import without refusals leaves no file behind."""

    def __init__(self, path: Path, fmt: Format, header: list[str] | None = None) -> None:
        self.path = path
        self.format = fmt
        self.header = header
        self.count = 0
        self._file = None
        self._csv = None

    def _open(self) -> None:
        if self.format == "ndjson":
            self._file = self.path.open("w", encoding="utf-8")
        else:
            self._file = self.path.open("w", encoding="utf-8-sig", newline="")
            self._csv = csv.writer(self._file)
            self._csv.writerow([*(self.header or []), PROBLEM])

    def write(self, line: Line, problem: dict[str, Any] | None) -> None:
        if self._file is None:
            self._open()
        self.count += 1
        if self.format == "csv":
            self._csv.writerow([*(line.cells or []), problem_text(problem)])
            return
        noted = {"line": line.number, **(problem or {"detail": "refused"})}
        try:
            value = orjson.loads(line.text or "")
        except orjson.JSONDecodeError:
            value = None
        record = {**value, PROBLEM: noted} if isinstance(value, dict) else {"_text": line.text, PROBLEM: noted}
        self._file.write(orjson.dumps(record).decode() + "\n")

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
