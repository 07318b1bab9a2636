"""`ipo import` reads the files an office has: UTF-8 with or without a byte-order mark, and GBK / GB 18030 (what
Excel in Chinese saves as CSV), found by itself or named with --encoding; a file it cannot read is one line and
exit status 2, never a traceback."""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ipo_clients.cli import app
from ipo_clients.importer.chunks import file_encoding
from tests.clients.import_endpoint import TOKEN, ImportEndpoint

ROWS = [["引用", "标题", "参加人数"], ["r1", "专利导航宣讲会（襄阳）", "41"], ["r2", "商标品牌培育座谈会", "37"]]


async def run_import(endpoint: ImportEndpoint, *args: str):
    runner = CliRunner()
    return await asyncio.to_thread(
        runner.invoke, app, ["import", *args, "--kind", "briefing", "--service", "training", "--url", endpoint.url,
                             "--token", TOKEN]
    )


def write_csv(path: Path, encoding: str, rows=ROWS) -> Path:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig"])
async def test_a_csv_in_each_office_encoding_arrives_as_its_text(endpoint, tmp_path, encoding):
    source = write_csv(tmp_path / "宣讲会.csv", encoding)

    result = await run_import(endpoint, str(source))

    assert result.exit_code == 0, result.output
    (request,) = endpoint.received
    assert request.header == ROWS[0]
    assert [line["title"] for line in request.lines] == [ROWS[1][1], ROWS[2][1]]


def test_the_encoding_is_found_by_reading_the_whole_file(tmp_path):
    # a GBK character far past the first block still makes it a GBK file
    rows = [ROWS[0], *[[f"r{n}", f"briefing {n}", "30"] for n in range(20_000)], ["r-last", "宣讲会", "30"]]
    assert file_encoding(write_csv(tmp_path / "late.csv", "gbk", rows), None, block=4096) == "gb18030"
    assert file_encoding(write_csv(tmp_path / "plain.csv", "utf-8", rows), None, block=4096) == "utf-8-sig"
    assert file_encoding(write_csv(tmp_path / "given.csv", "utf-8"), "GBK") == "gb18030"


async def test_a_file_read_with_the_wrong_encoding_is_one_line_and_status_2(endpoint, tmp_path):
    source = write_csv(tmp_path / "宣讲会.csv", "gbk")

    result = await run_import(endpoint, str(source), "--encoding", "utf-8")

    assert result.exit_code == 2
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    assert "--encoding" in result.output and "不是" in result.output
    assert endpoint.received == []


async def test_a_utf16_file_is_one_line_and_status_2(endpoint, tmp_path):
    source = tmp_path / "bad.csv"
    source.write_bytes("\ufeff标题,参加人数\n".encode("utf-16-le"))

    result = await run_import(endpoint, str(source))

    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "UTF-16" in result.output and "UTF-8" in result.output
    assert endpoint.received == []


async def test_an_unknown_encoding_is_refused_by_name(endpoint, tmp_path):
    result = await run_import(endpoint, str(write_csv(tmp_path / "a.csv", "utf-8")), "--encoding", "latin-9")
    assert result.exit_code == 2 and "--encoding" in result.output
