"""Financing-needs survey responses: recorded, met by a project of the same enterprise, retracted."""

from datetime import date

import pytest

from financing.needs_surveys import domain
from financing.needs_surveys.domain import FinancingNeedMet, NeedsSurveyResponseRecorded, NeedsSurveyResponseRetracted
from financing.pledge_projects.domain import PLEDGE_PROJECT
from financing.pledge_projects.events import PledgeProjectRegistered, PledgeProjectRetracted
from financing.vocabulary import PledgedRight
from kernel.aggregate import Loaded
from kernel.domain.enterprise import Enterprise
from kernel.problems import Conflict, DomainRuleViolated, NotFound

TODAY = date(2019, 12, 31)
ACME = Enterprise(uscc="91440101MA5CJQ4N59", name="甲公司", ownership="private", region="420100")
OTHER = Enterprise(uscc="91350200776049653A", name="丙公司", ownership="private", region="420100")
PATENT = PledgedRight(kind="patent", number="ZL1")


def record(state=None, responded_on=date(2019, 3, 20), rights=(PATENT,)):
    return domain.record(
        state or domain.NeedsSurveyResponse(), response_id="r1", survey="2019年需求调研", enterprise=ACME,
        responded_on=responded_on, amount_sought_cny=2_000_000, rights_offered=list(rights), today=TODAY,
    )


def answered():
    return domain.NEEDS_SURVEY_RESPONSE.fold(record())


def project(enterprise=ACME, registered_on=date(2019, 5, 1), retracted=False, key="p1"):
    if enterprise is None:
        return Loaded(PLEDGE_PROJECT, key, PLEDGE_PROJECT.initial(), 0)
    events = [PledgeProjectRegistered(project_id=key, enterprise=enterprise, region="420100", lender="汉口银行",
                                      amount_cny=1_500_000, registered_on=registered_on, pledged_rights=[PATENT])]
    if retracted:
        events.append(PledgeProjectRetracted(project_id=key, region="420100", reason="x", retracted_on=TODAY))
    return Loaded(PLEDGE_PROJECT, key, PLEDGE_PROJECT.fold(events), len(events))


def test_a_response_carries_the_enterprise_and_what_it_seeks():
    [event] = record()
    assert isinstance(event, NeedsSurveyResponseRecorded)
    assert event.enterprise == ACME and event.region == "420100" and event.amount_sought_cny == 2_000_000
    assert record(rights=())  # an enterprise without rights to pledge still has a need worth recording


def test_recording_rules():
    with pytest.raises(DomainRuleViolated) as caught:
        record(responded_on=date(2020, 1, 1))
    assert caught.value.errors[0]["field"] == "responded_on"
    with pytest.raises(DomainRuleViolated) as caught:
        record(rights=(PATENT, PATENT))
    assert caught.value.errors[0]["field"] == "rights_offered.1.number"
    with pytest.raises(Conflict):
        record(state=answered())


def test_a_later_project_of_the_same_enterprise_meets_the_need_once():
    [event] = domain.mark_met(answered(), project(), response_id="r1")
    assert isinstance(event, FinancingNeedMet)
    assert event.project_id == "p1" and event.met_on == date(2019, 5, 1) and event.amount_cny == 1_500_000
    met = domain.apply(answered(), event)
    assert met.met_by_project == "p1"
    with pytest.raises(Conflict):
        domain.mark_met(met, project(key="p2"), response_id="r1")


@pytest.mark.parametrize(
    "loaded",
    [project(enterprise=None), project(retracted=True), project(enterprise=OTHER), project(registered_on=date(2019, 3, 19))],
    ids=["no such project", "retracted project", "another enterprise", "registered before the survey"],
)
def test_projects_that_cannot_meet_the_need(loaded):
    with pytest.raises(DomainRuleViolated) as caught:
        domain.mark_met(answered(), loaded, response_id="r1")
    assert caught.value.errors[0]["field"] == "project_id"


def test_retraction_happens_once_and_stops_fulfilment():
    [event] = domain.retract(answered(), response_id="r1", reason="twice", today=TODAY)
    assert event == NeedsSurveyResponseRetracted(response_id="r1", region="420100", reason="twice", retracted_on=TODAY)
    retracted = domain.apply(answered(), event)
    with pytest.raises(Conflict):
        domain.retract(retracted, response_id="r1", reason="again", today=TODAY)
    with pytest.raises(Conflict):
        domain.mark_met(retracted, project(), response_id="r1")
    with pytest.raises(NotFound):
        domain.mark_met(domain.NeedsSurveyResponse(), project(), response_id="r9")


def test_a_project_recording_the_enterprise_in_another_region_does_not_meet_the_need():
    """Issue 16, finding 2: the response records the enterprise in Wuhan; a project of the same credit code claiming
    Huangshi contradicts it (409 naming project_id), so the need is not counted as met by another region's claim."""
    elsewhere = project(enterprise=ACME.model_copy(update={"region": "420200"}))
    with pytest.raises(Conflict) as caught:
        domain.mark_met(answered(), elsewhere, response_id="r1")
    assert caught.value.errors[0]["field"] == "project_id" and "420200" in caught.value.detail
    renamed = project(enterprise=ACME.model_copy(update={"name": "甲股份公司", "ownership": "state_owned"}))
    assert domain.mark_met(answered(), renamed, response_id="r1")  # a new name or ownership is the project's own claim
