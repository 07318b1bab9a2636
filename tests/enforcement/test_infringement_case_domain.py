"""Infringement cases (measure 1): opened once, closed once, never before they opened."""

from datetime import date

import pytest

from enforcement.infringement_cases import domain
from enforcement.infringement_cases.domain import INFRINGEMENT_CASE, CaseOutcome, InfringementCaseClosed, InfringementCaseOpened
from enforcement.parties import NamedParty, RightKind
from kernel.domain.enterprise import Enterprise
from kernel.problems import Conflict, DomainRuleViolated, NotFound

TODAY = date(2019, 12, 31)
ACME = Enterprise(uscc="91440101MA5CJQ4N59", name="甲公司", ownership="private", region="420100")


def open_(state=None, opened_on=date(2019, 4, 2), infringer=NamedParty(name="某商行")):
    return domain.open_case(
        state or domain.InfringementCase(), case_id="c1", region="420500", right_holder=ACME, infringer=infringer,
        right_kind=RightKind.TRADEMARK, joint_action=True, opened_on=opened_on, summary="", today=TODAY,
    )


def close(state, closed_on=date(2019, 6, 1), outcome=CaseOutcome.PENALTY, fine=50_000):
    return domain.close_case(state, case_id="c1", closed_on=closed_on, outcome=outcome, fine_amount_cny=fine, today=TODAY)


def test_lifecycle_and_the_events_it_emits():
    [opened] = open_()
    assert isinstance(opened, InfringementCaseOpened)
    assert opened.right_holder == ACME and opened.region == "420500" and opened.joint_action and opened.right_kind == "trademark"
    state = INFRINGEMENT_CASE.fold([opened])
    [closed] = close(state)
    assert isinstance(closed, InfringementCaseClosed)
    # the closing event carries what a count needs without the opening one
    assert (closed.region, closed.right_holder, closed.opened_on, closed.fine_amount_cny) == ("420500", ACME, date(2019, 4, 2), 50_000)
    state = INFRINGEMENT_CASE.fold([opened, closed])
    assert state.outcome == "penalty" and state.closed_on == date(2019, 6, 1)


def test_a_case_closes_on_the_day_it_opened_without_a_fine():
    state = INFRINGEMENT_CASE.fold(open_())
    [closed] = close(state, closed_on=date(2019, 4, 2), outcome=CaseOutcome.SETTLED, fine=None)
    assert closed.fine_amount_cny is None


def test_rules_that_refuse_opening():
    with pytest.raises(DomainRuleViolated) as caught:
        open_(opened_on=date(2020, 1, 1))
    assert caught.value.errors[0]["field"] == "opened_on"
    with pytest.raises(DomainRuleViolated) as caught:
        open_(infringer=NamedParty(name="自己", uscc=ACME.uscc))
    assert caught.value.errors[0]["field"] == "infringer.uscc"
    with pytest.raises(Conflict):
        open_(INFRINGEMENT_CASE.fold(open_()))


@pytest.mark.parametrize(
    ("closed_on", "outcome", "fine", "field"),
    [
        (date(2019, 4, 1), CaseOutcome.PENALTY, None, "closed_on"),  # before it opened
        (date(2020, 1, 1), CaseOutcome.PENALTY, None, "closed_on"),  # future
        (date(2019, 6, 1), CaseOutcome.DISMISSED, 100, "fine_amount_cny"),  # a fine without a penalty
    ],
)
def test_rules_that_refuse_closing(closed_on, outcome, fine, field):
    with pytest.raises(DomainRuleViolated) as caught:
        close(INFRINGEMENT_CASE.fold(open_()), closed_on=closed_on, outcome=outcome, fine=fine)
    assert caught.value.errors[0]["field"] == field


def test_a_case_closes_once_and_only_when_opened():
    with pytest.raises(NotFound):
        close(domain.InfringementCase())
    opened = open_()
    closed = INFRINGEMENT_CASE.fold([*opened, *close(INFRINGEMENT_CASE.fold(opened))])
    with pytest.raises(Conflict) as caught:
        close(closed)
    assert caught.value.errors[0]["field"] == "closed_on"
