"""Hand-written hostile input against each command service.

Every case answers a 4xx problem+json and stores nothing, except text that is legitimately storable (SQL,
markup, template fragments): that is stored verbatim as data, answered as JSON, and read back identical.
No case may answer a 5xx.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from tests.reliability.hostile import (  # noqa: F401 - `clients` is a fixture
    COMMAND_SERVICES, SERVICES, TARGETS, Target, clients, created, example, number_route, offline_app, problem_fields,
    refused, with_raw_text,
)


@SERVICES
def test_a_body_of_10_mb_is_413(live, clients, service):
    target = TARGETS[service]
    body = json.dumps({**example(service, target.path), target.text: "x" * 10_000_000}).encode()
    response = refused(live, clients(service), service,
                       lambda c: c.post(target.path, content=body, headers={"content-type": "application/json"}),
                       statuses=[413])
    assert response.json()["type"] == "/problems/payload-too-large"


@SERVICES
def test_a_chunked_body_of_10_mb_without_a_length_is_413(live, clients, service):
    target = TARGETS[service]

    def chunks():
        for _ in range(100):
            yield b" " * 100_000

    refused(live, clients(service), service,
            lambda c: c.post(target.path, content=chunks(), headers={"content-type": "application/json"}), statuses=[413])


NESTED = {
    "arrays": b"[" * 100_000 + b"]" * 100_000,
    "objects": b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    "in a field": None,  # built per target: the text field holds a deep array
}


@SERVICES
@pytest.mark.parametrize("shape", list(NESTED))
def test_deeply_nested_json_is_a_4xx(live, clients, service, shape):
    target = TARGETS[service]
    content = NESTED[shape]
    if content is None:
        head = json.dumps({**example(service, target.path), target.text: "<here>"}).encode()
        content = head.replace(b'"<here>"', b"[" * 20_000 + b"]" * 20_000)
    refused(live, clients(service), service,
            lambda c: c.post(target.path, content=content, headers={"content-type": "application/json"}))


WRONG_CONTENT_TYPES = ["text/plain", "application/xml", "text/html", "application/x-www-form-urlencoded",
                       "multipart/form-data; boundary=x", "application/octet-stream", "", "application/json; charset=latin-1"]


@SERVICES
@pytest.mark.parametrize("content_type", WRONG_CONTENT_TYPES)
def test_a_wrong_content_type_is_a_4xx(live, clients, service, content_type):
    target = TARGETS[service]
    if content_type == "application/json; charset=latin-1":
        content = with_raw_text(service, target, "café".encode("latin-1"))
    elif content_type.startswith("application/x-www-form"):
        content = b"&".join(f"{k}={v}".encode() for k, v in example(service, target.path).items() if isinstance(v, str))
    else:
        content = json.dumps(example(service, target.path)).encode()
    headers = {"content-type": content_type} if content_type else {}
    refused(live, clients(service), service, lambda c: c.post(target.path, content=content, headers=headers))


ENCODINGS = [
    "latin-1",
    "utf-16",
    "utf-32",
    "invalid bytes",
    "lone surrogate",
]


@SERVICES
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_body_that_is_not_utf8_is_a_4xx(live, clients, service, encoding):
    target = TARGETS[service]
    text = json.dumps({**example(service, target.path), target.text: "café ü"}, ensure_ascii=False)
    content = {
        "latin-1": lambda: with_raw_text(service, target, "café ü".encode("latin-1")),
        "utf-16": lambda: text.encode("utf-16"),
        "utf-32": lambda: text.encode("utf-32"),
        "invalid bytes": lambda: with_raw_text(service, target, b"caf\xff\xfe"),
        "lone surrogate": lambda: with_raw_text(service, target, b"a\\ud800b"),
    }[encoding]()
    refused(live, clients(service), service,
            lambda c: c.post(target.path, content=content, headers={"content-type": "application/json"}))


BAD_DATES = ["0000-00-00", "9999-12-31", "1900-01-01", "2019-02-30", "2019-13-01", "+02019-01-01", "-2019-01-01",
             "2019-1-1", "20190101x", "", "１２３", 20190101, None, "2019-01-01T00:00:00", "2019-01-01T00:00:00Z",
             "20190101", "2019-W01-1", "1546272000", 1546272000]


@SERVICES
@pytest.mark.parametrize("value", BAD_DATES, ids=[repr(v) for v in BAD_DATES])
def test_impossible_out_of_range_and_malformed_dates_are_refused_naming_the_field(live, clients, service, value):
    target = TARGETS[service]
    body = {**example(service, target.path), target.date: value}
    response = refused(live, clients(service), service, lambda c: c.post(target.path, json=body), statuses=[422])
    assert target.date in problem_fields(response)


BAD_NUMBERS = [-1, -(2**63), 2**63, 2**64, 10**400, 1e308, -1e308, 1.5, "12", True, "NaN", "Infinity", "-Infinity"]


@SERVICES
@pytest.mark.parametrize("value", BAD_NUMBERS, ids=[repr(v)[:12] for v in BAD_NUMBERS])
def test_negative_huge_and_non_integer_numbers_are_refused_naming_the_field(request, live, clients, service, value):
    target = TARGETS[service]
    client = clients(service)
    path = number_route(client, target)
    body = json.dumps({**example(service, target.number_path), target.number: "<n>"}).encode()
    # written by hand: json.dumps would refuse NaN/Infinity as values and turn huge ints into text fine
    literal = value if isinstance(value, str) and value in ("NaN", "Infinity", "-Infinity") else json.dumps(value)
    content = body.replace(b'"<n>"', str(literal).encode())
    response = refused(live, client, service,
                       lambda c: c.post(path, content=content, headers={"content-type": "application/json"}))
    assert response.status_code == 422
    fields = problem_fields(response)
    assert target.number in fields or fields == ["body"], fields


CONTROL_TEXT = ["a\x01b", "\x1b[31mred\x1b[0m", "bell\x07", "back\x08space", "del\x7f", "form\x0cfeed", "a\x1fb"]


@SERVICES
@pytest.mark.parametrize("value", CONTROL_TEXT, ids=[repr(v) for v in CONTROL_TEXT])
def test_control_characters_in_text_are_refused_naming_the_field(live, clients, service, value):
    target = TARGETS[service]
    body = {**example(service, target.path), target.text: value}
    response = refused(live, clients(service), service, lambda c: c.post(target.path, json=body), statuses=[422])
    assert target.text in problem_fields(response)


@SERVICES
def test_a_nul_in_a_text_field_is_refused(live, clients, service):
    target = TARGETS[service]
    body = {**example(service, target.path), target.text: "a\x00b"}
    response = refused(live, clients(service), service, lambda c: c.post(target.path, json=body), statuses=[422])
    assert target.text in problem_fields(response)


@SERVICES
def test_a_nul_in_a_json_key_is_refused(live, clients, service):
    target = TARGETS[service]
    body = {**example(service, target.path), "x\x00y": "z"}
    refused(live, clients(service), service, lambda c: c.post(target.path, json=body), statuses=[422])


@SERVICES
def test_a_raw_nul_byte_in_the_body_is_refused(live, clients, service):
    target = TARGETS[service]
    content = json.dumps(example(service, target.path)).encode().replace(b"{", b"{\x00", 1)
    refused(live, clients(service), service,
            lambda c: c.post(target.path, content=content, headers={"content-type": "application/json"}))


def _record_paths(service: str) -> list[str]:
    """Every GET and POST route with a path parameter, with that parameter set to a NUL byte."""
    spec = offline_app(service).openapi()
    paths = []
    for route, item in spec["paths"].items():
        if "{" in route:
            for method in ("get", "post"):
                if method in item:
                    paths.append((method.upper(), route))
    return paths


@SERVICES
def test_a_nul_byte_in_any_path_parameter_is_a_4xx(live, clients, service):
    client = clients(service)
    before = live.event_count(service)
    answers = {}
    for method, route in _record_paths(service):
        path = "/".join("a%00b" if part.startswith("{") else part for part in route.split("/"))
        body = example(service, route) if method == "POST" else None
        response = client.request(method, path, json=body)
        answers[f"{method} {route}"] = response.status_code
        assert 400 <= response.status_code < 500, (method, route, response.status_code, response.text[:300])
        problem_fields(response)
    assert answers, "the service has routes with path parameters"
    assert live.event_count(service) == before


@SERVICES
@pytest.mark.parametrize("query", ["after=%00", "limit=%00", "after=a%00b", "limit=99999999999999999999999", "limit=-1",
                                   "limit=1e308", "after=%ff%fe"])
def test_hostile_query_strings_on_list_routes_are_a_4xx_or_ignored(live, clients, service, query):
    """Every list route (a GET without path parameters under /v1) refuses a hostile query with a 4xx, or ignores it."""
    spec = offline_app(service).openapi()
    client = clients(service)
    lists = [route for route, item in spec["paths"].items() if route.startswith("/v1/") and "{" not in route and "get" in item]
    assert lists
    for route in lists:
        response = client.get(f"{route}?{query}")
        assert response.status_code < 500, (route, query, response.status_code, response.text[:300])
        if response.status_code >= 400:
            problem_fields(response)
        else:
            assert response.status_code == 200


STORABLE_TEXT = [
    "Robert'); DROP TABLE events;--",
    "' OR '1'='1",
    "1; SELECT pg_sleep(10)",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{7*7}} ${7*7} #{7*7}",
    "${jndi:ldap://example.invalid/a}",
    "\\u0000 is not a NUL, \\x00 neither",
    "汉字 😀 👩\u200d💻",
    "tab\tand\nnew line",
]


@SERVICES
@pytest.mark.parametrize("value", STORABLE_TEXT, ids=[repr(v)[:24] for v in STORABLE_TEXT])
def test_sql_and_script_fragments_are_stored_as_text_and_read_back_identical(live, clients, service, value):
    target = TARGETS[service]
    client = clients(service)
    before = live.event_count(service)
    response = created(client, target.path, {**example(service, target.path), target.text: value})
    assert response.headers["content-type"] == "application/json"
    assert live.event_count(service) == before + 1  # the store is intact and holds exactly the one new event
    read = client.get(response.headers["location"])
    assert read.status_code == 200 and read.headers["content-type"] == "application/json"
    assert read.json()[target.text] == value
    assert json.loads(read.content.decode("utf-8"))[target.text] == value
    # JSON, not markup: every quote inside the value is escaped on the wire
    raw = read.content.decode("utf-8")
    assert json.dumps(value, ensure_ascii=False)[1:-1] in raw or json.dumps(value)[1:-1] in raw


@SERVICES
def test_duplicate_json_keys_are_refused(live, clients, service):
    """Two values for one field: which one counts is parser-dependent, so the request is ambiguous and refused."""
    target = TARGETS[service]
    body = json.dumps(example(service, target.path))
    content = (body[:-1] + f', "{target.text}": "second"' + "}").encode()
    response = refused(live, clients(service), service,
                       lambda c: c.post(target.path, content=content, headers={"content-type": "application/json"}),
                       statuses=[422])
    assert target.text in problem_fields(response)


@SERVICES
@pytest.mark.parametrize("depth", [255, 300, 600, 990])
@pytest.mark.parametrize("shape", ["objects", "arrays in a field"])
def test_json_nested_255_to_990_levels_is_a_4xx_not_a_500(live, clients, service, depth, shape):
    target = TARGETS[service]
    if shape == "objects":
        content = b'{"a":' * depth + b"1" + b"}" * depth
    else:
        head = json.dumps({**example(service, target.path), target.text: "<here>"}).encode()
        content = head.replace(b'"<here>"', b"[" * depth + b"]" * depth)
    refused(live, clients(service), service,
            lambda c: c.post(target.path, content=content, headers={"content-type": "application/json"}))


@SERVICES
@pytest.mark.parametrize("query", ["since=-904", "until=0.5", "since=0", "until=2019", "since=2019-06-30T18"])
def test_the_audit_takes_iso_8601_moments_only(live, clients, service, query):
    name = query.split("=")[0]
    response = refused(live, clients(service), service, lambda c: c.get(f"/v1/audit?{query}"), statuses=[422])
    assert problem_fields(response) == [name]


@SERVICES
def test_the_audit_reads_a_moment_without_a_zone_as_beijing_time(live, clients, service):
    client = clients(service)
    created(client, TARGETS[service].path, example(service, TARGETS[service].path))
    everything = client.get("/v1/audit?limit=1000").json()["entries"]
    assert everything
    last = max(e["time"] for e in everything)  # RFC 3339 in UTC
    moment = datetime.fromisoformat(last.replace("Z", "+00:00")) + timedelta(hours=8, seconds=1)  # the same instant, Beijing
    naive = moment.replace(tzinfo=None).isoformat(timespec="seconds")
    answer = client.get(f"/v1/audit?until={naive}&limit=1000")
    assert answer.status_code == 200, answer.text
    assert len(answer.json()["entries"]) == len(everything)
    later = client.get(f"/v1/audit?since={naive}&limit=1000")
    assert later.status_code == 200 and later.json()["entries"] == []


@pytest.mark.parametrize("query", ["on=0", "on=-904", "on=2019-01-01T00:00:00", "on=1546272000"])
def test_a_credit_status_day_is_a_date_only(live, clients, query):
    client = clients("enforcement")
    response = refused(live, client, "enforcement", lambda c: c.get(f"/v1/credit-list/91440101MA5CJQ4N59?{query}"), statuses=[422])
    assert problem_fields(response) == ["on"]
    assert client.get("/v1/credit-list/91440101MA5CJQ4N59?on=2019-06-30").json()["on"] == "2019-06-30"


@pytest.mark.parametrize("query", ["known_at=-904", "known_at=0.5", "known_at=0", "as_of=0", "as_of=2019-06-30T00:00:00"])
@pytest.mark.parametrize("path", ["/v1/attainment", "/v1/indicators"])
def test_projection_dates_are_iso_8601_only(live, clients, path, query):
    response = clients("projection").get(f"{path}?year=2019&{query}")
    assert response.status_code == 422, response.text
    assert problem_fields(response) == [query.split("=")[0]]


@pytest.mark.parametrize("path", ["/v1/attainment", "/v1/indicators"])
def test_projection_moments_with_or_without_a_zone_are_read_as_before(live, clients, path):
    client = clients("projection")
    naive = client.get(f"{path}?year=2019&as_of=2019-06-30&known_at=2019-07-01T08:00:00")
    zoned = client.get(f"{path}?year=2019&as_of=2019-06-30&known_at=2019-07-01T00:00:00Z")
    assert naive.status_code == zoned.status_code == 200, (naive.text, zoned.text)
    instants = [datetime.fromisoformat(r.json()["known_at"].replace("Z", "+00:00")) for r in (naive, zoned)]
    assert instants[0] == instants[1] and naive.json()["as_of"] == "2019-06-30"  # 08:00 without a zone is Beijing time


INVISIBLE_NAMES = ["\u200b", "\u200b\u200c\u200d\u2060", "\ufeff \u3000", "\u00ad"]
BIDI_NAMES = ["\u202eevil\u202c", "武汉\u2066某\u2069公司", "a\u200fb", "a\u061cb"]
NAME_FIELDS = [("training", "/v1/trademark-guidance-sessions", "topic"),
               ("training", "/v1/trademark-guidance-sessions", "enterprise.name"),
               ("enforcement", "/v1/assistance-centers", "name")]


@pytest.mark.parametrize(("service", "path", "field"), NAME_FIELDS)
@pytest.mark.parametrize("value", INVISIBLE_NAMES + BIDI_NAMES, ids=[repr(v) for v in INVISIBLE_NAMES + BIDI_NAMES])
def test_a_name_without_a_visible_character_or_with_a_bidi_control_is_refused(live, clients, service, path, field, value):
    body = example(service, path)
    holder = body
    *outer, last = field.split(".")
    for part in outer:
        holder = holder[part]
    holder[last] = value
    response = refused(live, clients(service), service, lambda c: c.post(path, json=body), statuses=[422])
    assert problem_fields(response) == [field]


@SERVICES
def test_an_idempotency_key_of_10000_characters_is_refused_naming_the_header(live, clients, service):
    target = TARGETS[service]
    response = refused(live, clients(service), service,
                       lambda c: c.post(target.path, json=example(service, target.path), headers={"Idempotency-Key": "k" * 10_000}),
                       statuses=[422])
    assert "Idempotency-Key" in problem_fields(response)


@SERVICES
@pytest.mark.parametrize("key", ["a\x01b", "ключ", "k" * 200], ids=["control", "non-ascii", "longest allowed"])
def test_an_idempotency_key_with_odd_characters_is_never_a_5xx(live, clients, service, key):
    target = TARGETS[service]
    client = clients(service)
    before = live.event_count(service)
    response = client.post(target.path, json=example(service, target.path), headers={"Idempotency-Key": key.encode("utf-8")})
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        if response.headers["content-type"].startswith("text/plain"):
            # refused by the HTTP server's parser before the app: no problem body is possible there
            assert response.status_code == 400 and key == "a\x01b", response.text
        else:
            problem_fields(response)
        assert live.event_count(service) == before
    else:
        assert response.status_code == 201 and live.event_count(service) == before + 1


@SERVICES
@pytest.mark.parametrize("content", [b"", b"null", b'"text"', b"[]", b"1", b"true", b"{}"], ids=lambda c: repr(c))
def test_bodies_that_are_not_an_object_are_a_4xx(live, clients, service, content):
    target = TARGETS[service]
    refused(live, clients(service), service,
            lambda c: c.post(target.path, content=content, headers={"content-type": "application/json"}))


def test_every_target_route_is_a_documented_post_route():
    for service, target in TARGETS.items():
        for path in filter(None, [target.path, target.number_path, target.number_setup]):
            assert example(service, path), path  # raises when the route is not documented
