"""The enterprise object: the GB 32100-2015 check, ownership and region."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from kernel.domain.enterprise import USCC_ALPHABET, Enterprise, uscc_check_character, uscc_problem

VALID = ["91110000600037341L", "91440101MA5CJQ4N59", "91350200776049653A"]


@pytest.mark.parametrize("code", VALID)
def test_the_published_examples_pass(code):
    assert uscc_problem(code) is None


def test_a_wrong_check_character_is_named():
    assert "check character is 'B'" in uscc_problem("91350203M0001QAY9B")


@pytest.mark.parametrize(
    ("code", "reason"),
    [("9111000060003734", "18 characters"), ("91110000600037341I", "not used"), ("9111000060003734OL", "not used")],
)
def test_malformed_codes_are_refused(code, reason):
    assert reason in uscc_problem(code)


@given(st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17))
def test_any_body_with_its_check_character_is_valid_and_any_other_is_not(body):
    good = uscc_check_character(body)
    assert uscc_problem(body + good) is None
    for other in USCC_ALPHABET.replace(good, "")[:5]:
        assert uscc_problem(body + other) is not None


def test_enterprise_normalises_case_and_whitespace():
    e = Enterprise(uscc=" 91440101ma5cjq4n59 ", name="某公司", ownership="private", region="420100")
    assert e.uscc == "91440101MA5CJQ4N59" and e.is_private


@pytest.mark.parametrize(
    ("field", "value"),
    [("uscc", "91350203M0001QAY9B"), ("ownership", "public"), ("region", "420400"), ("region", "420000"), ("name", "a\x00b")],
)
def test_enterprise_refuses_bad_fields(field, value):
    data = {"uscc": "91440101MA5CJQ4N59", "name": "某公司", "ownership": "private", "region": "420100", field: value}
    with pytest.raises(ValidationError) as caught:
        Enterprise(**data)
    assert caught.value.errors()[0]["loc"] == (field,)
