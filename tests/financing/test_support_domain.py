"""Measures 7 and 8 on a project: subsidies, risk compensation, guarantees, and their retraction."""

from datetime import date

import pytest

from financing.pledge_projects import domain, support
from financing.pledge_projects.events import (
    GuaranteeAttached,
    PledgeProjectDefaulted,
    PledgeProjectRegistered,
    PledgeProjectRetracted,
    PledgeReleased,
    RiskCompensationPaid,
    SubsidyGranted,
    SupportRecord,
    SupportRecordRetracted,
)
from financing.vocabulary import PledgedRight
from kernel.domain.enterprise import Enterprise
from kernel.problems import Conflict, DomainRuleViolated, NotFound

TODAY = date(2019, 12, 31)
ACME = Enterprise(uscc="91440101MA5CJQ4N59", name="甲公司", ownership="private", region="420100")
REGISTERED = PledgeProjectRegistered(
    project_id="p1", enterprise=ACME, region="420100", lender="汉口银行", amount_cny=1_000_000,
    registered_on=date(2019, 4, 1), pledged_rights=[PledgedRight(kind="patent", number="ZL1")],
)
DEFAULTED = PledgeProjectDefaulted(project_id="p1", enterprise=ACME, region="420100", defaulted_on=date(2019, 9, 1), outstanding_cny=600_000)


def project(*later):
    return domain.PLEDGE_PROJECT.fold([REGISTERED, *later])


def field_of(caught) -> str:
    return caught.value.errors[0]["field"]


def subsidy(state, subsidy_id="s1", amount_cny=100_000, granted_on=date(2019, 7, 1), period_from=date(2019, 4, 1),
            period_to=date(2019, 6, 30), kind="interest_discount"):
    return support.grant_subsidy(state, project_id="p1", subsidy_id=subsidy_id, kind=kind, amount_cny=amount_cny,
                                 granted_on=granted_on, period_from=period_from, period_to=period_to, today=TODAY)


def compensation(state, compensation_id="c1", amount_cny=300_000, paid_on=date(2019, 10, 1)):
    return support.pay_compensation(state, project_id="p1", compensation_id=compensation_id, payer="provincial_fund",
                                    amount_cny=amount_cny, paid_on=paid_on, today=TODAY)


def guarantee(state, cover_cny=800_000, covers_from=date(2019, 4, 1), covers_to=date(2020, 3, 31)):
    return support.attach_guarantee(state, project_id="p1", guarantee_id="g1", kind="institutional_guarantee",
                                    provider="湖北省担保集团", cover_cny=cover_cny, covers_from=covers_from,
                                    covers_to=covers_to, today=TODAY)


def test_a_subsidy_names_the_enterprise_the_loan_and_the_period():
    [event] = subsidy(project())
    assert isinstance(event, SubsidyGranted)
    assert event.enterprise == ACME and event.region == "420100" and event.loan_amount_cny == 1_000_000
    assert event.kind == "interest_discount" and event.period_from == date(2019, 4, 1)
    state = domain.apply(project(), event)
    assert state.total(SupportRecord.SUBSIDY) == 100_000 and state.support["s1"].until == date(2019, 6, 30)


def test_subsidies_together_may_not_exceed_the_loan():
    with pytest.raises(DomainRuleViolated) as caught:
        subsidy(project(), amount_cny=1_000_001)
    assert field_of(caught) == "amount_cny"
    state = domain.apply(project(), subsidy(project(), amount_cny=900_000)[0])
    with pytest.raises(DomainRuleViolated) as caught:
        subsidy(state, "s2", amount_cny=100_001, kind="subsidy")
    assert field_of(caught) == "amount_cny" and "900000" in caught.value.detail
    assert subsidy(state, "s2", amount_cny=100_000)  # exactly the loan is allowed
    retracted = domain.apply(state, support.retract_support(state, project_id="p1", record=SupportRecord.SUBSIDY, record_id="s1", reason="wrong", today=TODAY)[0])
    assert retracted.total(SupportRecord.SUBSIDY) == 0 and subsidy(retracted, "s2", amount_cny=1_000_000)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"granted_on": date(2020, 1, 1)}, "granted_on"),
        ({"granted_on": date(2019, 3, 31)}, "granted_on"),
        ({"period_from": date(2019, 7, 1), "period_to": date(2019, 6, 30)}, "period_to"),
        ({"period_from": date(2019, 1, 1), "period_to": date(2019, 3, 31)}, "period_to"),
    ],
)
def test_subsidy_date_rules(overrides, field):
    with pytest.raises(DomainRuleViolated) as caught:
        subsidy(project(), **overrides)
    assert field_of(caught) == field


def test_compensation_is_paid_only_after_a_default_and_up_to_what_was_outstanding():
    with pytest.raises(DomainRuleViolated) as caught:
        compensation(project())
    assert field_of(caught) == "project_id"
    defaulted = project(DEFAULTED)
    [event] = compensation(defaulted)
    assert isinstance(event, RiskCompensationPaid) and event.payer == "provincial_fund" and event.enterprise == ACME
    paid = domain.apply(defaulted, event)
    with pytest.raises(DomainRuleViolated) as caught:
        compensation(paid, "c2", amount_cny=300_001)
    assert field_of(caught) == "amount_cny"
    assert compensation(paid, "c2", amount_cny=300_000)
    for day in (date(2019, 8, 31), date(2020, 1, 1)):
        with pytest.raises(DomainRuleViolated) as caught:
            compensation(defaulted, paid_on=day)
        assert field_of(caught) == "paid_on"


def test_a_guarantee_covers_at_most_the_loan_within_sensible_dates():
    [event] = guarantee(project())
    assert isinstance(event, GuaranteeAttached) and event.provider == "湖北省担保集团" and event.cover_cny == 800_000
    cases = [
        ({"cover_cny": 1_000_001}, "cover_cny"),
        ({"covers_from": date(2020, 1, 1), "covers_to": date(2020, 12, 31)}, "covers_from"),
        ({"covers_from": date(2019, 6, 1), "covers_to": date(2019, 5, 31)}, "covers_to"),
        ({"covers_from": date(2018, 1, 1), "covers_to": date(2019, 3, 31)}, "covers_to"),
    ]
    for overrides, field in cases:
        with pytest.raises(DomainRuleViolated) as caught:
            guarantee(project(), **overrides)
        assert field_of(caught) == field, overrides
    released = project(PledgeReleased(project_id="p1", region="420100", released_on=date(2019, 8, 1)))
    with pytest.raises(DomainRuleViolated) as caught:
        guarantee(released, covers_from=date(2019, 8, 2))
    assert field_of(caught) == "covers_from"


def test_support_record_retraction():
    state = domain.apply(project(), guarantee(project())[0])
    with pytest.raises(NotFound):  # a guarantee is not a subsidy
        support.retract_support(state, project_id="p1", record=SupportRecord.SUBSIDY, record_id="g1", reason="x", today=TODAY)
    [event] = support.retract_support(state, project_id="p1", record=SupportRecord.GUARANTEE, record_id="g1", reason="x", today=TODAY)
    assert event == SupportRecordRetracted(project_id="p1", record="guarantee", record_id="g1", region="420100", reason="x", retracted_on=TODAY)
    retracted = domain.apply(state, event)
    assert not retracted.support["g1"].counts
    with pytest.raises(Conflict):
        support.retract_support(retracted, project_id="p1", record=SupportRecord.GUARANTEE, record_id="g1", reason="x", today=TODAY)


def test_nothing_is_recorded_on_a_missing_or_retracted_project():
    gone = project(PledgeProjectRetracted(project_id="p1", region="420100", reason="x", retracted_on=TODAY))
    for decide in (subsidy, guarantee):
        with pytest.raises(NotFound):
            decide(domain.PledgeProject())
        with pytest.raises(Conflict):
            decide(gone)
    with pytest.raises(Conflict):
        compensation(domain.apply(gone, DEFAULTED))
