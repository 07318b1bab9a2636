"""Service agencies (measures 14, 15): one set of rules for every ownership; the cluster zone in and out."""

from datetime import date

import pytest

from kernel.domain.enterprise import Ownership
from kernel.problems import Conflict, DomainRuleViolated, NotFound
from outreach.agencies import domain
from outreach.agencies.domain import (
    ServiceAgencyLeftClusterZone,
    ServiceAgencyRegistered,
    ServiceAgencySettledInClusterZone,
    ServiceAgencySupervised,
    SupervisionFinding,
    SupervisionKind,
)

TODAY = date(2019, 12, 31)
OWNERSHIPS = list(Ownership)


def registered(ownership=Ownership.PRIVATE, on=date(2019, 3, 1), in_zone=False):
    return domain.SERVICE_AGENCY.fold(domain.register(
        domain.ServiceAgency(), agency_id="a1", name="代理所", uscc=None, ownership=ownership, region="420100",
        registered_on=on, in_cluster_zone=in_zone, today=TODAY,
    ))


def supervise(state, acted_on=date(2019, 6, 1)):
    return domain.supervise(state, agency_id="a1", action_id="s1", acted_on=acted_on, kind=SupervisionKind.SPOT_CHECK,
                            finding=SupervisionFinding.COMPLIANT, summary="", today=TODAY)


@pytest.mark.parametrize("ownership", OWNERSHIPS)
def test_every_ownership_goes_through_the_same_lifecycle(ownership):
    state = registered(ownership)
    assert state.registered and state.ownership is ownership and not state.in_cluster_zone
    [settled] = domain.settle_in_zone(state, agency_id="a1", settled_on=date(2019, 4, 1), today=TODAY)
    assert settled == ServiceAgencySettledInClusterZone(agency_id="a1", ownership=ownership, region="420100", settled_on=date(2019, 4, 1))
    state = domain.apply(state, settled)
    [action] = supervise(state)
    assert isinstance(action, ServiceAgencySupervised) and action.ownership is ownership and action.region == "420100"
    state = domain.apply(state, action)
    [left] = domain.leave_zone(state, agency_id="a1", left_on=date(2019, 9, 1), today=TODAY)
    assert isinstance(left, ServiceAgencyLeftClusterZone)
    state = domain.apply(state, left)
    assert not state.in_cluster_zone and state.supervision_actions == 1 and state.zone_changed_on == date(2019, 9, 1)


@pytest.mark.parametrize("ownership", OWNERSHIPS)
def test_every_ownership_is_refused_by_the_same_rules(ownership):
    state = registered(ownership)
    with pytest.raises(DomainRuleViolated) as caught:
        supervise(state, acted_on=date(2019, 2, 28))
    assert caught.value.errors[0]["field"] == "acted_on"
    with pytest.raises(Conflict):
        domain.leave_zone(state, agency_id="a1", left_on=date(2019, 5, 1), today=TODAY)


def test_registration_event_and_its_rules():
    [event] = domain.register(domain.ServiceAgency(), agency_id="a1", name="代理所", uscc="91440101MA5CJQ4N59",
                              ownership=Ownership.STATE_OWNED, region="420100", registered_on=date(2019, 3, 1),
                              in_cluster_zone=True, today=TODAY)
    assert isinstance(event, ServiceAgencyRegistered) and event.data()["in_cluster_zone"] is True
    assert event.data()["ownership"] == "state_owned" and event.data()["registered_on"] == "2019-03-01"
    with pytest.raises(Conflict):
        domain.register(registered(), agency_id="a1", name="x", uscc=None, ownership=Ownership.PRIVATE, region="420100",
                        registered_on=date(2019, 3, 1), in_cluster_zone=False, today=TODAY)
    with pytest.raises(DomainRuleViolated) as caught:
        domain.register(domain.ServiceAgency(), agency_id="a2", name="x", uscc=None, ownership=Ownership.PRIVATE,
                        region="420100", registered_on=date(2020, 1, 1), in_cluster_zone=False, today=TODAY)
    assert caught.value.errors[0]["field"] == "registered_on"


def test_zone_dates_follow_each_other():
    in_zone = registered(in_zone=True, on=date(2019, 3, 1))
    with pytest.raises(Conflict):
        domain.settle_in_zone(in_zone, agency_id="a1", settled_on=date(2019, 4, 1), today=TODAY)
    with pytest.raises(DomainRuleViolated) as caught:
        domain.leave_zone(in_zone, agency_id="a1", left_on=date(2019, 2, 1), today=TODAY)
    assert caught.value.errors[0]["field"] == "left_on"
    out = domain.apply(in_zone, domain.leave_zone(in_zone, agency_id="a1", left_on=date(2019, 6, 1), today=TODAY)[0])
    with pytest.raises(DomainRuleViolated) as caught:
        domain.settle_in_zone(out, agency_id="a1", settled_on=date(2019, 5, 31), today=TODAY)
    assert caught.value.errors[0]["field"] == "settled_on"
    with pytest.raises(DomainRuleViolated):
        domain.settle_in_zone(out, agency_id="a1", settled_on=date(2020, 1, 1), today=TODAY)
    assert domain.settle_in_zone(out, agency_id="a1", settled_on=date(2019, 6, 1), today=TODAY)


def test_an_unregistered_agency_is_not_found():
    empty = domain.ServiceAgency()
    for decide in (
        lambda: domain.settle_in_zone(empty, agency_id="a9", settled_on=date(2019, 4, 1), today=TODAY),
        lambda: domain.leave_zone(empty, agency_id="a9", left_on=date(2019, 4, 1), today=TODAY),
        lambda: supervise(empty),
    ):
        with pytest.raises(NotFound):
            decide()
