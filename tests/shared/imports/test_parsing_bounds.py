"""The import's readers on their own: header paths bounded before anything is built, lines read strictly."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from kernel.imports.headers import DEFAULT_MAX_ITEMS, MAX_HEADER_PARTS, HeaderRefused, max_items, resolve_header
from kernel.imports.kinds import collect_kinds
from kernel.imports.parsing import read_csv, read_json_array, read_ndjson
from kernel.problems import Problem
from tests.reliability.conftest import offline_app

KINDS = {**collect_kinds(offline_app("enforcement")), **collect_kinds(offline_app("financing"))}
ONSITE = KINDS["onsite-service"]


def onsite_header(title: str):
    return resolve_header(ONSITE, title)


def test_an_index_below_the_fields_max_length_resolves():
    assert max_items(ONSITE.body_model.model_fields["enterprises"]) == 500
    assert onsite_header("enterprises.499.uscc") == ["enterprises", "499", "uscc"]
    assert onsite_header("企业.007.统一社会信用代码") == ["enterprises", "7", "uscc"]
    assert KINDS["matchmaking-event"] and resolve_header(KINDS["matchmaking-event"], "enterprises_attending.1999.uscc")


@pytest.mark.parametrize("title", ["enterprises.500.uscc", "enterprises.100000000.uscc", "enterprises." + "9" * 5000 + ".uscc",
                                   "center_id.0", "enterprises.0.0", "enterprises.0.uscc.1",
                                   ".".join(["enterprises", "0"] * 250)])
def test_an_index_out_of_bounds_or_a_path_too_deep_is_refused(title):
    with pytest.raises(HeaderRefused):
        onsite_header(title)


def test_an_unknown_column_is_none():
    assert onsite_header("enterprises.0.colour") is None
    assert onsite_header("企业.０.统一社会信用代码") is None  # a full-width digit is no index


def test_a_list_without_a_declared_bound_gets_the_default():
    from pydantic import BaseModel

    class Untold(BaseModel):
        items: list[str]

    assert max_items(Untold.model_fields["items"]) == DEFAULT_MAX_ITEMS
    assert max_items(ONSITE.body_model.model_fields["center_id"]) is None


def test_the_huge_index_of_the_finding_is_refused_before_anything_is_built():
    text = "center_id,occurred_on,enterprises.100000000.uscc\n" + "x,2019-01-01,1\n" * 1000
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(Problem) as refused:
        read_csv(text, onsite_header)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 0.5 and peak < 1_000_000
    assert refused.value.status == 422 and refused.value.errors[0]["field"] == "header.enterprises.100000000.uscc"


def test_a_header_with_too_many_parts_names_itself():
    title = ".".join(["enterprises"] * (MAX_HEADER_PARTS + 1))
    with pytest.raises(Problem) as refused:
        read_csv(f"center_id,{title}\nx,1\n", onsite_header)
    assert refused.value.errors[0]["field"] == f"header.{title}"


@pytest.mark.parametrize("header", ["enterprises,enterprises.0.uscc", "enterprises.0.uscc,enterprises.0.uscc",
                                    "enterprises.0,enterprises.0.name", "enterprises.1.uscc,企业.1.统一社会信用代码"])
def test_two_columns_for_one_field_are_refused(header):
    with pytest.raises(Problem) as refused:
        read_csv(f"center_id,{header}\nx,[],1\n", onsite_header)
    assert refused.value.errors[0]["field"].startswith("header.")


def test_sparse_indices_leave_gaps_for_validation_to_name():
    (line,) = read_csv("center_id,enterprises.2.uscc\nx,A\n", onsite_header)
    assert line.fields == {"center_id": "x", "enterprises": [None, None, {"uscc": "A"}]}


def test_a_cell_of_deep_or_repeated_json_refuses_its_row_naming_the_column():
    deep = "[" * 40 + "]" * 40
    text = f'center_id,enterprises\nx,"{deep}"\ny,"[{{""uscc"": 1, ""uscc"": 2}}]"\nz,[]\n'
    first, second, third = read_csv(text, onsite_header)
    assert first.problem.errors[0]["field"] == "enterprises"
    assert second.problem.errors[0]["field"] == "enterprises"
    assert third.fields == {"center_id": "z", "enterprises": []}


def test_ndjson_lines_are_read_strictly_each_on_its_own():
    text = '{"kind": "a", "kind": "b"}\n{"kind": "a", "x": ' + "[" * 300 + "]" * 300 + '}\n{"kind": "a", "n": NaN}\n{"kind": "ok"}\n'
    repeated, deep, nan, good = read_ndjson(text)
    assert repeated.problem.errors[0]["field"] == "kind"
    assert deep.problem.status == 422 and deep.problem.errors[0]["field"].startswith("x.0.0")
    assert nan.problem.errors[0]["field"] == "line"
    assert good.fields == {"kind": "ok"}


def test_a_json_array_with_a_repeated_member_names_the_line():
    with pytest.raises(Problem) as refused:
        read_json_array('[{"kind": "a"}, {"kind": "a", "ref": 1, "ref": 2}]')
    assert refused.value.status == 422 and refused.value.errors[0]["field"] == "1.ref"
    assert "line 2" in refused.value.detail


def test_ndjson_lines_end_at_newlines_only():
    first, second = read_ndjson('{"kind": "a", "name": "x\u2028y\u0085z"}\r\n{"kind": "b"}\n')
    assert first.fields == {"kind": "a", "name": "x\u2028y\u0085z"} and second.fields == {"kind": "b"}
