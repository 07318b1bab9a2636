"""Assistance requests (measure 4): received by an open center, answered, resolved; times derived."""

from datetime import date, datetime, timedelta, timezone

import pytest

from enforcement.assistance_centers.domain import ASSISTANCE_CENTER, AssistanceCenterClosed, AssistanceCenterRegistered
from enforcement.assistance_requests import domain
from enforcement.assistance_requests.domain import (
    ASSISTANCE_REQUEST,
    AssistanceRequestFirstResponded,
    AssistanceRequestReceived,
    AssistanceRequestResolved,
    Channel,
)
from kernel.aggregate import Loaded
from kernel.domain.enterprise import Enterprise
from kernel.problems import Conflict, DomainRuleViolated, NotFound

CST = timezone(timedelta(hours=8))
NOW = datetime(2019, 12, 31, 12, tzinfo=timezone.utc)
STATE_FIRM = Enterprise(uscc="91110000600037341L", name="乙公司", ownership="state_owned", region="420100")


def center(closed_on=None):
    events = [AssistanceCenterRegistered(center_id="c1", name="中心", region="420500", registered_on=date(2019, 2, 1))]
    if closed_on:
        events.append(AssistanceCenterClosed(center_id="c1", closed_on=closed_on))
    return Loaded(ASSISTANCE_CENTER, "c1", ASSISTANCE_CENTER.fold(events), len(events))


def receive(loaded=None, received_at=datetime(2019, 3, 12, 9, 30, tzinfo=CST)):
    return domain.receive(loaded or center(), request_id="r1", enterprise=STATE_FIRM, channel=Channel.WALK_IN,
                          received_at=received_at, summary="", now=NOW)


def test_lifecycle_derives_response_and_resolution_times():
    [received] = receive()
    assert isinstance(received, AssistanceRequestReceived)
    assert received.region == "420500" and received.received_on == date(2019, 3, 12) and received.enterprise == STATE_FIRM
    state = ASSISTANCE_REQUEST.fold([received])
    [responded] = domain.respond(state, request_id="r1", responded_at=datetime(2019, 3, 12, 11, 0, tzinfo=CST), now=NOW)
    assert isinstance(responded, AssistanceRequestFirstResponded) and responded.response_minutes == 90
    state = ASSISTANCE_REQUEST.fold([received, responded])
    [resolved] = domain.resolve(state, request_id="r1", resolved_at=datetime(2019, 3, 13, 1, 30, tzinfo=timezone.utc), summary="ok", now=NOW)
    assert isinstance(resolved, AssistanceRequestResolved)
    assert resolved.resolution_minutes == 24 * 60 and resolved.resolved_on == date(2019, 3, 13)
    final = ASSISTANCE_REQUEST.fold([received, responded, resolved])
    assert (final.response_minutes, final.resolution_minutes) == (90, 1440)


def test_the_business_date_is_the_office_day():
    # 23:30 UTC on 11 March is 07:30 on 12 March in Wuhan
    [received] = receive(received_at=datetime(2019, 3, 11, 23, 30, tzinfo=timezone.utc))
    assert received.received_on == date(2019, 3, 12)


@pytest.mark.parametrize(
    ("loaded", "received_at", "field"),
    [
        (Loaded(ASSISTANCE_CENTER, "c9", ASSISTANCE_CENTER.initial(), 0), datetime(2019, 3, 12, tzinfo=CST), "center_id"),
        (center(), datetime(2020, 1, 1, tzinfo=CST) + timedelta(days=1), "received_at"),  # future
        (center(), datetime(2019, 1, 31, 23, tzinfo=CST), "received_at"),  # before the center registered
        (center(closed_on=date(2019, 3, 1)), datetime(2019, 3, 2, tzinfo=CST), "received_at"),  # after it closed
        (center(), datetime(1, 1, 1, tzinfo=CST), "received_at"),  # far too early
    ],
)
def test_rules_that_refuse_receiving(loaded, received_at, field):
    with pytest.raises(DomainRuleViolated) as caught:
        receive(loaded, received_at=received_at)
    assert caught.value.errors[0]["field"] == field


def test_rules_that_refuse_a_response_or_resolution():
    with pytest.raises(NotFound):
        domain.respond(domain.AssistanceRequest(), request_id="x", responded_at=NOW, now=NOW)
    with pytest.raises(NotFound):
        domain.resolve(domain.AssistanceRequest(), request_id="x", resolved_at=NOW, summary="", now=NOW)
    received = receive()
    state = ASSISTANCE_REQUEST.fold(received)
    early = datetime(2019, 3, 12, 9, 0, tzinfo=CST)
    for at in (early, NOW + timedelta(minutes=1)):
        with pytest.raises(DomainRuleViolated) as caught:
            domain.respond(state, request_id="r1", responded_at=at, now=NOW)
        assert caught.value.errors[0]["field"] == "responded_at"
    with pytest.raises(DomainRuleViolated) as caught:  # resolved with no first response
        domain.resolve(state, request_id="r1", resolved_at=NOW, summary="", now=NOW)
    assert caught.value.errors[0]["field"] == "resolved_at"
    responded = domain.respond(state, request_id="r1", responded_at=datetime(2019, 3, 12, 10, tzinfo=CST), now=NOW)
    state = ASSISTANCE_REQUEST.fold([*received, *responded])
    with pytest.raises(Conflict) as caught:
        domain.respond(state, request_id="r1", responded_at=NOW, now=NOW)
    assert caught.value.errors[0]["field"] == "responded_at"
    with pytest.raises(DomainRuleViolated):  # resolved before the first response
        domain.resolve(state, request_id="r1", resolved_at=datetime(2019, 3, 12, 9, 45, tzinfo=CST), summary="", now=NOW)
    state = ASSISTANCE_REQUEST.fold([*received, *responded, *domain.resolve(state, request_id="r1", resolved_at=NOW, summary="", now=NOW)])
    with pytest.raises(Conflict):
        domain.resolve(state, request_id="r1", resolved_at=NOW, summary="", now=NOW)
