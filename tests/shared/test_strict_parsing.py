"""The kernel's strict readers: JSON (repeated members, depth, numbers), ISO dates and moments, names."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import orjson
import pytest
from pydantic import TypeAdapter, ValidationError

from kernel.commands import request_fingerprint
from kernel.domain.dates import OFFICE_ZONE, BusinessDate, IsoDate, IsoDateTime
from kernel.domain.enterprise import Enterprise
from kernel.domain.text import AS_RECORDED, Name
from kernel.events import parse_event
from kernel.jsonbody import MAX_DEPTH, JsonRefused, json_body_problem, loads_strict


def nested(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


# --- JSON -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("depth", [255, 300, 600, 990])
def test_request_fingerprint_takes_json_of_any_depth(depth):
    body = nested(depth).encode()
    assert request_fingerprint("POST", "/v1/x", body) == request_fingerprint("POST", "/v1/x", body)
    assert request_fingerprint("POST", "/v1/x", body) != request_fingerprint("POST", "/v1/x", nested(depth + 1).encode())


def test_request_fingerprint_still_ignores_member_order():
    assert request_fingerprint("POST", "/p", b'{"a":1,"b":2}') == request_fingerprint("POST", "/p", b'{"b":2,"a":1}')


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 255, 990, 100_000])
def test_json_nested_deeper_than_the_bound_is_refused_as_a_400(depth):
    problem = json_body_problem(nested(depth).encode())
    assert problem is not None and problem.status == 400 and problem.errors


def test_json_at_the_bound_is_taken():
    assert loads_strict(nested(MAX_DEPTH)) is not None
    assert json_body_problem(nested(MAX_DEPTH).encode()) is None


@pytest.mark.parametrize(("text", "where"), [
    ('{"a": 1, "a": 2}', "a"),
    ('{"x": {"b": [1, {"c": 1, "c": 2}]}}', "x.b.1.c"),
    ('[{"kind": "k"}, {"kind": "k", "kind": "j"}]', "1.kind"),
])
def test_a_repeated_member_is_refused_naming_it(text, where):
    with pytest.raises(JsonRefused) as refused:
        loads_strict(text)
    assert refused.value.field == where


@pytest.mark.parametrize("text", ["NaN", "[Infinity]", "-Infinity", "1e400", '["\\ud800"]', "1" * 30, "{"])
def test_what_is_not_plain_json_is_a_value_error(text):
    with pytest.raises(ValueError) as error:
        loads_strict(text)
    assert not isinstance(error.value, JsonRefused)


def test_numbers_read_like_orjson_and_can_be_written_back():
    value = loads_strict('[18446744073709551615, 18446744073709551616, -9223372036854775808, -9223372036854775809, 1.5]')
    assert value == orjson.loads(orjson.dumps(value))
    assert value[0] == 2**64 - 1 and isinstance(value[1], float) and value[2] == -(2**63) and isinstance(value[3], float)


def test_a_surrogate_pair_is_one_character():
    assert loads_strict('["\\ud83d\\ude00"]') == ["😀"]


# --- dates and moments ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["0", "0.5", "-904", 0, 1.5, "2019-01-01T00:00:00", "20190101", "2019-W01-1", "２０１９-01-01",
                                   "2019-01-01 ", datetime(2019, 1, 1)])
def test_a_date_is_written_yyyy_mm_dd_only(value):
    with pytest.raises(ValidationError):
        TypeAdapter(IsoDate).validate_python(value)
    with pytest.raises(ValidationError):
        TypeAdapter(BusinessDate).validate_python(value)


def test_a_date_keeps_todays_meaning():
    assert TypeAdapter(BusinessDate).validate_python("2019-03-12") == date(2019, 3, 12)
    assert TypeAdapter(BusinessDate).validate_json('"2019-03-12"') == date(2019, 3, 12)
    assert TypeAdapter(IsoDate).validate_python(date(2019, 3, 12)) == date(2019, 3, 12)
    with pytest.raises(ValidationError):
        TypeAdapter(BusinessDate).validate_python("1999-12-31")


@pytest.mark.parametrize("value", ["0", "0.5", "-904", -904, 0.5, "1e3", "2019", "2019-06-30T18", "2019-06-30T18:00:00+08",
                                   "yesterday", "2019-06-30T18:00:00 +08:00"])
def test_a_moment_is_iso_8601_only(value):
    with pytest.raises(ValidationError):
        TypeAdapter(IsoDateTime).validate_python(value)


@pytest.mark.parametrize(("text", "expected"), [
    ("2019-06-30T18:00:00+08:00", datetime(2019, 6, 30, 18, tzinfo=timezone(timedelta(hours=8)))),
    ("2019-06-30T10:00:00Z", datetime(2019, 6, 30, 10, tzinfo=timezone.utc)),
    ("2019-06-30T18:00:00", datetime(2019, 6, 30, 18, tzinfo=OFFICE_ZONE)),
    ("2019-06-30 18:00", datetime(2019, 6, 30, 18, tzinfo=OFFICE_ZONE)),
    ("2019-06-30", datetime(2019, 6, 30, tzinfo=OFFICE_ZONE)),
    ("2019-06-30T18:00:00.123456+0800", datetime(2019, 6, 30, 18, 0, 0, 123456, tzinfo=timezone(timedelta(hours=8)))),
])
def test_a_moment_with_or_without_a_zone_is_read_as_before(text, expected):
    read = TypeAdapter(IsoDateTime).validate_python(text)
    assert read == expected and read.tzinfo is not None


# --- names ------------------------------------------------------------------------------------------------------

INVISIBLE = ["\u200b", "\u200b\u200c\u200d", "\ufeff", "\u2060\u200b", " \u3000 ", "\u00ad", "\u0301"]
BIDI = ["\u202eevil\u202c", "a\u202ab", "a\u202bb", "a\u202db", "\u2066a\u2069", "a\u2067b", "a\u2068b", "a\u200eb",
        "a\u200fb", "a\u061cb"]


@pytest.mark.parametrize("value", INVISIBLE, ids=[repr(v) for v in INVISIBLE])
def test_a_name_must_show_something(value):
    with pytest.raises(ValidationError):
        TypeAdapter(Name).validate_python(value)


@pytest.mark.parametrize("value", BIDI, ids=[repr(v) for v in BIDI])
def test_a_name_holds_no_bidirectional_control(value):
    with pytest.raises(ValidationError) as error:
        TypeAdapter(Name).validate_python(value)
    assert "U+" in str(error.value)


@pytest.mark.parametrize("value", ["武汉某某科技有限公司", "A&B (Wuhan) Co., Ltd.", "😀", "👩\u200d💻 studio", "١٢٣", "-"])
def test_names_that_show_something_are_taken(value):
    assert TypeAdapter(Name).validate_python(value) == value


def test_an_enterprise_name_is_a_name():
    with pytest.raises(ValidationError) as error:
        Enterprise(uscc="91440101MA5CJQ4N59", name="\u200b\u200b", ownership="private", region="420100")
    assert error.value.errors()[0]["loc"] == ("name",)


def test_a_name_stored_before_the_rule_still_loads():
    data = {"uscc": "91440101MA5CJQ4N59", "name": "\u202eevil", "ownership": "private", "region": "420100"}
    assert Enterprise.model_validate(data, context=AS_RECORDED).name == "\u202eevil"


def test_stored_events_are_read_as_recorded():
    from enforcement.onsite_services.domain import OnsiteServiceRecorded

    firm = {"uscc": "91440101MA5CJQ4N59", "name": "\u200b\u202e", "ownership": "private", "region": "420100"}
    data = OnsiteServiceRecorded(service_id="s-1", center_id="wh-1", region="420100", occurred_on=date(2019, 3, 12),
                                 enterprises=[Enterprise.model_validate(firm, context=AS_RECORDED)], summary="").data()
    assert parse_event(OnsiteServiceRecorded.event_type, data).enterprises[0].name == "\u200b\u202e"
    with pytest.raises(ValidationError):
        OnsiteServiceRecorded.model_validate(data)  # as new input, the same name is refused
