"""Reading an import file as it streams: its lines, grouped into chunks small enough for one request.

Nothing holds more than one chunk in memory. A `_problem` member (NDJSON) or column (CSV), as written into a
refused-lines file, is dropped before sending, so a corrected refused-lines file can be sent as it is.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator, Literal

import orjson

Format = Literal["ndjson", "csv"]
PROBLEM = "_problem"
EXTENSIONS: dict[str, Format] = {".ndjson": "ndjson", ".jsonl": "ndjson", ".csv": "csv"}
MEDIA_TYPES: dict[Format, str] = {"ndjson": "application/x-ndjson", "csv": "text/csv; charset=utf-8"}
# what an office file is likely saved as: UTF-8 (with or without a byte-order mark), or GBK / GB 18030 (what
# Excel in Chinese saves as "CSV"); GB 18030 reads every GBK and GB 2312 file
ENCODINGS = {"auto": None, "utf-8": "utf-8-sig", "utf8": "utf-8-sig", "gbk": "gb18030", "gb2312": "gb18030",
             "gb18030": "gb18030"}


class UnreadableFile(ValueError):
    """The file cannot be read as it is (its encoding, a broken CSV): said in one line, nothing sent after it."""


def file_encoding(path: Path, given: str | None, block: int = 1 << 20) -> str:
    """The encoding to read `path` with: `given` (see ENCODINGS), or found by reading the file through once."""
    if given and given.lower() != "auto":
        if given.lower() not in ENCODINGS:
            raise UnreadableFile(f"--encoding 只能是 {', '.join(ENCODINGS)}；--encoding must be one of {', '.join(ENCODINGS)}, not {given!r}")
        return ENCODINGS[given.lower()]  # type: ignore[return-value]
    with path.open("rb") as f:
        head = f.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise UnreadableFile(f"{path.name} 是 UTF-16 编码，请另存为 UTF-8 或 GBK；{path.name} is UTF-16: save it as UTF-8 or GBK")
        decoder = codecs.getincrementaldecoder("utf-8")()
        data = head
        try:
            while data:
                decoder.decode(data)
                data = f.read(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "gb18030"
    return "utf-8-sig"


def file_format(path: Path, given: str | None) -> Format:
    if given:
        if given not in ("ndjson", "csv"):
            raise ValueError(f"--format 只能是 ndjson 或 csv，不能是 {given!r}；--format must be ndjson or csv, not {given!r}")
        return given  # type: ignore[return-value]
    suffix = path.suffix.lower()
    if suffix not in EXTENSIONS:
        raise ValueError(f"无法从扩展名判断 {path.name} 的格式，请给出 --format ndjson 或 --format csv；cannot tell the "
                         f"format of {path.name} from its extension: pass --format ndjson or --format csv")
    return EXTENSIONS[suffix]


def content_hash(path: Path, block: int = 1 << 20) -> str:
    """SHA-256 of the file's bytes, read a block at a time."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while data := f.read(block):
            digest.update(data)
    return digest.hexdigest()


class CountingReader(io.RawIOBase):
    """A binary file that counts the bytes read from it (the progress bar follows them)."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)


@dataclass
class Line:
    number: int  # NDJSON: the line's number in the file; CSV: the data row's number (the header not counted)
    text: str | None = None  # NDJSON: the line as it will be sent
    cells: list[str] | None = None  # CSV: the row's cells as they will be sent


@dataclass
class Chunk:
    index: int
    lines: list[Line]
    body: bytes


def _without_problem(text: str) -> str:
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return text
    if isinstance(value, dict) and PROBLEM in value:
        del value[PROBLEM]
        return orjson.dumps(value).decode()
    return text


class ImportFile:
    """An NDJSON or CSV file read line by line; `chunks(size)` groups its data lines for the requests."""

    def __init__(self, path: Path, fmt: Format, encoding: str = "utf-8-sig") -> None:
        self.path = path
        self.format = fmt
        self.encoding = encoding
        self.header: list[str] | None = None  # CSV: the header as sent (without a `_problem` column)
        self._reader: CountingReader | None = None

    @property
    def bytes_read(self) -> int:
        return self._reader.count if self._reader else 0

    def _lines(self, text: io.TextIOBase) -> Iterator[Line]:
        if self.format == "ndjson":
            for number, raw in enumerate(text, start=1):
                line = raw.rstrip("\r\n")
                if line.strip():
                    yield Line(number, text=_without_problem(line) if PROBLEM in line else line)
            return
        rows = csv.reader(text)
        header = next(rows, None)
        if header is None:
            return
        dropped = header.index(PROBLEM) if PROBLEM in header else None
        self.header = [h for i, h in enumerate(header) if i != dropped]
        for number, row in enumerate(rows, start=1):
            if any(cell.strip() for cell in row):
                yield Line(number, cells=[c for i, c in enumerate(row) if i != dropped])

    def _body(self, lines: list[Line]) -> bytes:
        if self.format == "ndjson":
            return ("\n".join(line.text or "" for line in lines) + "\n").encode()
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.header or [])
        writer.writerows(line.cells or [] for line in lines)
        return out.getvalue().encode()

    def chunk_of(self, index: int, lines: list[Line]) -> Chunk:
        return Chunk(index, lines, self._body(lines))

    def chunks(self, size: int) -> Iterator[Chunk]:
        with self.path.open("rb") as raw:
            self._reader = CountingReader(raw)
            text = io.TextIOWrapper(io.BufferedReader(self._reader, 1 << 16), encoding=self.encoding, newline="")
            batch: list[Line] = []
            index = 0
            lines = self._lines(text)
            while True:
                try:
                    line = next(lines, None)
                except UnicodeDecodeError as exc:
                    raise UnreadableFile(
                        f"{self.path.name} 不是 {self.encoding} 编码（第 {self._reader.count:,} 字节附近），可用 --encoding 指定；"
                        f"{self.path.name} is not {self.encoding} ({exc.reason} near byte {self._reader.count:,}): give --encoding"
                    ) from None
                except csv.Error as exc:
                    raise UnreadableFile(f"{self.path.name} 不是有效的 CSV；{self.path.name} is not valid CSV: {exc}") from None
                if line is None:
                    break
                batch.append(line)
                if len(batch) == size:
                    yield self.chunk_of(index, batch)
                    index, batch = index + 1, []
            if batch:
                yield self.chunk_of(index, batch)
