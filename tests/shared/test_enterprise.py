"""The enterprise object: the GB 32100-2015 check, ownership and region."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from kernel.domain.enterprise import (
    USCC_ALPHABET,
    Enterprise,
    region_of_record,
    require_as_recorded,
    uscc_check_character,
    uscc_problem,
)
from kernel.problems import Conflict

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


def test_an_enterprise_keeps_the_region_first_recorded_in_an_aggregate():
    huangshi = Enterprise(uscc="91440101MA5CJQ4N59", name="黄石甲公司", ownership="private", region="420200")
    claimed = huangshi.model_copy(update={"region": "420100"})
    require_as_recorded(None, claimed)  # nothing recorded yet: the claim is the first record
    require_as_recorded(huangshi, huangshi.model_copy(update={"ownership": "state_owned", "name": "黄石甲集团"}))
    with pytest.raises(Conflict) as caught:
        require_as_recorded(huangshi, claimed)
    assert caught.value.status == 409 and caught.value.errors == [{"field": "enterprise.region", "message": caught.value.detail}]
    assert caught.value.detail.startswith("企业") and "420200" in caught.value.detail and "region" in caught.value.detail
    assert (region_of_record(huangshi, claimed), region_of_record(None, claimed)) == ("420200", "420100")
