"""On-site services: recorded against an open center, retracted once."""

from datetime import date

import pytest

from enforcement.assistance_centers.domain import ASSISTANCE_CENTER, AssistanceCenterClosed, AssistanceCenterRegistered
from enforcement.onsite_services import domain
from enforcement.onsite_services.domain import OnsiteServiceRecorded, OnsiteServiceRetracted
from kernel.aggregate import Loaded
from kernel.domain.enterprise import Enterprise
from kernel.problems import Conflict, DomainRuleViolated, NotFound

TODAY = date(2019, 12, 31)
ACME = Enterprise(uscc="91440101MA5CJQ4N59", name="甲公司", ownership="private", region="420100")
STATE_FIRM = Enterprise(uscc="91110000600037341L", name="乙公司", ownership="state_owned", region="420100")


def center(registered_on=date(2019, 2, 1), closed_on=None):
    events = [AssistanceCenterRegistered(center_id="c1", name="中心", region="420500", registered_on=registered_on)]
    if closed_on:
        events.append(AssistanceCenterClosed(center_id="c1", closed_on=closed_on))
    return Loaded(ASSISTANCE_CENTER, "c1", ASSISTANCE_CENTER.fold(events), len(events))


def record(loaded, occurred_on=date(2019, 3, 5), enterprises=(ACME,)):
    return domain.record(loaded, service_id="s1", occurred_on=occurred_on, enterprises=list(enterprises), summary="", today=TODAY)


def test_a_service_carries_the_centers_region():
    [event] = record(center())
    assert isinstance(event, OnsiteServiceRecorded) and event.region == "420500" and event.center_id == "c1"


def test_services_to_non_private_enterprises_are_recorded_too():
    [event] = record(center(), enterprises=[STATE_FIRM])
    assert event.enterprises == [STATE_FIRM]


@pytest.mark.parametrize(
    ("loaded", "occurred_on", "field"),
    [
        (Loaded(ASSISTANCE_CENTER, "c9", ASSISTANCE_CENTER.initial(), 0), date(2019, 3, 5), "center_id"),
        (center(), date(2020, 1, 1), "occurred_on"),  # future
        (center(), date(2019, 1, 31), "occurred_on"),  # before the center registered
        (center(closed_on=date(2019, 4, 30)), date(2019, 5, 1), "occurred_on"),  # after it closed
    ],
)
def test_rules_that_refuse_a_service(loaded, occurred_on, field):
    with pytest.raises(DomainRuleViolated) as caught:
        record(loaded, occurred_on=occurred_on)
    assert caught.value.errors[0]["field"] == field


def test_the_same_enterprise_twice_in_one_service_is_refused():
    with pytest.raises(DomainRuleViolated) as caught:
        record(center(), enterprises=[ACME, ACME])
    assert caught.value.errors[0]["field"] == "enterprises.1.uscc"


def test_the_closing_day_itself_still_counts_as_open():
    assert record(center(closed_on=date(2019, 4, 30)), occurred_on=date(2019, 4, 30))


def test_retraction_happens_once():
    state = domain.ONSITE_SERVICE.fold(record(center()))
    [event] = domain.retract(state, service_id="s1", reason="duplicate", today=TODAY)
    assert isinstance(event, OnsiteServiceRetracted)
    retracted = domain.apply(state, event)
    with pytest.raises(Conflict):
        domain.retract(retracted, service_id="s1", reason="again", today=TODAY)
    with pytest.raises(NotFound):
        domain.retract(domain.OnsiteService(), service_id="nope", reason="x", today=TODAY)
