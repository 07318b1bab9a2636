"""`ipo import` against a real HTTP service implementing the bulk import contract (see import_endpoint.py)."""

from __future__ import annotations

import asyncio
import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from ipo_clients.cli import app
from ipo_clients.importer.chunks import ImportFile
from tests.clients.import_endpoint import TOKEN, ImportEndpoint


async def run_import(endpoint: ImportEndpoint, *args: str):
    """The command as a user runs it (in a thread: the service answers on this test's event loop)."""
    runner = CliRunner()
    return await asyncio.to_thread(
        runner.invoke, app, ["import", *args, "--service", "training", "--url", endpoint.url, "--token", TOKEN]
    )


def briefing(number: int, **changes) -> dict:
    return {"kind": "briefing", "title": f"专利收费减缴政策宣讲会（第{number}场）", "attendance": 40 + number, **changes}


def write_ndjson(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def sent_keys(endpoint: ImportEndpoint) -> list[str]:
    return [r.key for r in endpoint.received]


async def test_ndjson_is_sent_in_chunks_within_max_lines_and_refused_lines_are_kept_with_their_problem(endpoint, tmp_path):
    records = [briefing(n, ref=f"b{n}") if n % 2 else briefing(n) for n in range(1, 11)]
    records[3]["attendance"] = 0
    records[8]["title"] = ""
    source = write_ndjson(tmp_path / "briefings.ndjson", records)

    result = await run_import(endpoint, str(source), "--chunk-size", "500")

    assert result.exit_code == 1, result.output  # some lines were refused
    assert [len(r.lines) for r in endpoint.received] == [4, 4, 2]  # max_lines (4) wins over --chunk-size
    assert len(set(sent_keys(endpoint))) == 3
    assert all(r.content_type == "application/x-ndjson" and r.params == {"dry_run": "false", "atomic": "false"}
               for r in endpoint.received)
    sent_lines = [line for r in endpoint.received for line in r.lines]
    assert sent_lines == source.read_text(encoding="utf-8").splitlines()  # as written: no ref added where none was
    assert len(endpoint.stored) == 8

    refused_path = tmp_path / "briefings.refused.ndjson"
    refused = [json.loads(line) for line in refused_path.read_text(encoding="utf-8").splitlines()]
    assert [r["_problem"]["line"] for r in refused] == [4, 9]
    assert refused[0]["attendance"] == 0 and refused[0]["_problem"]["errors"][0]["field"] == "attendance"
    assert refused[1]["_problem"]["errors"][0] == {"field": "title", "message": "is required"}
    for expected in ("已接受 accepted", "8", "被拒绝 refused", "2", "行/秒 lines/s", "briefings.refused.ndjson"):
        assert expected in result.stdout, result.stdout
    assert "导入；importing briefings.ndjson" in result.stderr  # the progress bar


async def test_a_resent_file_uses_the_same_keys_and_records_nothing_twice(endpoint, tmp_path):
    source = write_ndjson(tmp_path / "again.ndjson", [briefing(n) for n in range(1, 7)])

    first = await run_import(endpoint, str(source))
    keys = sent_keys(endpoint)
    second = await run_import(endpoint, str(source))

    assert first.exit_code == second.exit_code == 0, second.output
    assert sent_keys(endpoint) == keys + keys
    assert len(endpoint.stored) == 6
    assert "行按此前发送该文件时的答复作答；lines answered from an earlier send" in second.stdout
    assert not (tmp_path / "again.refused.ndjson").exists()


async def test_a_corrected_refused_file_is_sent_without_its_problems(endpoint, tmp_path):
    source = write_ndjson(tmp_path / "fix.ndjson", [briefing(1), briefing(2, attendance="many"), briefing(3)])
    assert (await run_import(endpoint, str(source))).exit_code == 1
    refused_path = tmp_path / "fix.refused.ndjson"
    corrected = [{**json.loads(line), "attendance": 55} for line in refused_path.read_text(encoding="utf-8").splitlines()]
    write_ndjson(refused_path, corrected)  # still carrying `_problem`: the client leaves it out

    result = await run_import(endpoint, str(refused_path))

    assert result.exit_code == 0, result.output
    assert [r["attendance"] for r in endpoint.stored] == [41, 43, 55]
    assert "_problem" not in endpoint.received[-1].lines[0]


async def test_csv_goes_with_its_header_in_every_chunk_and_refused_rows_keep_it_with_a_problem_column(endpoint, tmp_path):
    source = tmp_path / "宣讲会.csv"
    with source.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["引用", "标题", "参加人数"])
        for n in range(1, 7):
            writer.writerow([f"r{n}", f"宣讲会\n第{n}场" if n == 2 else f"宣讲会第{n}场", "" if n == 5 else str(30 + n)])

    result = await run_import(endpoint, str(source), "--kind", "briefing", "--chunk-size", "3")

    assert result.exit_code == 1, result.output
    assert [len(r.lines) for r in endpoint.received] == [3, 3]
    assert all(r.header == ["引用", "标题", "参加人数"] and r.params["kind"] == "briefing" for r in endpoint.received)
    assert all(r.content_type.startswith("text/csv") for r in endpoint.received)
    assert endpoint.received[0].lines[1]["title"] == "宣讲会\n第2场"  # a quoted cell spanning two lines
    assert len(endpoint.stored) == 5
    with (tmp_path / "宣讲会.refused.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["引用", "标题", "参加人数", "_problem"]
    assert rows[1][:3] == ["r5", "宣讲会第5场", ""] and "attendance" in rows[1][3]


async def test_csv_needs_a_kind(endpoint, tmp_path):
    source = tmp_path / "rows.csv"
    source.write_text("标题,参加人数\n宣讲会,30\n", encoding="utf-8")

    result = await run_import(endpoint, str(source))

    assert result.exit_code == 2
    assert "--kind" in result.output
    assert endpoint.received == []


async def test_dry_run_stores_nothing(endpoint, tmp_path):
    source = write_ndjson(tmp_path / "check.ndjson", [briefing(1), briefing(2)])

    result = await run_import(endpoint, str(source), "--dry-run")

    assert result.exit_code == 0, result.output
    assert endpoint.stored == []
    assert endpoint.received[0].params["dry_run"] == "true"
    assert "未存储 / nothing stored" in result.stdout


async def test_atomic_checks_the_whole_file_first_and_sends_nothing_when_a_line_fails(endpoint, tmp_path):
    bad = write_ndjson(tmp_path / "bad.ndjson", [briefing(n) for n in range(1, 7)] + [briefing(7, title="")])
    good = write_ndjson(tmp_path / "good.ndjson", [briefing(n) for n in range(1, 7)])

    refused = await run_import(endpoint, str(bad), "--atomic")
    assert refused.exit_code == 1
    assert endpoint.stored == []
    assert all(r.params["dry_run"] == "true" for r in endpoint.received)
    assert "全部未导入；some lines failed the check, so nothing was imported" in refused.stdout

    accepted = await run_import(endpoint, str(good), "--atomic")
    assert accepted.exit_code == 0, accepted.output
    assert len(endpoint.stored) == 6
    assert [r.params["atomic"] for r in endpoint.received[-2:]] == ["true", "true"]


async def test_a_chunk_refused_as_too_big_is_sent_again_in_halves(endpoint, tmp_path):
    endpoint.max_bytes = 300  # one line fits, two do not
    source = write_ndjson(tmp_path / "big.ndjson", [briefing(n, note="说明" * 20) for n in range(1, 5)])

    result = await run_import(endpoint, str(source))

    assert result.exit_code == 0, result.output
    first = endpoint.received[0].key
    assert sent_keys(endpoint) == [first] + [first + part for part in (".a", ".a.a", ".a.b", ".b", ".b.a", ".b.b")]
    assert [r["title"] for r in endpoint.stored] == [briefing(n)["title"] for n in range(1, 5)]


def test_a_large_file_is_read_a_chunk_at_a_time(tmp_path):
    source = write_ndjson(tmp_path / "large.ndjson", [briefing(n, note="x" * 200) for n in range(20_000)])
    size = source.stat().st_size
    reading = ImportFile(source, "ndjson")
    chunks = reading.chunks(100)

    first = next(chunks)

    assert len(first.lines) == 100 and first.lines[0].number == 1
    assert reading.bytes_read < size / 20
    assert sum(len(c.lines) for c in chunks) == 19_900
    assert reading.bytes_read == size


async def test_a_refused_token_ends_the_import_with_the_problem(endpoint, tmp_path):
    source = write_ndjson(tmp_path / "any.ndjson", [briefing(1)])

    result = await asyncio.to_thread(
        CliRunner().invoke, app, ["import", str(source), "--service", "training", "--url", endpoint.url, "--token", "wrong"]
    )

    assert result.exit_code == 2
    assert "(401)" in result.stdout and "Bearer" in result.stdout
    assert endpoint.received == []
