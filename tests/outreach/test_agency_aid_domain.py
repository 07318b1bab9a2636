"""Agency aid (measure 16): only for private enterprises, only by a registered agency, after it registered."""

from datetime import date

import pytest

from kernel.aggregate import Loaded
from kernel.domain.enterprise import Enterprise, Ownership
from kernel.problems import Conflict, DomainRuleViolated, NotFound
from outreach.agencies.domain import SERVICE_AGENCY, ServiceAgencyRegistered
from outreach.agency_aid import domain
from outreach.agency_aid.domain import AgencyAidProvided, AgencyAidRetracted, AidServiceKind, EnterpriseSituation

TODAY = date(2019, 12, 31)
ACME = Enterprise(uscc="91440101MA5CJQ4N59", name="甲公司", ownership="private", region="420500")


def agency(registered=True):
    events = [ServiceAgencyRegistered(agency_id="a1", name="代理所", uscc=None, ownership=Ownership.STATE_OWNED,
                                      region="420100", registered_on=date(2019, 3, 1), in_cluster_zone=False)] if registered else []
    return Loaded(SERVICE_AGENCY, "a1", SERVICE_AGENCY.fold(events), len(events))


def provide(loaded=None, state=None, **overrides):
    args = dict(aid_id="x1", enterprise=ACME, enterprise_situation=EnterpriseSituation.START_UP,
                service_kind=AidServiceKind.PATENT_APPLICATION, waived_amount_cny=3000, provided_on=date(2019, 8, 12), today=TODAY)
    return domain.provide(state or domain.AgencyAid(), loaded or agency(), **{**args, **overrides})


def test_aid_carries_the_agency_its_region_and_the_enterprise():
    [event] = provide()
    assert isinstance(event, AgencyAidProvided)
    data = event.data()
    assert data["agency_id"] == "a1" and data["agency_ownership"] == "state_owned" and data["region"] == "420100"
    assert data["enterprise"]["ownership"] == "private" and data["waived_amount_cny"] == 3000
    assert data["provided_on"] == "2019-08-12" and data["enterprise_situation"] == "start_up"
    assert domain.AGENCY_AID.fold([event]).recorded


@pytest.mark.parametrize("ownership", ["state_owned", "foreign_invested", "collective", "other"])
def test_aid_to_an_enterprise_that_is_not_private_is_refused(ownership):
    with pytest.raises(DomainRuleViolated) as caught:
        provide(enterprise=ACME.model_copy(update={"ownership": Ownership(ownership)}))
    assert caught.value.errors[0]["field"] == "enterprise.ownership"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"loaded": "unregistered"}, "agency_id"),
        ({"provided_on": date(2019, 2, 28)}, "provided_on"),
        ({"provided_on": date(2020, 1, 1)}, "provided_on"),
        ({"waived_amount_cny": 0}, "waived_amount_cny"),
    ],
)
def test_rules_that_refuse_aid(overrides, field):
    if overrides.get("loaded") == "unregistered":
        overrides = {"loaded": agency(registered=False)}
    with pytest.raises(DomainRuleViolated) as caught:
        provide(**overrides)
    assert caught.value.errors[0]["field"] == field


def test_retraction_happens_once():
    state = domain.AGENCY_AID.fold(provide())
    [event] = domain.retract(state, aid_id="x1", reason="not free after all", today=TODAY)
    assert isinstance(event, AgencyAidRetracted)
    with pytest.raises(Conflict):
        domain.retract(domain.apply(state, event), aid_id="x1", reason="again", today=TODAY)
    with pytest.raises(NotFound):
        domain.retract(domain.AgencyAid(), aid_id="x9", reason="x", today=TODAY)
    with pytest.raises(Conflict):
        provide(state=state)
