"""The services' domain rules answer in the office's language: Chinese first, the English as it always was beside it.

A sample of rules of each command service, driven through its `domain` functions (no server): each problem's
`detail_zh` and `errors[].message_zh` are Chinese, its `detail_en` the English sentence the service has always
given, and no sampled DomainRuleViolated or Conflict says the same text in both languages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest

from enforcement.infringement_cases import domain as infringement
from enforcement.infringement_cases.domain import INFRINGEMENT_CASE, CaseOutcome
from enforcement.joint_meetings import domain as joint_meetings
from enforcement.overseas_escort import domain as overseas_escort
from enforcement.parties import NamedParty, RightKind
from financing.matchmaking import domain as matchmaking
from financing.pledge_projects import domain as pledge_projects
from financing.pledge_projects import support
from financing.pledge_projects.events import PledgeProjectRegistered, PledgeReleased, SupportRecord
from financing.vocabulary import PledgedRight
from kernel.domain.enterprise import Enterprise
from kernel.problems import Conflict, DomainRuleViolated, Problem
from outreach.case_stories import domain as case_stories
from outreach.examiner_visits import domain as examiner_visits
from outreach.trademark_windows import domain as trademark_windows
from training.recognitions import domain as recognitions
from training.recognitions.domain import RecognitionLevel
from training.trainings import domain as trainings

TODAY = date(2019, 12, 31)
ACME = Enterprise(uscc="91440101MA5CJQ4N59", name="甲公司", ownership="private", region="420100")
STATE_FIRM = Enterprise(uscc="91110000600037341L", name="乙公司", ownership="state_owned", region="420100")
HAN = re.compile(r"[\u4e00-\u9fff]")


# enforcement
def _open_case(state=None, opened_on=date(2019, 4, 2), infringer=NamedParty(name="某商行")):
    return infringement.open_case(
        state or infringement.InfringementCase(), case_id="c1", region="420500", right_holder=ACME, infringer=infringer,
        right_kind=RightKind.TRADEMARK, joint_action=True, opened_on=opened_on, summary="", today=TODAY,
    )


def _opened_case():
    return INFRINGEMENT_CASE.fold(_open_case())


def _close_case(closed_on=date(2019, 6, 1), outcome=CaseOutcome.PENALTY, fine=50_000):
    return infringement.close_case(_opened_case(), case_id="c1", closed_on=closed_on, outcome=outcome, fine_amount_cny=fine, today=TODAY)


def _joint_meeting(departments):
    return joint_meetings.hold(joint_meetings.JointMeeting(), meeting_id="j1", region="420100", held_on=date(2019, 5, 1),
                               departments=departments, summary="", today=TODAY)


def _enrol(markets):
    return overseas_escort.enrol(overseas_escort.OverseasEscortEnrolment(), enterprise=ACME, enrolled_on=date(2019, 5, 1),
                                 target_markets=markets, today=TODAY)


# financing
REGISTERED = PledgeProjectRegistered(
    project_id="p1", enterprise=ACME, region="420100", lender="汉口银行", amount_cny=1_000_000,
    registered_on=date(2019, 4, 1), pledged_rights=[PledgedRight(kind="patent", number="ZL1")],
)


def _project(*later):
    return pledge_projects.PLEDGE_PROJECT.fold([REGISTERED, *later])


def _register(rights):
    return pledge_projects.register(pledge_projects.PledgeProject(), project_id="p1", enterprise=ACME, lender="汉口银行",
                                    amount_cny=5_000_000, registered_on=date(2019, 4, 18), pledged_rights=rights, today=TODAY)


def _matchmaking(enterprises, banks):
    return matchmaking.hold(matchmaking.MatchmakingEvent(), event_id="m1", occurred_on=date(2019, 5, 16), region="420500",
                            organiser="宜昌市知识产权局", enterprises_attending=enterprises, banks_attending=banks, summary="", today=TODAY)


def _subsidy(state, amount_cny=100_000, period_to=date(2019, 6, 30)):
    return support.grant_subsidy(state, project_id="p1", subsidy_id="s1", kind="interest_discount", amount_cny=amount_cny,
                                 granted_on=date(2019, 7, 1), period_from=date(2019, 4, 1), period_to=period_to, today=TODAY)


def _retracted_subsidy():
    state = _project()
    state = pledge_projects.apply(state, _subsidy(state)[0])
    [retracted] = support.retract_support(state, project_id="p1", record=SupportRecord.SUBSIDY, record_id="s1", reason="错录", today=TODAY)
    return pledge_projects.apply(state, retracted)


# training
def _plan(starts_on=date(2019, 5, 13), ends_on=date(2019, 5, 15)):
    return trainings.plan(trainings.Training(), training_id="t1", title="培训班", region="420100", format="class",
                          audience="private_enterprises", partner="WIPO", organiser=None, starts_on=starts_on, ends_on=ends_on, today=TODAY)


def _completed_training():
    state = trainings.TRAINING.fold(_plan())
    return trainings.apply(state, trainings.complete(state, training_id="t1", person_times=40, completed_on=None, today=TODAY)[0])


def _recommended():
    events = recognitions.recommend(recognitions.Dossier(), enterprise=ACME, level=RecognitionLevel.PROVINCIAL_DEMONSTRATION,
                                    recommended_on=date(2019, 3, 1), recommended_by="420100", today=TODAY)
    return recognitions.apply(recognitions.Dossier(), events[0])


# outreach
def _window():
    return trademark_windows.TRADEMARK_WINDOW.fold(trademark_windows.open_window(
        trademark_windows.TrademarkWindow(), window_id="w1", name="受理窗口", host="市监局", region="420500",
        opened_on=date(2019, 2, 25), today=TODAY))


def _count(state, month="2019-03", n=412):
    return trademark_windows.count_acceptances(state, window_id="w1", month=month, applications_accepted=n, today=TODAY)


def _counted_window():
    state = _window()
    return trademark_windows.apply(state, _count(state)[0])


def _story(enterprise=ACME, measures=(20,)):
    return case_stories.publish(case_stories.CaseStory(), story_id="s1", enterprise=enterprise, measures=list(measures),
                                title="典型案例", published_on=date(2019, 6, 1), today=TODAY)


def _visit(examiners=1, attorneys=0, examiner_names=None, attorney_names=None):
    return examiner_visits.make(examiner_visits.ExaminerVisit(), visit_id="v1", occurred_on=date(2019, 6, 1), enterprise=ACME,
                                examiners=examiners, attorneys=attorneys, examiner_names=examiner_names,
                                attorney_names=attorney_names, today=TODAY)


# (service, what the call breaks, the call, the problem class, the field named, the English detail)
SAMPLES: list[tuple[str, str, Callable[[], object], type[Problem], str | None, str]] = [
    ("enforcement", "a fine without a penalty", lambda: _close_case(outcome=CaseOutcome.SETTLED),
     DomainRuleViolated, "fine_amount_cny", "fine_amount_cny: a fine goes only with the outcome 'penalty', not 'settled'"),
    ("enforcement", "closed before it opened", lambda: _close_case(closed_on=date(2019, 4, 1)),
     DomainRuleViolated, "closed_on", "closed_on: 2019-04-01 is before the case opened (2019-04-02)"),
    ("enforcement", "opened twice", lambda: _open_case(_opened_case()),
     Conflict, "case_id", "infringement case c1 is already open"),
    ("enforcement", "the infringer is the right holder", lambda: _open_case(infringer=NamedParty(name="自己", uscc=ACME.uscc)),
     DomainRuleViolated, "infringer.uscc", "infringer.uscc: is the right holder itself"),
    ("enforcement", "a joint meeting of one department", lambda: _joint_meeting(["市场监管局"]),
     DomainRuleViolated, "departments", "departments: a joint meeting brings together at least two departments"),
    ("enforcement", "a department named twice", lambda: _joint_meeting(["市场监管局", "公安局", "市场监管局"]),
     DomainRuleViolated, "departments.2", "departments.2: 市场监管局 is listed twice"),
    ("enforcement", "an escort to the mainland", lambda: _enrol(["US", "CN"]),
     DomainRuleViolated, "target_markets.1", "target_markets.1: the escort covers markets outside the mainland"),
    ("enforcement", "a date in the future", lambda: _open_case(opened_on=date(2020, 1, 1)),
     DomainRuleViolated, "opened_on", "opened_on: 2020-01-01 is in the future (today is 2019-12-31)"),
    ("financing", "nothing pledged", lambda: _register([]),
     DomainRuleViolated, "pledged_rights", "pledged_rights: at least one right must be pledged"),
    ("financing", "a right pledged twice", lambda: _register([PledgedRight(kind="patent", number="ZL1"), PledgedRight(kind="patent", number="zl1")]),
     DomainRuleViolated, "pledged_rights.1.number", "pledged_rights.1.number: patent zl1 is listed twice"),
    ("financing", "no bank attending", lambda: _matchmaking([ACME], []),
     DomainRuleViolated, "banks_attending", "banks_attending: at least one bank must attend"),
    ("financing", "a subsidy above the loan", lambda: _subsidy(_project(), amount_cny=1_000_001),
     DomainRuleViolated, "amount_cny", "amount_cny: exceeds the loan amount (1000000 yuan)"),
    ("financing", "a period ending before the project", lambda: _subsidy(_project(), period_to=date(2019, 3, 31)),
     DomainRuleViolated, "period_to", "period_to: is before period_from (2019-04-01)"),
    ("financing", "released twice",
     lambda: pledge_projects.release(_project(PledgeReleased(project_id="p1", region="420100", released_on=date(2019, 9, 1))),
                                     project_id="p1", released_on=date(2019, 10, 1), today=TODAY),
     Conflict, "released_on", "the pledge was already released on 2019-09-01"),
    ("financing", "a subsidy retracted twice",
     lambda: support.retract_support(_retracted_subsidy(), project_id="p1", record=SupportRecord.SUBSIDY, record_id="s1",
                                     reason="again", today=TODAY),
     Conflict, None, "the subsidy s1 was already retracted on 2019-12-31"),
    ("training", "ending before it starts", lambda: _plan(ends_on=date(2019, 5, 12)),
     DomainRuleViolated, "ends_on", "ends_on: is before the training starts (2019-05-13)"),
    ("training", "completed twice",
     lambda: trainings.complete(_completed_training(), training_id="t1", person_times=40, completed_on=None, today=TODAY),
     Conflict, None, "training t1 was already completed on 2019-05-15"),
    ("training", "no one trained",
     lambda: trainings.complete(trainings.TRAINING.fold(_plan()), training_id="t1", person_times=0, completed_on=None, today=TODAY),
     DomainRuleViolated, "person_times", f"person_times: must be between 1 and {trainings.MAX_PERSON_TIMES}"),
    ("training", "recommended twice in a year",
     lambda: recognitions.recommend(_recommended(), enterprise=ACME, level=RecognitionLevel.PROVINCIAL_DEMONSTRATION,
                                    recommended_on=date(2019, 4, 1), recommended_by="420100", today=TODAY),
     Conflict, "level", "91440101MA5CJQ4N59 was already recommended for provincial_demonstration in 2019 "
                        "(91440101MA5CJQ4N59-provincial_demonstration-2019-1)"),
    ("outreach", "a negative count", lambda: _count(_window(), n=-1),
     DomainRuleViolated, "applications_accepted", "applications_accepted: cannot be negative"),
    ("outreach", "the same count again", lambda: _count(_counted_window()),
     Conflict, "applications_accepted", "2019-03 already stands at 412 applications"),
    ("outreach", "a month not begun", lambda: _count(_window(), month="2020-02"),
     DomainRuleViolated, "month", "month: 2020-02 has not begun (today is 2019-12-31)"),
    ("outreach", "a measure named twice", lambda: _story(measures=(20, 3, 20)),
     DomainRuleViolated, "measures.2", "measures.2: measure 20 is listed twice"),
    ("outreach", "a case story of a state-owned firm", lambda: _story(enterprise=STATE_FIRM),
     DomainRuleViolated, "enterprise.ownership", "enterprise.ownership: a case story is for private enterprises; this one is state_owned"),
    ("outreach", "a visit without anyone", lambda: _visit(examiners=0),
     DomainRuleViolated, "examiners", "examiners: a visit needs at least one patent examiner or patent attorney"),
    ("outreach", "names not matching the count", lambda: _visit(examiners=2, examiner_names=["张三"]),
     DomainRuleViolated, "examiner_names", "examiner_names: names 1 people but examiners is 2"),
]


def _raised(call: Callable[[], object], kind: type[Problem]) -> Problem:
    with pytest.raises(kind) as caught:
        call()
    return caught.value


@pytest.mark.parametrize(("service", "breaks", "call", "kind", "field", "english"), SAMPLES,
                         ids=[f"{service}: {breaks}" for service, breaks, *_ in SAMPLES])
def test_a_rule_answers_in_chinese_with_its_english_beside(service, breaks, call, kind, field, english):
    problem = _raised(call, kind)
    body = problem.body(language="zh")
    assert body["detail_en"] == english
    assert HAN.search(body["detail_zh"]), body["detail_zh"]
    assert body["detail"] == f"{body['detail_zh']}；{english}"  # Chinese first, the English beside it
    assert problem.body(language="en")["detail"] == f"{english}；{body['detail_zh']}"
    if field is None:
        assert "errors" not in body
    else:
        [error] = body["errors"]
        assert error["field"] == field
        assert HAN.search(error["message_zh"]) and error["message_zh"] != error["message_en"]
        assert english.endswith(error["message_en"])


def test_no_sampled_rule_says_the_same_text_in_both_languages():
    services = set()
    for service, breaks, call, kind, _field, _english in SAMPLES:
        problem = _raised(call, kind)
        assert isinstance(problem, (DomainRuleViolated, Conflict))
        assert problem.text.zh != problem.text.en, f"{service}: {breaks} answers {problem.text.en!r} in both languages"
        for error in problem.body()["errors"] if problem.errors else []:
            assert error["message_zh"] != error["message_en"], f"{service}: {breaks}: {error['message_en']!r}"
        services.add(service)
    assert services == {"enforcement", "financing", "training", "outreach"}


def test_a_few_chinese_sentences_as_the_office_reads_them():
    assert _raised(lambda: _close_case(closed_on=date(2019, 4, 1)), DomainRuleViolated).text.zh == \
        "closed_on：2019-04-01 早于案件立案之日（2019-04-02）"
    assert _raised(lambda: _open_case(_opened_case()), Conflict).text.zh == "侵权案件 c1 已立案"
    assert _raised(lambda: _joint_meeting(["市场监管局", "公安局", "市场监管局"]), DomainRuleViolated).text.zh == \
        "departments.2：市场监管局 重复列出"
    assert _raised(lambda: _register([PledgedRight(kind="patent", number="ZL1"), PledgedRight(kind="patent", number="zl1")]),
                   DomainRuleViolated).text.zh == "pledged_rights.1.number：专利 zl1 重复列出"
    assert _raised(lambda: _story(measures=(20, 3, 20)), DomainRuleViolated).text.zh == "measures.2：措施 20 重复列出"
    assert _raised(lambda: support.retract_support(_retracted_subsidy(), project_id="p1", record=SupportRecord.SUBSIDY,
                                                   record_id="s1", reason="again", today=TODAY), Conflict).text.zh == \
        "补贴 s1 已于 2019-12-31 撤回"
    assert _raised(lambda: _story(enterprise=STATE_FIRM), DomainRuleViolated).text.zh == \
        "enterprise.ownership：典型案例只面向民营企业，该企业为国有（state_owned）"
