"""Patent information (measure 18): stations open and close; services are delivered while a station is open."""

from datetime import date

import pytest

from kernel.aggregate import Loaded
from kernel.domain.enterprise import Enterprise
from kernel.problems import Conflict, DomainRuleViolated, NotFound
from outreach.information_services import domain as services
from outreach.information_services.domain import InformationServiceDelivered, InformationServiceKind
from outreach.information_stations import domain as stations
from outreach.information_stations.domain import HostKind, InformationStationClosed, InformationStationOpened

TODAY = date(2019, 12, 31)
ACME = Enterprise(uscc="91440101MA5CJQ4N59", name="甲公司", ownership="private", region="420100")


def station_events(opened_on=date(2019, 5, 6), closed_on=None):
    events = stations.open_station(stations.InformationStation(), station_id="st1", name="信息服务站", host_institution="文献网点",
                                   host_kind=HostKind.PATENT_DOCUMENT_OUTLET, region="420600", opened_on=opened_on, today=TODAY)
    if closed_on:
        events += stations.close_station(stations.INFORMATION_STATION.fold(events), station_id="st1", closed_on=closed_on, today=TODAY)
    return events


def loaded(events):
    return Loaded(stations.INFORMATION_STATION, "st1", stations.INFORMATION_STATION.fold(events), len(events))


def deliver(station, delivered_on=date(2019, 6, 20), state=None):
    return services.deliver(state or services.InformationService(), station, service_id="is1", enterprise=ACME,
                            kind=InformationServiceKind.ANALYSIS, delivered_on=delivered_on, today=TODAY)


def test_station_lifecycle_and_events():
    events = station_events(closed_on=date(2019, 11, 30))
    assert [type(e) for e in events] == [InformationStationOpened, InformationStationClosed]
    state = stations.INFORMATION_STATION.fold(events)
    assert state.is_open_on(date(2019, 11, 30)) and not state.is_open_on(date(2019, 12, 1))
    with pytest.raises(Conflict):
        stations.close_station(state, station_id="st1", closed_on=date(2019, 12, 1), today=TODAY)
    with pytest.raises(Conflict):
        stations.open_station(state, station_id="st1", name="x", host_institution="y",
                              host_kind=HostKind.OTHER, region="420600", opened_on=date(2019, 1, 1), today=TODAY)


def test_station_rules_name_the_field():
    with pytest.raises(DomainRuleViolated) as caught:
        station_events(opened_on=date(2020, 1, 1))
    assert caught.value.errors[0]["field"] == "opened_on"
    with pytest.raises(DomainRuleViolated) as caught:
        station_events(opened_on=date(2019, 5, 6), closed_on=date(2019, 5, 5))
    assert caught.value.errors[0]["field"] == "closed_on"
    with pytest.raises(NotFound):
        stations.close_station(stations.InformationStation(), station_id="st9", closed_on=date(2019, 5, 5), today=TODAY)


def test_a_service_carries_the_stations_region_and_the_enterprise():
    [event] = deliver(loaded(station_events()))
    assert isinstance(event, InformationServiceDelivered)
    assert event.region == "420600" and event.station_id == "st1" and event.enterprise == ACME and event.free_of_charge
    assert event.data()["kind"] == "analysis" and event.data()["delivered_on"] == "2019-06-20"


@pytest.mark.parametrize(
    ("events", "delivered_on", "field"),
    [
        ([], date(2019, 6, 20), "station_id"),
        (station_events(), date(2019, 5, 5), "delivered_on"),
        (station_events(closed_on=date(2019, 6, 1)), date(2019, 6, 2), "delivered_on"),
        (station_events(), date(2020, 1, 1), "delivered_on"),
    ],
)
def test_rules_that_refuse_a_service(events, delivered_on, field):
    with pytest.raises(DomainRuleViolated) as caught:
        deliver(loaded(events), delivered_on=delivered_on)
    assert caught.value.errors[0]["field"] == field


def test_service_retraction_happens_once():
    state = services.INFORMATION_SERVICE.fold(deliver(loaded(station_events())))
    [event] = services.retract(state, service_id="is1", reason="wrong station", today=TODAY)
    with pytest.raises(Conflict):
        services.retract(services.apply(state, event), service_id="is1", reason="again", today=TODAY)
    with pytest.raises(NotFound):
        services.retract(services.InformationService(), service_id="x", reason="x", today=TODAY)
