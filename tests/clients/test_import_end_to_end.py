"""`ipo import` against the real bulk import endpoint of a running service and its database."""

from __future__ import annotations

import asyncio
import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from ipo_clients.cli import app
from tests.enforcement.helpers import center, event_count, service


async def run_import(url: str, token: str, *args: str):
    runner = CliRunner()
    return await asyncio.to_thread(runner.invoke, app, ["import", *args, "--service", "enforcement", "--url", url, "--token", token])


def token_of(headers: dict[str, str]) -> str:
    return headers["Authorization"].removeprefix("Bearer ")


async def test_a_file_with_bad_lines_is_imported_fixed_and_resent_without_doubles(enforcement, auth, tmp_path: Path):
    token = token_of(auth(subject="bureau-import"))
    records = [{"kind": "assistance-center", "ref": "c-1", **center("wh-e2e")}]
    records += [{"kind": "onsite-service", "ref": f"s-{n}", **service("wh-e2e", occurred_on=f"2019-03-{n:02d}")} for n in range(1, 13)]
    records[5]["occurred_on"] = "2019-02-30"  # an impossible date: refused, naming the field
    source = tmp_path / "services.ndjson"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")

    first = await run_import(enforcement.url, token, str(source), "--chunk-size", "5")
    assert first.exit_code == 1, first.output  # one line refused
    assert await event_count(enforcement) == 12
    refused_file = tmp_path / "services.refused.ndjson"
    refused = [json.loads(line) for line in refused_file.read_text(encoding="utf-8").splitlines()]
    assert [r["ref"] for r in refused] == ["s-5"]
    assert refused[0]["_problem"]["errors"][0]["field"] == "occurred_on"

    again = await run_import(enforcement.url, token, str(source), "--chunk-size", "5")
    assert again.exit_code == 1 and await event_count(enforcement) == 12  # the same file again: nothing twice

    refused[0]["occurred_on"] = "2019-02-28"
    refused_file.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in refused), encoding="utf-8")
    fixed = await run_import(enforcement.url, token, str(refused_file))
    assert fixed.exit_code == 0, fixed.output
    assert await event_count(enforcement) == 13


async def test_a_csv_with_chinese_headers_is_imported(enforcement, auth, tmp_path: Path):
    token = token_of(auth(subject="bureau-import"))
    source = tmp_path / "centers.csv"
    with source.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["引用编号", "中心编号", "名称", "地区", "登记日期"])
        writer.writerows([[f"c-{n}", f"center-{n}", f"援助中心{n}", "420100", "2019-01-01"] for n in range(30)])
    result = await run_import(enforcement.url, token, str(source), "--kind", "assistance-center", "--chunk-size", "7")
    assert result.exit_code == 0, result.output
    assert await event_count(enforcement) == 30
