"""Credit list: listed once at a time, delisted once per listing, relisted only after its delisting."""

from datetime import date

import pytest

from enforcement.credit_list import domain
from enforcement.credit_list.domain import CREDIT_ENTITY, EntityDelisted, EntityListed
from kernel.problems import Conflict, DomainRuleViolated, NotFound

TODAY = date(2021, 1, 1)
CODE = "91350200776049653A"


def list_(state, listed_on=date(2019, 5, 20)):
    return domain.list_entity(state, uscc=CODE, name="某公司", region="420000", authority="省局", basis="假冒专利",
                              listed_on=listed_on, today=TODAY)


def fold(*events):
    return CREDIT_ENTITY.fold(events)


def test_listing_then_delisting_then_relisting():
    [listed] = list_(domain.CreditEntity())
    assert isinstance(listed, EntityListed) and listed.listing_number == 1 and listed.region == "420000"
    state = fold(listed)
    assert state.current.listed_on == date(2019, 5, 20)
    [delisted] = domain.delist_entity(state, uscc=CODE, delisted_on=date(2020, 5, 20), reason="信用修复", today=TODAY)
    assert isinstance(delisted, EntityDelisted) and delisted.listing_number == 1 and delisted.name == "某公司"
    state = fold(listed, delisted)
    assert state.current is None and state.listings[0].delisting_reason == "信用修复"
    [again] = list_(state, listed_on=date(2020, 6, 1))
    assert again.listing_number == 2
    assert fold(listed, delisted, again).current.number == 2


def test_an_entity_listed_now_cannot_be_listed_again():
    with pytest.raises(Conflict) as caught:
        list_(fold(*list_(domain.CreditEntity())))
    assert caught.value.errors[0]["field"] == "uscc"


@pytest.mark.parametrize(
    ("listed_on", "field"),
    [(date(2021, 1, 2), "listed_on"), (date(2020, 5, 19), "listed_on")],
    ids=["future", "before the last delisting"],
)
def test_rules_that_refuse_a_listing(listed_on, field):
    listed = list_(domain.CreditEntity())
    state = fold(*listed, *domain.delist_entity(fold(*listed), uscc=CODE, delisted_on=date(2020, 5, 20), reason="r", today=TODAY))
    with pytest.raises(DomainRuleViolated) as caught:
        list_(state, listed_on=listed_on)
    assert caught.value.errors[0]["field"] == field


def test_rules_that_refuse_a_delisting():
    with pytest.raises(NotFound):
        domain.delist_entity(domain.CreditEntity(), uscc=CODE, delisted_on=date(2020, 1, 1), reason="r", today=TODAY)
    listed = list_(domain.CreditEntity())
    state = fold(*listed)
    for day in (date(2019, 5, 19), date(2021, 1, 2)):  # before the listing, in the future
        with pytest.raises(DomainRuleViolated) as caught:
            domain.delist_entity(state, uscc=CODE, delisted_on=day, reason="r", today=TODAY)
        assert caught.value.errors[0]["field"] == "delisted_on"
    delisted = fold(*listed, *domain.delist_entity(state, uscc=CODE, delisted_on=date(2020, 1, 1), reason="r", today=TODAY))
    with pytest.raises(Conflict) as caught:
        domain.delist_entity(delisted, uscc=CODE, delisted_on=date(2020, 2, 1), reason="again", today=TODAY)
    assert caught.value.errors[0]["field"] == "delisted_on"
