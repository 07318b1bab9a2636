"""POST /v1/import on real services: bounded CSV headers, strict lines, large bodies off the event loop, and
kinds whose endpoint reads its own answer (measure 11's recommendations and recognitions)."""

from __future__ import annotations

import asyncio
import csv
import io
import time

import httpx
import orjson
import pytest

from kernel.domain.enterprise import uscc_check_character

NDJSON = {"Content-Type": "application/x-ndjson"}
CSV = {"Content-Type": "text/csv"}


def uscc(n: int) -> str:
    first17 = f"9142010{n:010d}"
    return first17 + uscc_check_character(first17)


def enterprise(n: int) -> dict:
    return {"uscc": uscc(n), "name": f"武汉测试{n}科技有限公司", "ownership": "private", "region": "420100"}


def ndjson(*lines) -> bytes:
    return b"\n".join(orjson.dumps(line) for line in lines) + b"\n"


def problem_fields(response: httpx.Response) -> list[str]:
    assert response.headers["content-type"] == "application/problem+json", (response.status_code, response.text[:300])
    return [e["field"] for e in response.json().get("errors", [])]


@pytest.fixture
async def training(start_service):
    return await start_service("training")


@pytest.fixture
async def training_client(training, client_for):
    return client_for(training)


async def _events(service) -> int:
    from sqlalchemy import text
    async with service.app.state.engine.connect() as conn:
        return (await conn.execute(text("SELECT count(*) FROM events"))).scalar_one()


# --- finding 3: an endpoint that reads its own answer, through the import -------------------------------------

async def test_recommendations_and_recognitions_import_through_ndjson(training, training_client):
    body = ndjson(
        {"kind": "demonstration-recommendation", "ref": "rec-1", "enterprise": enterprise(1), "level": "national_advantage",
         "recommended_on": "2019-04-10", "recommended_by": "420000"},
        {"kind": "demonstration-recognition", "ref": "rcg-1", "enterprise": enterprise(1), "level": "national_advantage",
         "recognized_on": "2019-11-20", "recommendation_id": {"$ref": "rec-1"}},
        {"kind": "demonstration-recognition", "enterprise": enterprise(2), "level": "national_advantage",
         "recognized_on": "2019-13-20"},
    )
    response = await training_client.post("/v1/import", content=body, headers=NDJSON)
    assert response.status_code == 200, response.text
    report = response.json()
    assert [line["status"] for line in report["lines"]] == ["accepted", "accepted", "refused"]
    recommendation, recognition = report["lines"][0], report["lines"][1]
    assert recommendation["id"] == recommendation["answer"]["recommendation_id"]
    assert recommendation["location"] == f"/v1/demonstration-recommendations/{recommendation['id']}"
    assert recognition["location"] == f"/v1/demonstration-recognitions/{recognition['answer']['recognition_id']}"
    read = await training_client.get(recognition["location"])
    assert read.status_code == 200 and read.json()["recommendation_id"] == recommendation["id"]
    assert await _events(training) == 2


async def test_recommendations_import_through_csv_with_chinese_or_english_headers(training, training_client):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["ref", "enterprise.uscc", "enterprise.name", "enterprise.ownership", "enterprise.region", "level",
                     "recommended_on", "recommended_by"])
    for n in (3, 4):
        e = enterprise(n)
        writer.writerow([f"csv-{n}", e["uscc"], e["name"], e["ownership"], e["region"], "national_advantage", "2019-04-10", "420000"])
    response = await training_client.post("/v1/import?kind=demonstration-recommendation", content=out.getvalue().encode(), headers=CSV)
    assert response.status_code == 200, response.text
    lines = response.json()["lines"]
    assert [line["status"] for line in lines] == ["accepted", "accepted"]
    for line in lines:
        read = await training_client.get(line["location"])
        assert read.status_code == 200, read.text
    assert await _events(training) == 2


# --- finding 1: a header naming a huge list index, or a deep path --------------------------------------------

@pytest.mark.parametrize("index", ["10000000", "100000000", "9" * 5000, "500"])
async def test_a_csv_header_naming_a_huge_list_index_is_422_at_once_naming_the_header(enforcement, enforcement_client, index):
    title = f"enterprises.{index}.uscc"
    body = f"center_id,occurred_on,{title}\nx,2019-01-01,1\n".encode()
    started = time.perf_counter()
    response = await enforcement_client.post("/v1/import?kind=onsite-service", content=body, headers=CSV)
    assert time.perf_counter() - started < 2
    assert response.status_code == 422, response.text
    assert problem_fields(response) == [f"header.{title}"]
    assert await _events(enforcement) == 0


@pytest.mark.parametrize("title", [".".join(["enterprises", "0"] * 250), "enterprises.0.0.uscc", "center_id.0",
                                   "enterprises.0.uscc.0", "企业.０.统一社会信用代码"])
async def test_a_csv_header_too_deep_or_indexing_what_is_no_list_is_422(enforcement, enforcement_client, title):
    body = f"center_id,occurred_on,{title}\nx,2019-01-01,1\n".encode()
    response = await enforcement_client.post("/v1/import?kind=onsite-service", content=body, headers=CSV)
    assert response.status_code == 422, response.text
    assert problem_fields(response) == [f"header.{title}"]


async def test_two_csv_columns_filling_the_same_field_are_422(enforcement, enforcement_client):
    body = "center_id,occurred_on,enterprises,enterprises.0.uscc\nx,2019-01-01,abc,1\n".encode()
    response = await enforcement_client.post("/v1/import?kind=onsite-service", content=body, headers=CSV)
    assert response.status_code == 422, response.text
    assert problem_fields(response) == ["header.enterprises.0.uscc"]


# --- finding 4: import lines nested deep, repeated members ------------------------------------------------------

@pytest.mark.parametrize("depth", [40, 300, 990, 5000])
async def test_an_import_line_nested_deep_is_refused_alone(enforcement, enforcement_client, depth):
    deep = b'{"kind": "assistance-center", "center_id": "deep", "name": ' + b"[" * depth + b"]" * depth + b"}"
    good = orjson.dumps({"kind": "assistance-center", "center_id": "wh-ok", "name": "武汉市知识产权维权援助中心",
                         "region": "420100", "registered_on": "2019-01-01"})
    response = await enforcement_client.post("/v1/import", content=deep + b"\n" + good + b"\n", headers=NDJSON)
    assert response.status_code == 200, response.text
    first, second = response.json()["lines"]
    assert first["status"] == "refused" and first["problem"]["status"] == 422
    assert second["status"] == "accepted"
    assert await _events(enforcement) == 1


async def test_a_csv_cell_holding_deep_json_refuses_its_row_naming_the_column(enforcement, enforcement_client):
    deep = "[" * 300 + "]" * 300
    body = f'center_id,occurred_on,enterprises\nx,2019-01-01,"{deep}"\n'.encode()
    response = await enforcement_client.post("/v1/import?kind=onsite-service", content=body, headers=CSV)
    assert response.status_code == 200, response.text
    (line,) = response.json()["lines"]
    assert line["status"] == "refused" and [e["field"] for e in line["problem"]["errors"]] == ["enterprises"]


async def test_a_repeated_member_in_an_ndjson_line_refuses_that_line_naming_the_member(enforcement, enforcement_client):
    repeated = (b'{"kind": "assistance-center", "center_id": "wh-a", "name": "A", "region": "420100", '
                b'"registered_on": "2019-01-01", "region": "420200"}')
    nested = (b'{"kind": "onsite-service", "center_id": "wh-a", "occurred_on": "2019-03-01", "enterprises": '
              b'[{"uscc": "91440101MA5CJQ4N59", "name": "x", "name": "y", "ownership": "private", "region": "420100"}]}')
    response = await enforcement_client.post("/v1/import", content=repeated + b"\n" + nested + b"\n", headers=NDJSON)
    assert response.status_code == 200, response.text
    lines = response.json()["lines"]
    assert [line["status"] for line in lines] == ["refused", "refused"]
    assert [e["field"] for e in lines[0]["problem"]["errors"]] == ["region"]
    assert [e["field"] for e in lines[1]["problem"]["errors"]] == ["enterprises.0.name"]
    assert await _events(enforcement) == 0


async def test_a_repeated_member_in_a_json_array_import_is_refused(enforcement, enforcement_client):
    body = (b'[{"kind": "assistance-center", "center_id": "wh-b", "name": "B", "region": "420100", '
            b'"registered_on": "2019-01-01", "center_id": "wh-c"}]')
    response = await enforcement_client.post("/v1/import", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    assert problem_fields(response) == ["0.center_id"]
    assert await _events(enforcement) == 0


# --- finding 1: a large import is read while the service keeps answering -------------------------------------

def _large_csv(rows: int, per_row: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    header = ["center_id", "occurred_on"]
    for n in range(per_row):
        header += [f"enterprises.{n}.uscc", f"enterprises.{n}.name", f"enterprises.{n}.ownership", f"enterprises.{n}.region"]
    writer.writerow(header)
    firms = [enterprise(n) for n in range(per_row)]
    cells = [value for e in firms for value in (e["uscc"], e["name"], e["ownership"], e["region"])]
    for _ in range(rows):
        writer.writerow(["wh-big", "2019-03-12", *cells])
    return out.getvalue().encode()


async def test_healthz_keeps_answering_while_a_large_import_is_read(enforcement, enforcement_client, monkeypatch):
    """While the body is parsed, /healthz answers: the parse runs off the event loop. Checked by order, not by
    time: on the loop no answer could be completed between the parse's start and its end."""
    from kernel.imports import endpoints

    created = await enforcement_client.post("/v1/assistance-centers", json={
        "center_id": "wh-big", "name": "武汉市知识产权维权援助中心", "region": "420100", "registered_on": "2019-01-01"})
    assert created.status_code == 201, created.text
    body = _large_csv(rows=4900, per_row=40)
    assert len(body) > 12_000_000
    parsing: list[float] = []
    answered: list[float] = []
    done = asyncio.Event()
    read_batch = endpoints._read_batch

    def timed_read(*args, **kwargs):
        parsing.append(time.perf_counter())
        try:
            return read_batch(*args, **kwargs)
        finally:
            parsing.append(time.perf_counter())

    monkeypatch.setattr(endpoints, "_read_batch", timed_read)

    async def probe() -> None:
        async with httpx.AsyncClient(base_url=enforcement.url, timeout=60) as client:
            while not done.is_set():
                await asyncio.sleep(0.02)
                answer = await client.get("/healthz")
                assert answer.status_code == 200
                answered.append(time.perf_counter())

    prober = asyncio.create_task(probe())
    try:
        response = await enforcement_client.post("/v1/import?kind=onsite-service&dry_run=true", content=body, headers=CSV,
                                                 timeout=300)
    finally:
        done.set()
        await prober
    assert response.status_code == 200, response.text[:500]
    report = response.json()
    assert report["refused"] == 0 and len(report["lines"]) == 4900
    started, ended = parsing
    during = [t for t in answered if started < t < ended]
    assert len(during) >= 2, f"{len(during)} answers of /healthz while the body was parsed for {ended - started:.2f} s"
