"""Pledge-financing projects: registered, released, defaulted on, retracted; the rules that refuse a command."""

from datetime import date

import pytest

from financing.pledge_projects import domain
from financing.pledge_projects.events import (
    PledgeProjectDefaulted,
    PledgeProjectRegistered,
    PledgeProjectRetracted,
    PledgeReleased,
)
from financing.vocabulary import PledgedRight
from kernel.domain.enterprise import Enterprise
from kernel.problems import Conflict, DomainRuleViolated, NotFound

TODAY = date(2019, 12, 31)
ACME = Enterprise(uscc="91440101MA5CJQ4N59", name="甲公司", ownership="private", region="420500")
STATE_FIRM = Enterprise(uscc="91110000600037341L", name="乙公司", ownership="state_owned", region="420100")
PATENT = PledgedRight(kind="patent", number="ZL201810123456.7")
MARK = PledgedRight(kind="trademark", number="23456789")


def register(state=None, enterprise=ACME, registered_on=date(2019, 4, 18), rights=(PATENT, MARK), amount_cny=5_000_000):
    return domain.register(
        state or domain.PledgeProject(), project_id="p1", enterprise=enterprise, lender="汉口银行", amount_cny=amount_cny,
        registered_on=registered_on, pledged_rights=list(rights), today=TODAY,
    )


def registered(**kwargs):
    return domain.PLEDGE_PROJECT.fold(register(**kwargs))


def fold(*events):
    return domain.PLEDGE_PROJECT.fold(events)


def field_of(caught) -> str:
    return caught.value.errors[0]["field"]


def test_registration_carries_the_enterprise_with_its_ownership_and_region():
    [event] = register(enterprise=STATE_FIRM)
    assert isinstance(event, PledgeProjectRegistered)
    assert event.enterprise.ownership == "state_owned" and event.region == "420100"
    data = event.data()
    assert data["enterprise"]["ownership"] == "state_owned" and data["registered_on"] == "2019-04-18"
    assert data["pledged_rights"] == [{"kind": "patent", "number": "ZL201810123456.7"}, {"kind": "trademark", "number": "23456789"}]
    assert data["amount_cny"] == 5_000_000 and data["lender"] == "汉口银行"


def test_registration_then_release_rebuilds_the_state():
    state = registered()
    assert state.registered and state.region == "420500" and state.amount_cny == 5_000_000 and state.pledged_rights == (PATENT, MARK)
    [event] = domain.release(state, project_id="p1", released_on=date(2019, 10, 1), today=TODAY)
    assert event == PledgeReleased(project_id="p1", region="420500", released_on=date(2019, 10, 1))
    assert domain.apply(state, event).released_on == date(2019, 10, 1)


def test_default_then_release_after_the_default():
    state = registered()
    [event] = domain.default(state, project_id="p1", defaulted_on=date(2019, 9, 1), outstanding_cny=3_000_000, today=TODAY)
    assert isinstance(event, PledgeProjectDefaulted) and event.enterprise == ACME and event.outstanding_cny == 3_000_000
    state = domain.apply(state, event)
    assert state.defaulted_on == date(2019, 9, 1) and state.outstanding_cny == 3_000_000
    with pytest.raises(DomainRuleViolated) as caught:
        domain.release(state, project_id="p1", released_on=date(2019, 8, 31), today=TODAY)
    assert field_of(caught) == "released_on"
    assert domain.release(state, project_id="p1", released_on=date(2019, 12, 1), today=TODAY)


def test_registration_rules():
    with pytest.raises(DomainRuleViolated) as caught:
        register(registered_on=date(2020, 1, 1))
    assert field_of(caught) == "registered_on"
    with pytest.raises(DomainRuleViolated) as caught:
        register(rights=())
    assert field_of(caught) == "pledged_rights"
    with pytest.raises(DomainRuleViolated) as caught:
        register(rights=(PATENT, MARK, PledgedRight(kind="patent", number="zl201810123456.7")))
    assert field_of(caught) == "pledged_rights.2.number"
    with pytest.raises(Conflict):
        register(state=registered())


def test_the_same_number_under_two_kinds_is_two_rights():
    [event] = register(rights=(PATENT, PledgedRight(kind="copyright", number=PATENT.number)))
    assert len(event.pledged_rights) == 2


def test_release_rules():
    state = registered()
    with pytest.raises(NotFound):
        domain.release(domain.PledgeProject(), project_id="p9", released_on=date(2019, 5, 1), today=TODAY)
    for day in (date(2019, 4, 17), date(2020, 1, 1)):  # before registration, in the future
        with pytest.raises(DomainRuleViolated) as caught:
            domain.release(state, project_id="p1", released_on=day, today=TODAY)
        assert field_of(caught) == "released_on"
    released = domain.apply(state, PledgeReleased(project_id="p1", region="420500", released_on=date(2019, 5, 1)))
    with pytest.raises(Conflict) as conflict:
        domain.release(released, project_id="p1", released_on=date(2019, 6, 1), today=TODAY)
    assert field_of(conflict) == "released_on"
    assert domain.release(state, project_id="p1", released_on=date(2019, 4, 18), today=TODAY)  # the same day is fine


def test_default_rules():
    state = registered()

    def decide(s, on=date(2019, 9, 1), owed=1_000):
        return domain.default(s, project_id="p1", defaulted_on=on, outstanding_cny=owed, today=TODAY)

    with pytest.raises(NotFound):
        decide(domain.PledgeProject())
    for on, owed, field in ((date(2019, 4, 1), 1_000, "defaulted_on"), (date(2020, 1, 1), 1_000, "defaulted_on"),
                            (date(2019, 9, 1), 5_000_001, "outstanding_cny")):
        with pytest.raises(DomainRuleViolated) as caught:
            decide(state, on, owed)
        assert field_of(caught) == field
    assert decide(state, owed=5_000_000)  # the whole loan may be outstanding
    defaulted = domain.apply(state, decide(state)[0])
    with pytest.raises(Conflict):
        decide(defaulted, on=date(2019, 10, 1))
    released = domain.apply(state, PledgeReleased(project_id="p1", region="420500", released_on=date(2019, 5, 1)))
    with pytest.raises(Conflict) as conflict:
        decide(released)
    assert field_of(conflict) == "defaulted_on"


def test_retraction_happens_once_and_nothing_follows_it():
    state = registered()
    [event] = domain.retract(state, project_id="p1", reason="registered twice", today=TODAY)
    assert event == PledgeProjectRetracted(project_id="p1", region="420500", reason="registered twice", retracted_on=TODAY)
    retracted = domain.apply(state, event)
    with pytest.raises(Conflict):
        domain.retract(retracted, project_id="p1", reason="again", today=TODAY)
    with pytest.raises(Conflict):
        domain.release(retracted, project_id="p1", released_on=date(2019, 6, 1), today=TODAY)
    with pytest.raises(Conflict):
        domain.default(retracted, project_id="p1", defaulted_on=date(2019, 6, 1), outstanding_cny=1, today=TODAY)
    with pytest.raises(NotFound):
        domain.retract(domain.PledgeProject(), project_id="p9", reason="x", today=TODAY)
