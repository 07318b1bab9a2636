"""The checks every service shares (kernel.domain.rules): the answers the services gave before they were moved."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from kernel.domain.rules import require_distinct, require_on_or_after, require_retractable
from kernel.problems import Conflict, DomainRuleViolated, NotFound


def refused(call) -> dict:
    with pytest.raises(DomainRuleViolated) as caught:
        call()
    [error] = caught.value.errors
    return {"field": error["field"], "message": str(error["message"])}


def test_a_list_names_each_thing_once():
    require_distinct("departments", ["a", "b"])
    assert refused(lambda: require_distinct("departments", ["a", "b", "a"])) == {
        "field": "departments.2", "message": "a is listed twice"}
    parties = [{"uscc": "X"}, {"uscc": None}, {"uscc": None}, {"uscc": "X"}]
    assert refused(lambda: require_distinct("parties", parties, key=lambda p: p["uscc"], label=lambda p: p["uscc"],
                                            at=".enterprise.uscc")) == {
        "field": "parties.3.enterprise.uscc", "message": "X is listed twice"}  # None is never compared


def test_a_date_on_or_after_another():
    require_on_or_after("closed_on", date(2019, 3, 1), date(2019, 3, 1), "the case opened")
    require_on_or_after("closed_on", date(2019, 3, 1), None, "the case opened")
    assert refused(lambda: require_on_or_after("closed_on", date(2019, 2, 28), date(2019, 3, 1), "the case opened")) == {
        "field": "closed_on", "message": "2019-02-28 is before the case opened (2019-03-01)"}
    assert refused(lambda: require_on_or_after("closed_on", date(2019, 2, 28), date(2019, 3, 1), "the center registered",
                                               say_value=False)) == {
        "field": "closed_on", "message": "is before the center registered (2019-03-01)"}
    moment = datetime(2019, 3, 1, 8, tzinfo=timezone.utc)
    assert "is before the first response" in refused(
        lambda: require_on_or_after("resolved_at", moment, moment.replace(hour=9), "the first response"))["message"]


def test_retracted_once_and_only_if_recorded():
    require_retractable(recorded=True, retracted_on=None, what="briefing", identifier="b1")
    with pytest.raises(NotFound):
        require_retractable(recorded=False, retracted_on=None, what="briefing", identifier="b1")
    with pytest.raises(Conflict) as caught:
        require_retractable(recorded=True, retracted_on=date(2019, 5, 1), what="trademark guidance session",
                            identifier="s1", called="session")
    assert "session s1 was already retracted on 2019-05-01" in str(caught.value.detail)
