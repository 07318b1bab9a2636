"""Fast-track cases (measure 2), foreign-related disputes and the overseas escort program (measure 3)."""

from datetime import date

import pytest

from enforcement.fast_track_cases import domain as fast_track
from enforcement.fast_track_cases.domain import FAST_TRACK_CASE, FastTrackCaseDecided, FastTrackCaseFiled, FastTrackKind, ProtectionCenter
from enforcement.foreign_disputes import domain as foreign
from enforcement.foreign_disputes.domain import (
    FOREIGN_DISPUTE,
    AssistanceKind,
    DisputeKind,
    DisputeOutcome,
    ForeignDisputeAssisted,
    ForeignDisputeClosed,
    ForeignDisputeOpened,
)
from enforcement.overseas_escort import domain as escort
from enforcement.overseas_escort.domain import OVERSEAS_ESCORT, OverseasEscortEnrolled, OverseasEscortLeft
from enforcement.parties import RightKind
from kernel.domain.enterprise import Enterprise
from kernel.problems import Conflict, DomainRuleViolated, NotFound

TODAY = date(2019, 12, 31)
ACME = Enterprise(uscc="91440101MA5CJQ4N59", name="甲公司", ownership="private", region="420500")


def file(filed_on=date(2019, 3, 1)):
    return fast_track.file_case(fast_track.FastTrackCase(), case_id="f1", center=ProtectionCenter.WUHAN_AUTO_RAPID_CENTER,
                                kind=FastTrackKind.RAPID_DETERMINATION, enterprise=ACME, reference="R1", filed_on=filed_on, today=TODAY)


def test_fast_track_turnaround_is_derived():
    [filed] = file()
    assert isinstance(filed, FastTrackCaseFiled) and filed.region == "420100" and filed.center == "wuhan-auto-rapid-center"
    [decided] = fast_track.decide(FAST_TRACK_CASE.fold([filed]), case_id="f1", decided_on=date(2019, 3, 11), today=TODAY)
    assert isinstance(decided, FastTrackCaseDecided) and decided.turnaround_days == 10
    assert decided.enterprise == ACME and decided.kind == "rapid_determination" and decided.filed_on == date(2019, 3, 1)
    assert FAST_TRACK_CASE.fold([filed, decided]).turnaround_days == 10


def test_fast_track_rules():
    with pytest.raises(DomainRuleViolated) as caught:
        file(filed_on=date(2020, 1, 1))
    assert caught.value.errors[0]["field"] == "filed_on"
    state = FAST_TRACK_CASE.fold(file())
    for day in (date(2019, 2, 28), date(2020, 1, 1)):
        with pytest.raises(DomainRuleViolated) as caught:
            fast_track.decide(state, case_id="f1", decided_on=day, today=TODAY)
        assert caught.value.errors[0]["field"] == "decided_on"
    decided = FAST_TRACK_CASE.fold([*file(), *fast_track.decide(state, case_id="f1", decided_on=date(2019, 3, 1), today=TODAY)])
    assert decided.turnaround_days == 0
    with pytest.raises(Conflict):
        fast_track.decide(decided, case_id="f1", decided_on=date(2019, 3, 2), today=TODAY)
    with pytest.raises(NotFound):
        fast_track.decide(fast_track.FastTrackCase(), case_id="x", decided_on=date(2019, 3, 2), today=TODAY)


def open_dispute(country="US", opened_on=date(2019, 4, 1)):
    return foreign.open_dispute(foreign.ForeignDispute(), case_id="d1", region="420500", enterprise=ACME, country_or_region=country,
                                kind=DisputeKind.LITIGATION, right_kind=RightKind.PATENT, opened_on=opened_on, summary="", today=TODAY)


def test_foreign_dispute_lifecycle():
    [opened] = open_dispute()
    assert isinstance(opened, ForeignDisputeOpened) and opened.country_or_region == "US"
    state = FOREIGN_DISPUTE.fold([opened])
    [assisted] = foreign.assist(state, case_id="d1", assistance=AssistanceKind.EXPERT_OPINION, given_on=date(2019, 4, 10), summary="", today=TODAY)
    assert isinstance(assisted, ForeignDisputeAssisted) and assisted.enterprise == ACME and assisted.region == "420500"
    state = FOREIGN_DISPUTE.fold([opened, assisted])
    with pytest.raises(DomainRuleViolated) as caught:  # closing before the last assistance
        foreign.close(state, case_id="d1", closed_on=date(2019, 4, 9), outcome=DisputeOutcome.SETTLED, today=TODAY)
    assert caught.value.errors[0]["field"] == "closed_on"
    [closed] = foreign.close(state, case_id="d1", closed_on=date(2019, 10, 1), outcome=DisputeOutcome.SETTLED, today=TODAY)
    assert isinstance(closed, ForeignDisputeClosed) and closed.opened_on == date(2019, 4, 1)
    state = FOREIGN_DISPUTE.fold([opened, assisted, closed])
    with pytest.raises(Conflict):
        foreign.assist(state, case_id="d1", assistance=AssistanceKind.OTHER, given_on=date(2019, 10, 2), summary="", today=TODAY)
    with pytest.raises(Conflict) as caught:
        foreign.close(state, case_id="d1", closed_on=date(2019, 10, 2), outcome=DisputeOutcome.WON, today=TODAY)
    assert caught.value.errors[0]["field"] == "closed_on"


def test_foreign_dispute_rules():
    with pytest.raises(DomainRuleViolated) as caught:
        open_dispute(country="CN")
    assert caught.value.errors[0]["field"] == "country_or_region"
    with pytest.raises(DomainRuleViolated) as caught:
        open_dispute(opened_on=date(2020, 1, 1))
    assert caught.value.errors[0]["field"] == "opened_on"
    state = FOREIGN_DISPUTE.fold(open_dispute())
    with pytest.raises(DomainRuleViolated) as caught:
        foreign.assist(state, case_id="d1", assistance=AssistanceKind.FUNDING, given_on=date(2019, 3, 31), summary="", today=TODAY)
    assert caught.value.errors[0]["field"] == "given_on"
    with pytest.raises(NotFound):
        foreign.close(foreign.ForeignDispute(), case_id="x", closed_on=date(2019, 5, 1), outcome=DisputeOutcome.LOST, today=TODAY)


def test_overseas_escort_enrolment():
    [enrolled] = escort.enrol(escort.OverseasEscortEnrolment(), enterprise=ACME, enrolled_on=date(2019, 2, 1), target_markets=["US"], today=TODAY)
    assert isinstance(enrolled, OverseasEscortEnrolled) and enrolled.region == "420500" and enrolled.uscc == ACME.uscc
    state = OVERSEAS_ESCORT.fold([enrolled])
    with pytest.raises(Conflict) as caught:
        escort.enrol(state, enterprise=ACME, enrolled_on=date(2019, 3, 1), target_markets=[], today=TODAY)
    assert caught.value.errors[0]["field"] == "enterprise.uscc"
    with pytest.raises(DomainRuleViolated) as caught:
        escort.leave(state, uscc=ACME.uscc, left_on=date(2019, 1, 31), reason="r", today=TODAY)
    assert caught.value.errors[0]["field"] == "left_on"
    [left] = escort.leave(state, uscc=ACME.uscc, left_on=date(2019, 12, 31), reason="期满", today=TODAY)
    assert isinstance(left, OverseasEscortLeft) and left.enrolled_on == date(2019, 2, 1)
    with pytest.raises(Conflict):
        escort.leave(OVERSEAS_ESCORT.fold([enrolled, left]), uscc=ACME.uscc, left_on=date(2019, 12, 31), reason="r", today=TODAY)
    with pytest.raises(NotFound):
        escort.leave(escort.OverseasEscortEnrolment(), uscc=ACME.uscc, left_on=date(2019, 12, 31), reason="r", today=TODAY)
    with pytest.raises(DomainRuleViolated) as caught:
        escort.enrol(escort.OverseasEscortEnrolment(), enterprise=ACME, enrolled_on=date(2020, 1, 1), target_markets=[], today=TODAY)
    assert caught.value.errors[0]["field"] == "enrolled_on"


@pytest.mark.parametrize(("markets", "field", "message"), [
    (["US", "JP", "US"], "target_markets.2", "US is listed twice"),
    (["US", "CN"], "target_markets.1", "the escort covers markets outside the mainland"),
    (["CN", "CN"], "target_markets.0", "the escort covers markets outside the mainland"),  # the first wrong entry
    (["US", "US", "CN"], "target_markets.1", "US is listed twice"),
])
def test_overseas_escort_target_markets_are_decided_by_the_domain(markets, field, message):
    with pytest.raises(DomainRuleViolated) as refused:
        escort.enrol(escort.OverseasEscortEnrolment(), enterprise=ACME, enrolled_on=date(2019, 2, 1), target_markets=markets, today=TODAY)
    [error] = refused.value.errors
    assert error["field"] == field and message in str(error["message"])
    [enrolled] = escort.enrol(escort.OverseasEscortEnrolment(), enterprise=ACME, enrolled_on=date(2019, 2, 1),
                              target_markets=["US", "JP"], today=TODAY)
    assert enrolled.target_markets == ["US", "JP"]
