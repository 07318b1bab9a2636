"""The checks every service shares (kernel.domain.rules): the answers the services gave before they were moved."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from kernel.domain.rules import require_distinct, require_on_or_after, require_retractable
from kernel.i18n import Bilingual
from kernel.problems import Conflict, DomainRuleViolated, NotFound


def refused(call) -> dict:
    with pytest.raises(DomainRuleViolated) as caught:
        call()
    [error] = caught.value.errors
    return {"field": error["field"], "message": Bilingual.of(error["message"]).en}


def refused_zh(call) -> str:
    with pytest.raises(DomainRuleViolated) as caught:
        call()
    return Bilingual.of(caught.value.errors[0]["message"]).zh


def test_a_list_names_each_thing_once():
    require_distinct("departments", ["a", "b"])
    assert refused(lambda: require_distinct("departments", ["a", "b", "a"])) == {
        "field": "departments.2", "message": "a is listed twice"}
    parties = [{"uscc": "X"}, {"uscc": None}, {"uscc": None}, {"uscc": "X"}]
    assert refused(lambda: require_distinct("parties", parties, key=lambda p: p["uscc"], label=lambda p: p["uscc"],
                                            at=".enterprise.uscc")) == {
        "field": "parties.3.enterprise.uscc", "message": "X is listed twice"}  # None is never compared
    assert refused_zh(lambda: require_distinct("departments", ["a", "b", "a"])) == "a 重复列出"
    assert refused_zh(lambda: require_distinct("measures", [1, 1], label=lambda m: Bilingual(f"措施 {m}", f"measure {m}"))) == "措施 1 重复列出"


def test_a_date_on_or_after_another():
    require_on_or_after("closed_on", date(2019, 3, 1), date(2019, 3, 1), ("案件立案之日", "the case opened"))
    require_on_or_after("closed_on", date(2019, 3, 1), None, ("案件立案之日", "the case opened"))
    assert refused(lambda: require_on_or_after("closed_on", date(2019, 2, 28), date(2019, 3, 1), ("案件立案之日", "the case opened"))) == {
        "field": "closed_on", "message": "2019-02-28 is before the case opened (2019-03-01)"}
    assert refused(lambda: require_on_or_after("closed_on", date(2019, 2, 28), date(2019, 3, 1), ("中心登记之日", "the center registered"),
                                               say_value=False)) == {
        "field": "closed_on", "message": "is before the center registered (2019-03-01)"}
    assert refused_zh(lambda: require_on_or_after("closed_on", date(2019, 2, 28), date(2019, 3, 1), Bilingual("案件立案之日", "the case opened"))) == \
        "2019-02-28 早于案件立案之日（2019-03-01）"
    assert refused_zh(lambda: require_on_or_after("closed_on", date(2019, 2, 28), date(2019, 3, 1), "中心登记之日；the center registered",
                                                  say_value=False)) == "早于中心登记之日（2019-03-01）"
    with pytest.raises(TypeError):  # a phrase without its Chinese would answer in English twice
        require_on_or_after("closed_on", date(2019, 2, 28), date(2019, 3, 1), "the case opened")
    moment = datetime(2019, 3, 1, 8, tzinfo=timezone.utc)
    assert "is before the first response" in refused(
        lambda: require_on_or_after("resolved_at", moment, moment.replace(hour=9), ("首次响应", "the first response")))["message"]


def test_retracted_once_and_only_if_recorded():
    require_retractable(recorded=True, retracted_on=None, what="briefing", identifier="b1")
    with pytest.raises(NotFound):
        require_retractable(recorded=False, retracted_on=None, what="briefing", identifier="b1")
    with pytest.raises(Conflict) as caught:
        require_retractable(recorded=True, retracted_on=date(2019, 5, 1), what="trademark guidance session",
                            identifier="s1", called=("指导活动", "session"))
    assert "session s1 was already retracted on 2019-05-01" in str(caught.value.detail)
    assert caught.value.text == Bilingual("指导活动 s1 已于 2019-05-01 撤回", "session s1 was already retracted on 2019-05-01")
    with pytest.raises(Conflict) as caught:
        require_retractable(recorded=True, retracted_on=date(2019, 5, 1), what="briefing", identifier="b1")
    assert caught.value.text == Bilingual("宣讲会 b1 已于 2019-05-01 撤回", "briefing b1 was already retracted on 2019-05-01")
