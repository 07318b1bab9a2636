"""POST /v1/import on a real service and database: per-line outcomes, dry run, atomic, refs, CSV with Chinese headers."""

from __future__ import annotations

import asyncio
import csv
import io

import orjson

from tests.enforcement.helpers import ACME, center, event_count, service

NDJSON = {"Content-Type": "application/x-ndjson"}


def ndjson(*lines) -> bytes:
    return b"\n".join(orjson.dumps(line) for line in lines) + b"\n"


def line(kind, ref=None, **fields):
    return {"kind": kind, **({"ref": ref} if ref is not None else {}), **fields}


async def test_a_batch_decides_each_line_like_its_endpoint_and_a_bad_line_never_stops_the_good_ones(enforcement, enforcement_client):
    body = ndjson(
        line("assistance-center", ref="c1", **center("wh-1")),
        line("onsite-service", ref="s1", **service("wh-1")),
        line("onsite-service", ref="s2", **service("no-such-center")),
        line("onsite-service", ref="s3", **service("wh-1", occurred_on="2019-13-01")),
        line("no-such-kind", ref="x"),
        line("onsite-service", **service("wh-1", occurred_on="2019-04-02")),
    ) + b"{not json\n"
    response = await enforcement_client.post("/v1/import", content=body, headers=NDJSON)
    assert response.status_code == 200, response.text
    report = response.json()
    statuses = [(l["line"], l["status"]) for l in report["lines"]]
    assert statuses == [(1, "accepted"), (2, "accepted"), (3, "refused"), (4, "refused"), (5, "refused"), (6, "accepted"), (7, "refused")]
    assert (report["accepted"], report["refused"], report["events_appended"]) == (3, 4, 3)
    by_line = {l["line"]: l for l in report["lines"]}
    assert [e["field"] for e in by_line[3]["problem"]["errors"]] == ["center_id"]
    assert [e["field"] for e in by_line[4]["problem"]["errors"]] == ["occurred_on"]
    assert [e["field"] for e in by_line[5]["problem"]["errors"]] == ["kind"]
    assert by_line[7]["problem"]["errors"][0]["field"] == "line"
    created = by_line[2]
    assert created["location"] == f"/v1/onsite-services/{created['id']}"
    read = await enforcement_client.get(created["location"])
    assert read.status_code == 200 and read.json()["enterprises"][0]["uscc"] == ACME["uscc"]
    assert await event_count(enforcement) == 3


async def test_later_lines_see_what_earlier_lines_of_the_same_batch_recorded(enforcement, enforcement_client):
    first = await enforcement_client.post("/v1/import", content=ndjson(
        line("assistance-center", **center("wh-2")), line("onsite-service", **service("wh-2"))), headers=NDJSON)
    service_id = first.json()["lines"][1]["id"]
    body = ndjson(
        line("onsite-service-retraction", service_id=service_id, reason="重复录入"),
        line("onsite-service-retraction", service_id=service_id, reason="再次撤回"),
        line("assistance-center-closure", center_id="wh-2", closed_on="2019-06-30"),
        line("onsite-service", **service("wh-2", occurred_on="2019-07-05")),
    )
    report = (await enforcement_client.post("/v1/import", content=body, headers=NDJSON)).json()
    assert [l["status"] for l in report["lines"]] == ["accepted", "refused", "accepted", "refused"]
    assert report["lines"][1]["problem"]["status"] == 409  # already retracted, by line 1
    assert report["lines"][3]["problem"]["errors"][0]["field"] == "occurred_on"  # the center closed on line 3
    assert report["lines"][0]["answer"]["stream_version"] == 2


async def test_dry_run_decides_everything_and_stores_nothing(enforcement, enforcement_client):
    body = ndjson(line("assistance-center", ref="c", **center("wh-3")), line("onsite-service", ref="s", **service("wh-3")),
                  line("onsite-service", **service("missing")))
    report = (await enforcement_client.post("/v1/import?dry_run=true", content=body, headers=NDJSON)).json()
    assert [l["status"] for l in report["lines"]] == ["valid", "valid", "refused"]
    assert report["dry_run"] is True and await event_count(enforcement) == 0
    # the refs were not spent: the real import accepts them
    real = (await enforcement_client.post("/v1/import", content=body, headers=NDJSON)).json()
    assert [l["status"] for l in real["lines"]] == ["accepted", "accepted", "refused"]


async def test_atomic_stores_all_or_nothing(enforcement, enforcement_client):
    bad = ndjson(line("assistance-center", **center("wh-4")), line("onsite-service", **service("wh-4", occurred_on="2999-01-01")))
    response = await enforcement_client.post("/v1/import?atomic=true", content=bad, headers=NDJSON)
    assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert [l["status"] for l in problem["lines"]] == ["valid", "refused"]
    assert problem["errors"][0]["field"] == "occurred_on"
    assert await event_count(enforcement) == 0
    good = ndjson(line("assistance-center", **center("wh-4")), line("onsite-service", **service("wh-4")))
    response = await enforcement_client.post("/v1/import?atomic=true", content=good, headers=NDJSON)
    assert response.status_code == 200 and response.json()["accepted"] == 2
    assert await event_count(enforcement) == 2


async def test_a_resent_batch_or_line_changes_nothing(enforcement, enforcement_client):
    body = ndjson(line("assistance-center", ref="c-5", **center("wh-5")), line("onsite-service", ref="s-5", **service("wh-5")))
    first = await enforcement_client.post("/v1/import", content=body, headers={**NDJSON, "Idempotency-Key": "batch-5"})
    again = await enforcement_client.post("/v1/import", content=body, headers={**NDJSON, "Idempotency-Key": "batch-5"})
    assert again.headers.get("Idempotent-Replayed") == "true" and again.json() == first.json()
    # the same lines in another batch (no key): replayed by ref, with the same ids
    other = (await enforcement_client.post("/v1/import", content=body, headers=NDJSON)).json()
    assert [(l["status"], l["replayed"]) for l in other["lines"]] == [("accepted", True), ("accepted", True)]
    assert other["lines"][1]["id"] == first.json()["lines"][1]["id"]
    assert await event_count(enforcement) == 2
    # a ref reused for different content is refused, naming the ref
    changed = ndjson(line("onsite-service", ref="s-5", **service("wh-5", occurred_on="2019-05-01")))
    refused = (await enforcement_client.post("/v1/import", content=changed, headers=NDJSON)).json()["lines"][0]
    assert refused["status"] == "refused" and refused["problem"]["errors"][0]["field"] == "ref"
    # the batch key with another body is refused
    reused = await enforcement_client.post("/v1/import", content=changed, headers={**NDJSON, "Idempotency-Key": "batch-5"})
    assert reused.status_code == 422 and reused.json()["errors"][0]["field"] == "Idempotency-Key"


async def test_concurrent_copies_of_one_batch_store_it_once(enforcement, enforcement_client):
    await enforcement_client.post("/v1/import", content=ndjson(line("assistance-center", **center("wh-6"))), headers=NDJSON)
    body = ndjson(*(line("onsite-service", ref=f"s-{n}", **service("wh-6", occurred_on=f"2019-03-{n + 1:02d}")) for n in range(20)))
    answers = await asyncio.gather(*(enforcement_client.post("/v1/import", content=body, headers=NDJSON) for _ in range(6)))
    assert all(a.status_code == 200 for a in answers), [a.text for a in answers if a.status_code != 200]
    ids = {tuple(l["id"] for l in a.json()["lines"]) for a in answers}
    assert len(ids) == 1 and all(l["status"] == "accepted" for l in answers[0].json()["lines"])
    assert await event_count(enforcement) == 1 + 20


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8-sig")  # as a spreadsheet saves it, with a byte-order mark


async def test_csv_with_chinese_headers_or_field_names(enforcement, enforcement_client):
    centers = _csv([["引用编号", "中心编号", "名称", "地区", "登记日期"], ["c-7", "wh-7", "东湖援助中心", "420100", "2019-01-01"],
                    ["c-8", "yc-8", "宜昌援助中心", "420500", "2019-02-01"]])
    report = (await enforcement_client.post("/v1/import?kind=assistance-center", content=centers,
                                            headers={"Content-Type": "text/csv"})).json()
    assert [l["status"] for l in report["lines"]] == ["accepted", "accepted"], report
    services = _csv([
        ["ref", "center_id", "occurred_on", "enterprises.0.uscc", "企业.0.名称", "enterprises.0.ownership", "enterprises.0.region", "摘要"],
        ["s-7", "wh-7", "2019-03-12", ACME["uscc"], ACME["name"], "private", "420100", "专利布局指导"],
        ["s-8", "yc-8", "2019-03-40", ACME["uscc"], ACME["name"], "private", "420100", ""],
    ])
    report = (await enforcement_client.post("/v1/import?kind=onsite-service", content=services,
                                            headers={"Content-Type": "text/csv; charset=utf-8"})).json()
    assert [l["status"] for l in report["lines"]] == ["accepted", "refused"]
    assert report["lines"][1]["problem"]["errors"][0]["field"] == "occurred_on"
    gbk = "中心编号,名称,地区,登记日期\nxg-9,孝感援助中心,420900,2019-01-05\n".encode("gbk")
    report = (await enforcement_client.post("/v1/import?kind=assistance-center", content=gbk,
                                            headers={"Content-Type": "text/csv; charset=gbk"})).json()
    assert report["accepted"] == 1


async def test_bad_requests_name_what_is_wrong_and_store_nothing(enforcement, enforcement_client, auth):
    unknown_column = _csv([["中心编号", "颜色"], ["wh-1", "红"]])
    response = await enforcement_client.post("/v1/import?kind=assistance-center", content=unknown_column, headers={"Content-Type": "text/csv"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "header.颜色"
    response = await enforcement_client.post("/v1/import", content=_csv([["center_id"]]), headers={"Content-Type": "text/csv"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "kind"
    response = await enforcement_client.post("/v1/import", content=b"<xml/>", headers={"Content-Type": "application/xml"})
    assert response.status_code == 415
    response = await enforcement_client.post("/v1/import", content=b"\xff\xfe{}", headers=NDJSON)
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "body"
    nul = ndjson(line("assistance-center", **center("wh-\u0000")))
    report = (await enforcement_client.post("/v1/import", content=nul, headers=NDJSON)).json()
    assert report["lines"][0]["status"] == "refused" and report["lines"][0]["problem"]["errors"][0]["field"] == "center_id"
    too_many = ndjson(*(line("assistance-center", **center(f"c-{n}")) for n in range(5_001)))
    response = await enforcement_client.post("/v1/import", content=too_many, headers=NDJSON)
    assert response.status_code == 413
    read_only = await enforcement_client.post("/v1/import", content=ndjson(line("assistance-center", **center("z"))),
                                              headers={**NDJSON, **auth(scopes=["read"])})
    assert read_only.status_code == 403
    assert await event_count(enforcement) == 0


async def test_a_region_limited_token_imports_only_its_region(enforcement, enforcement_client, auth):
    await enforcement_client.post("/v1/import", content=ndjson(line("assistance-center", **center("yc-1", region="420500"))), headers=NDJSON)
    body = ndjson(line("assistance-center", **center("wh-10")), line("onsite-service", **service("yc-1")))
    report = (await enforcement_client.post("/v1/import", content=body, headers={**NDJSON, **auth(region="420100")})).json()
    assert [l["status"] for l in report["lines"]] == ["accepted", "refused"]
    assert report["lines"][1]["problem"]["status"] == 403


async def test_the_kinds_catalogue_lists_every_write_route_with_its_fields(enforcement_client):
    catalogue = (await enforcement_client.get("/v1/import/kinds")).json()
    kinds = {k["kind"]: k for k in catalogue["kinds"]}
    assert catalogue["max_lines"] == 5_000
    assert kinds["onsite-service"]["endpoint"] == "POST /v1/onsite-services"
    retraction = {f["name"]: f for f in kinds["onsite-service-retraction"]["fields"]}
    assert retraction["service_id"]["in_path"] and retraction["reason"]["required"]
    assert {f["name"]: f["label_zh"] for f in kinds["onsite-service"]["fields"]}["occurred_on"] == "发生日期"


async def test_a_command_with_its_own_kind_field_sends_its_fields_under_data(enforcement, enforcement_client):
    from tests.enforcement.bodies import fast_track_case

    flat = ndjson(line("fast-track-case", **{k: v for k, v in fast_track_case().items() if k != "kind"}))
    refused = (await enforcement_client.post("/v1/import", content=flat, headers=NDJSON)).json()["lines"][0]
    assert refused["status"] == "refused" and refused["problem"]["errors"][0]["field"] == "kind"
    assert "data" in refused["problem"]["detail"]
    nested = ndjson({"kind": "fast-track-case", "ref": "ft-1", "data": fast_track_case()})
    accepted = (await enforcement_client.post("/v1/import", content=nested, headers=NDJSON)).json()["lines"][0]
    assert accepted["status"] == "accepted", accepted
    read = await enforcement_client.get(accepted["location"])
    assert read.status_code == 200 and read.json()["kind"] == fast_track_case()["kind"]


async def test_a_line_names_the_record_an_earlier_line_created_by_its_ref(enforcement, enforcement_client):
    request = {"center_id": "wh-8", "enterprise": ACME, "channel": "hotline_12330", "received_at": "2019-03-12T09:30:00+08:00"}
    body = ndjson(
        line("assistance-center", **center("wh-8")),
        line("assistance-request", ref="req-1", **request),
        line("assistance-request-first-response", request_id={"$ref": "req-1"}, responded_at="2019-03-12T11:00:00+08:00"),
        line("assistance-request-resolution", request_id={"$ref": "req-1"}, resolved_at="2019-03-20T16:00:00+08:00"),
        line("assistance-request-first-response", request_id={"$ref": "req-9"}, responded_at="2019-03-12T11:00:00+08:00"),
        line("assistance-request", ref="req-2", **{**request, "center_id": "no-such-center"}),
        line("assistance-request-resolution", request_id={"$ref": "req-2"}, resolved_at="2019-03-20T16:00:00+08:00"),
        line("assistance-request-resolution", request_id={"$ref": ["req-1"]}, resolved_at="2019-03-20T16:00:00+08:00"),
    )
    dry = (await enforcement_client.post("/v1/import", params={"dry_run": "true"}, content=body, headers=NDJSON)).json()
    assert [l["status"] for l in dry["lines"]] == ["valid", "valid", "valid", "valid", "refused", "refused", "refused", "refused"]
    assert await event_count(enforcement) == 0
    report = (await enforcement_client.post("/v1/import", content=body, headers=NDJSON)).json()
    lines = report["lines"]
    assert [l["status"] for l in lines] == ["accepted", "accepted", "accepted", "accepted", "refused", "refused", "refused", "refused"]
    request_id = lines[1]["id"]
    assert lines[2]["id"] == lines[3]["id"] == request_id and lines[3]["answer"]["stream_version"] == 3
    # an unknown ref, a ref whose line was refused, and a malformed reference are refused naming the field
    assert [(l["problem"]["errors"][0]["field"], "req-9" in l["problem"]["detail"]) for l in lines[4:5]] == [("request_id", True)]
    assert lines[6]["problem"]["errors"][0]["field"] == "request_id" and "req-2" in lines[6]["problem"]["detail"]
    assert lines[7]["problem"]["errors"][0]["field"] == "request_id"
    assert await event_count(enforcement) == 4
    stored = (await enforcement_client.get(f"/v1/assistance-requests/{request_id}")).json()
    assert stored["response_minutes"] == 90 and stored["resolved_at"] is not None

    # a later batch names a record an earlier batch created under a ref; resending the referring line stores nothing new
    later = ndjson(line("onsite-service-retraction", ref="late-1", service_id={"$ref": "svc-1"}, reason="重复录入"))
    first = ndjson(line("onsite-service", ref="svc-1", **service("wh-8")))
    service_id = (await enforcement_client.post("/v1/import", content=first, headers=NDJSON)).json()["lines"][0]["id"]
    retracted = (await enforcement_client.post("/v1/import", content=later, headers=NDJSON)).json()["lines"][0]
    assert (retracted["status"], retracted["id"]) == ("accepted", service_id)
    again = (await enforcement_client.post("/v1/import", content=later, headers=NDJSON)).json()["lines"][0]
    assert (again["status"], again["replayed"], again["id"]) == ("accepted", True, service_id)
    assert await event_count(enforcement) == 6
