"""Trademark windows (measure 21): one standing figure per window and month; replacements keep the history."""

from datetime import date

import pytest

from kernel.problems import Conflict, DomainRuleViolated, NotFound
from outreach.trademark_windows import domain
from outreach.trademark_windows.domain import TrademarkAcceptancesCounted, TrademarkWindowOpened

TODAY = date(2019, 7, 15)


def opened(on=date(2019, 2, 25)):
    return domain.TRADEMARK_WINDOW.fold(
        domain.open_window(domain.TrademarkWindow(), window_id="w1", name="受理窗口", host="市监局", region="420500", opened_on=on, today=TODAY)
    )


def count(state, month="2019-03", n=412):
    return domain.count_acceptances(state, window_id="w1", month=month, applications_accepted=n, today=TODAY)


def test_a_later_figure_replaces_the_earlier_one_and_says_which():
    state = opened()
    [first] = count(state)
    assert first == TrademarkAcceptancesCounted(window_id="w1", region="420500", month="2019-03", applications_accepted=412, replaces=None)
    state = domain.apply(state, first)
    [second] = count(state, n=420)
    assert second.replaces == 412 and second.applications_accepted == 420
    state = domain.apply(state, second)
    assert state.monthly == {"2019-03": 420}
    state = domain.apply(state, count(state, month="2019-04", n=0)[0])
    assert state.monthly == {"2019-03": 420, "2019-04": 0}


def test_the_same_figure_again_is_a_conflict():
    state = opened()
    state = domain.apply(state, count(state)[0])
    with pytest.raises(Conflict):
        count(state)


@pytest.mark.parametrize(
    ("month", "n", "field"),
    [("2019-01", 5, "month"), ("2019-08", 5, "month"), ("2019-03", -1, "applications_accepted")],
)
def test_rules_that_refuse_a_figure(month, n, field):
    with pytest.raises(DomainRuleViolated) as caught:
        count(opened(), month=month, n=n)
    assert caught.value.errors[0]["field"] == field


def test_the_opening_month_and_the_current_month_are_accepted():
    assert count(opened(), month="2019-02") and count(opened(), month="2019-07")


def test_window_rules():
    [event] = domain.open_window(domain.TrademarkWindow(), window_id="w1", name="n", host="h", region="420500",
                                 opened_on=date(2019, 2, 25), today=TODAY)
    assert isinstance(event, TrademarkWindowOpened) and event.data()["opened_on"] == "2019-02-25"
    with pytest.raises(Conflict):
        domain.open_window(opened(), window_id="w1", name="n", host="h", region="420500", opened_on=date(2019, 2, 25), today=TODAY)
    with pytest.raises(DomainRuleViolated):
        opened(on=date(2019, 7, 16))
    with pytest.raises(NotFound):
        count(domain.TrademarkWindow())
