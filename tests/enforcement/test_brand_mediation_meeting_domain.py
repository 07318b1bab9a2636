"""Brand-protection orders (measure 6), mediation cases and joint meetings (measure 17)."""

from datetime import date

import pytest
from pydantic import ValidationError

from enforcement.brand_protection_orders import domain as brand
from enforcement.brand_protection_orders.domain import (
    BRAND_PROTECTION_ORDER,
    ActionKind,
    BrandProtectionActionTaken,
    BrandProtectionOrderClosed,
    BrandProtectionRequested,
    OrderOutcome,
)
from enforcement.joint_meetings import domain as meetings
from enforcement.joint_meetings.domain import JOINT_MEETING, JointMeetingHeld, JointMeetingRetracted
from enforcement.mediation_cases import domain as mediation
from enforcement.mediation_cases.domain import (
    MEDIATION_CASE,
    MediationCaseClosed,
    MediationCaseReceived,
    MediationOutcome,
    MediationSessionHeld,
    Party,
)
from kernel.domain.enterprise import Enterprise
from kernel.problems import Conflict, DomainRuleViolated, NotFound

TODAY = date(2019, 12, 31)
ACME = Enterprise(uscc="91440101MA5CJQ4N59", name="甲公司", ownership="private", region="420100")


def order(regions=("420100", "420500")):
    return brand.request(brand.BrandProtectionOrder(), order_id="o1", region="420100", brand_owner=ACME,
                         trademark_registration_number="12345678", regions_concerned=list(regions), markets=[],
                         requested_on=date(2019, 3, 1), today=TODAY)


def action(state, taken_on=date(2019, 3, 20), where="420500"):
    return brand.take_action(state, order_id="o1", action_region=where, kind=ActionKind.RAID, taken_on=taken_on,
                             goods_seized_count=1200, summary="", today=TODAY)


def test_brand_protection_lifecycle():
    [requested] = order()
    assert isinstance(requested, BrandProtectionRequested) and requested.brand_owner == ACME
    state = BRAND_PROTECTION_ORDER.fold([requested])
    with pytest.raises(DomainRuleViolated) as caught:  # fulfilled with nothing done
        brand.close(state, order_id="o1", closed_on=date(2019, 4, 1), outcome=OrderOutcome.FULFILLED, today=TODAY)
    assert caught.value.errors[0]["field"] == "outcome"
    [taken] = action(state)
    assert isinstance(taken, BrandProtectionActionTaken) and taken.goods_seized_count == 1200 and taken.action_region == "420500"
    state = BRAND_PROTECTION_ORDER.fold([requested, taken])
    [closed] = brand.close(state, order_id="o1", closed_on=date(2019, 4, 1), outcome=OrderOutcome.FULFILLED, today=TODAY)
    assert isinstance(closed, BrandProtectionOrderClosed) and closed.actions_taken == 1
    state = BRAND_PROTECTION_ORDER.fold([requested, taken, closed])
    with pytest.raises(Conflict):
        action(state, taken_on=date(2019, 4, 2))
    with pytest.raises(Conflict):
        brand.close(state, order_id="o1", closed_on=date(2019, 4, 2), outcome=OrderOutcome.WITHDRAWN, today=TODAY)


def test_brand_protection_rules():
    with pytest.raises(DomainRuleViolated) as caught:
        order(regions=("420100", "420100"))
    assert caught.value.errors[0]["field"] == "regions_concerned.1"
    state = BRAND_PROTECTION_ORDER.fold(order())
    for kwargs, field in (({"where": "420600"}, "action_region"), ({"taken_on": date(2019, 2, 28)}, "taken_on"),
                          ({"taken_on": date(2020, 1, 1)}, "taken_on")):
        with pytest.raises(DomainRuleViolated) as caught:
            action(state, **kwargs)
        assert caught.value.errors[0]["field"] == field
    state = BRAND_PROTECTION_ORDER.fold([*order(), *action(state)])
    with pytest.raises(DomainRuleViolated) as caught:
        brand.close(state, order_id="o1", closed_on=date(2019, 3, 19), outcome=OrderOutcome.WITHDRAWN, today=TODAY)
    assert caught.value.errors[0]["field"] == "closed_on"
    with pytest.raises(NotFound):
        action(brand.BrandProtectionOrder())


PARTIES = [Party(role="applicant", enterprise=ACME), Party(role="respondent", name="张某")]


def receive(parties=PARTIES, received_on=date(2019, 3, 1)):
    return mediation.receive(mediation.MediationCase(), case_id="m1", region="420100", parties=list(parties),
                             received_on=received_on, summary="", today=TODAY)


def test_mediation_lifecycle():
    [received] = receive()
    assert isinstance(received, MediationCaseReceived) and received.parties[0].enterprise == ACME
    state = MEDIATION_CASE.fold([received])
    with pytest.raises(DomainRuleViolated) as caught:  # agreed without any mediation
        mediation.close(state, case_id="m1", closed_on=date(2019, 3, 5), outcome=MediationOutcome.AGREED, today=TODAY)
    assert caught.value.errors[0]["field"] == "outcome"
    [session] = mediation.hold_session(state, case_id="m1", held_on=date(2019, 3, 10), today=TODAY)
    assert isinstance(session, MediationSessionHeld)
    state = MEDIATION_CASE.fold([received, session])
    with pytest.raises(DomainRuleViolated) as caught:
        mediation.close(state, case_id="m1", closed_on=date(2019, 3, 9), outcome=MediationOutcome.AGREED, today=TODAY)
    assert caught.value.errors[0]["field"] == "closed_on"
    [closed] = mediation.close(state, case_id="m1", closed_on=date(2019, 3, 10), outcome=MediationOutcome.AGREED, today=TODAY)
    assert isinstance(closed, MediationCaseClosed) and closed.sessions == 1 and closed.received_on == date(2019, 3, 1)
    state = MEDIATION_CASE.fold([received, session, closed])
    with pytest.raises(Conflict):
        mediation.hold_session(state, case_id="m1", held_on=date(2019, 3, 11), today=TODAY)
    with pytest.raises(Conflict) as caught:
        mediation.close(state, case_id="m1", closed_on=date(2019, 3, 11), outcome=MediationOutcome.FAILED, today=TODAY)
    assert caught.value.errors[0]["field"] == "closed_on"


def test_a_withdrawn_case_needs_no_session():
    [closed] = mediation.close(MEDIATION_CASE.fold(receive()), case_id="m1", closed_on=date(2019, 3, 2),
                               outcome=MediationOutcome.WITHDRAWN, today=TODAY)
    assert closed.sessions == 0


def test_mediation_rules():
    with pytest.raises(DomainRuleViolated) as caught:
        receive(parties=[PARTIES[0], Party(role="applicant", name="李某")])
    assert caught.value.errors[0]["field"] == "parties"
    with pytest.raises(DomainRuleViolated) as caught:
        receive(parties=[*PARTIES, Party(role="respondent", enterprise=ACME)])
    assert caught.value.errors[0]["field"] == "parties.2.enterprise.uscc"
    with pytest.raises(DomainRuleViolated) as caught:
        receive(received_on=date(2020, 1, 1))
    assert caught.value.errors[0]["field"] == "received_on"
    with pytest.raises(DomainRuleViolated) as caught:
        mediation.hold_session(MEDIATION_CASE.fold(receive()), case_id="m1", held_on=date(2019, 2, 28), today=TODAY)
    assert caught.value.errors[0]["field"] == "held_on"
    with pytest.raises(NotFound):
        mediation.hold_session(mediation.MediationCase(), case_id="x", held_on=date(2019, 3, 2), today=TODAY)
    with pytest.raises(ValidationError):
        Party(role="applicant", enterprise=ACME, name="both")
    with pytest.raises(ValidationError):
        Party(role="respondent")


def test_joint_meetings():
    [held] = meetings.hold(meetings.JointMeeting(), meeting_id="j1", region="420000", held_on=date(2019, 3, 15),
                           departments=["甲", "乙"], summary="", today=TODAY)
    assert isinstance(held, JointMeetingHeld) and held.region == "420000"
    state = JOINT_MEETING.fold([held])
    [retracted] = meetings.retract(state, meeting_id="j1", reason="重复", today=TODAY)
    assert isinstance(retracted, JointMeetingRetracted) and retracted.held_on == date(2019, 3, 15)
    with pytest.raises(Conflict):
        meetings.retract(JOINT_MEETING.fold([held, retracted]), meeting_id="j1", reason="again", today=TODAY)
    with pytest.raises(NotFound):
        meetings.retract(meetings.JointMeeting(), meeting_id="x", reason="r", today=TODAY)
    for departments, day, field in ((["甲", "甲"], date(2019, 3, 15), "departments.1"), (["甲"], date(2019, 3, 15), "departments"),
                                    (["甲", "乙"], date(2020, 1, 1), "held_on")):
        with pytest.raises(DomainRuleViolated) as caught:
            meetings.hold(meetings.JointMeeting(), meeting_id="j2", region="420100", held_on=day, departments=departments, summary="", today=TODAY)
        assert caught.value.errors[0]["field"] == field
