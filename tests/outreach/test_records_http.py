"""Agencies, agency aid, patent information, trademark windows, publicity, case stories and patent on-site
services over HTTP: lifecycles, bad input refused naming the field with nothing stored, region limits."""

import pytest

from tests.outreach.helpers import (
    ACME,
    STATE_FIRM,
    YICHANG_FIRM,
    agency,
    aid,
    case_story,
    created,
    event_count,
    information_service,
    onsite_service,
    problem_fields,
    publicity_item,
    station,
    window,
)


@pytest.fixture
async def prepared(outreach, outreach_client):
    """A private agency in Wuhan, a closed-later station in Xiangyang, a trademark window in Yichang."""
    outreach_client.service = outreach
    await created(outreach_client, "/v1/service-agencies", agency())
    await created(outreach_client, "/v1/information-stations", station())
    await created(outreach_client, "/v1/information-stations", station("closed-1", opened_on="2019-01-02"))
    await created(outreach_client, "/v1/information-stations/closed-1/closure", {"closed_on": "2019-04-30"})
    await created(outreach_client, "/v1/trademark-windows", window())
    return outreach_client


CASES = [
    ("agency twice", "/v1/service-agencies", agency(), 409, "agency_id"),
    ("agency bad ownership", "/v1/service-agencies", agency("a2", ownership="public"), 422, "ownership"),
    ("agency bad uscc", "/v1/service-agencies", agency("a2", uscc="91350203M0001QAY9B"), 422, "uscc"),
    ("agency future", "/v1/service-agencies", agency("a2", registered_on="2999-01-01"), 422, "registered_on"),
    ("agency bad id", "/v1/service-agencies", agency("has space"), 422, "agency_id"),
    ("settle before registration", "/v1/service-agencies/wh-agency-1/cluster-zone-settlement", {"settled_on": "2019-02-01"}, 422, "settled_on"),
    ("leave when not in zone", "/v1/service-agencies/wh-agency-1/cluster-zone-departure", {"left_on": "2019-05-01"}, 409, "left_on"),
    ("supervision unknown kind", "/v1/service-agencies/wh-agency-1/supervision-actions",
     {"acted_on": "2019-06-01", "kind": "raid", "finding": "compliant"}, 422, "kind"),
    ("supervision before registration", "/v1/service-agencies/wh-agency-1/supervision-actions",
     {"acted_on": "2019-01-01", "kind": "inspection", "finding": "compliant"}, 422, "acted_on"),
    ("aid to a state-owned enterprise", "/v1/agency-aid", aid(enterprise=STATE_FIRM), 422, "enterprise.ownership"),
    ("aid by an unknown agency", "/v1/agency-aid", aid("nobody"), 422, "agency_id"),
    ("aid before the agency registered", "/v1/agency-aid", aid(provided_on="2019-02-01"), 422, "provided_on"),
    ("aid worth nothing", "/v1/agency-aid", aid(waived_amount_cny=0), 422, "waived_amount_cny"),
    ("aid in fractions of a yuan", "/v1/agency-aid", aid(waived_amount_cny=10.5), 422, "waived_amount_cny"),
    ("aid unknown situation", "/v1/agency-aid", aid(enterprise_situation="thriving"), 422, "enterprise_situation"),
    ("station twice", "/v1/information-stations", station(), 409, "station_id"),
    ("station unknown host kind", "/v1/information-stations", station("s2", host_kind="shop"), 422, "host_kind"),
    ("station closes before it opened", "/v1/information-stations/xy-1/closure", {"closed_on": "2019-05-01"}, 422, "closed_on"),
    ("service by an unknown station", "/v1/information-services", information_service("nowhere"), 422, "station_id"),
    ("service by a closed station", "/v1/information-services", information_service("closed-1", delivered_on="2019-05-02"), 422, "delivered_on"),
    ("service unknown kind", "/v1/information-services", information_service(kind="consulting"), 422, "kind"),
    ("window twice", "/v1/trademark-windows", window(), 409, "window_id"),
    ("month malformed", "/v1/trademark-windows/yc-tm/monthly-acceptances", {"month": "2019-13", "applications_accepted": 1}, 422, "month"),
    ("month before the window", "/v1/trademark-windows/yc-tm/monthly-acceptances", {"month": "2019-01", "applications_accepted": 1}, 422, "month"),
    ("month in the future", "/v1/trademark-windows/yc-tm/monthly-acceptances", {"month": "2099-01", "applications_accepted": 1}, 422, "month"),
    ("negative count", "/v1/trademark-windows/yc-tm/monthly-acceptances", {"month": "2019-03", "applications_accepted": -1}, 422, "applications_accepted"),
    ("publicity unknown channel", "/v1/publicity-items", publicity_item(channel="radio"), 422, "channel"),
    ("publicity negative reach", "/v1/publicity-items", publicity_item(reach=-5), 422, "reach"),
    ("publicity without title", "/v1/publicity-items", publicity_item(title=" "), 422, "title"),
    ("story about a state-owned enterprise", "/v1/case-stories", case_story(STATE_FIRM), 422, "enterprise.ownership"),
    ("story without measures", "/v1/case-stories", case_story(measures=[]), 422, "measures"),
    ("story about measure 25", "/v1/case-stories", case_story(measures=[25]), 422, "measures.0"),
    ("story measure twice", "/v1/case-stories", case_story(measures=[24, 24]), 422, "measures.1"),
    ("on-site service unknown kind", "/v1/patent-onsite-services", onsite_service(kind="tea"), 422, "kind"),
    ("on-site service future", "/v1/patent-onsite-services", onsite_service(occurred_on="2999-01-01"), 422, "occurred_on"),
]


@pytest.mark.parametrize(("case", "path", "body", "status", "field"), CASES, ids=[c[0] for c in CASES])
async def test_bad_input_is_refused_naming_the_field_and_nothing_stored(prepared, case, path, body, status, field):
    before = await event_count(prepared.service)
    response = await prepared.post(path, json=body)
    assert response.status_code == status, response.text
    assert field in problem_fields(response)
    assert await event_count(prepared.service) == before


@pytest.mark.parametrize("path", [
    "/v1/service-agencies/nope/cluster-zone-settlement", "/v1/information-stations/nope/closure",
    "/v1/trademark-windows/nope/monthly-acceptances", "/v1/agency-aid/nope/retraction",
    "/v1/information-services/nope/retraction", "/v1/publicity-items/nope/retraction",
    "/v1/case-stories/nope/retraction", "/v1/patent-onsite-services/nope/retraction",
])
async def test_changes_to_unknown_records_are_404(prepared, path):
    bodies = {"cluster-zone-settlement": {"settled_on": "2019-05-01"}, "closure": {"closed_on": "2019-05-01"},
              "monthly-acceptances": {"month": "2019-03", "applications_accepted": 1}}
    before = await event_count(prepared.service)
    response = await prepared.post(path, json=bodies.get(path.rsplit("/", 1)[1], {"reason": "x"}))
    assert response.status_code == 404
    problem_fields(response)
    assert await event_count(prepared.service) == before


async def test_agencies_of_every_ownership_move_through_the_zone_and_are_supervised(prepared):
    for ownership in ("state_owned", "private"):
        agency_id = f"zone-{ownership}"
        await created(prepared, "/v1/service-agencies", agency(agency_id, ownership=ownership, in_cluster_zone=True))
        await created(prepared, f"/v1/service-agencies/{agency_id}/cluster-zone-departure", {"left_on": "2019-06-30"})
        await created(prepared, f"/v1/service-agencies/{agency_id}/cluster-zone-settlement", {"settled_on": "2019-08-01"})
        action = await created(prepared, f"/v1/service-agencies/{agency_id}/supervision-actions",
                               {"acted_on": "2019-09-10", "kind": "spot_check", "finding": "rectification_ordered"})
        assert action["agency_id"] == agency_id and action["action_id"] and action["stream_version"] == 4
        view = (await prepared.get(f"/v1/service-agencies/{agency_id}")).json()
        assert view["in_cluster_zone"] is True and view["zone_changed_on"] == "2019-08-01" and view["supervision_actions"] == 1
    listed = (await prepared.get("/v1/service-agencies", params={"limit": 2})).json()
    assert [a["agency_id"] for a in listed["items"]] == ["wh-agency-1", "zone-private"] and listed["next_after"] == "zone-private"
    rest = (await prepared.get("/v1/service-agencies", params={"after": "zone-private"})).json()
    assert [a["agency_id"] for a in rest["items"]] == ["zone-state_owned"] and rest["next_after"] is None


async def test_aid_information_windows_publicity_stories_and_onsite_services(prepared):
    given = await created(prepared, "/v1/agency-aid", aid(enterprise=YICHANG_FIRM))
    view = (await prepared.get(f"/v1/agency-aid/{given['aid_id']}")).json()
    assert view["region"] == "420100" and view["enterprise"] == YICHANG_FIRM and view["waived_amount_cny"] == 3000
    await created(prepared, f"/v1/agency-aid/{given['aid_id']}/retraction", {"reason": "the service was paid"})
    assert (await prepared.get(f"/v1/agency-aid/{given['aid_id']}")).json()["retracted_on"]

    served = await created(prepared, "/v1/information-services", information_service(enterprise=STATE_FIRM))
    assert (await prepared.get(f"/v1/information-services/{served['service_id']}")).json()["region"] == "420600"
    assert (await prepared.get("/v1/information-stations/closed-1")).json()["closed_on"] == "2019-04-30"

    await created(prepared, "/v1/trademark-windows/yc-tm/monthly-acceptances", {"month": "2019-03", "applications_accepted": 412})
    await created(prepared, "/v1/trademark-windows/yc-tm/monthly-acceptances", {"month": "2019-04", "applications_accepted": 380})
    replaced = await created(prepared, "/v1/trademark-windows/yc-tm/monthly-acceptances", {"month": "2019-03", "applications_accepted": 415})
    assert replaced["stream_version"] == 4
    same = await prepared.post("/v1/trademark-windows/yc-tm/monthly-acceptances", json={"month": "2019-03", "applications_accepted": 415})
    assert same.status_code == 409
    view = (await prepared.get("/v1/trademark-windows/yc-tm")).json()
    assert view["monthly"] == [{"month": "2019-03", "applications_accepted": 415}, {"month": "2019-04", "applications_accepted": 380}]

    item = await created(prepared, "/v1/publicity-items", publicity_item(reach=18500))
    assert (await prepared.get(f"/v1/publicity-items/{item['item_id']}")).json()["reach"] == 18500
    story = await created(prepared, "/v1/case-stories", case_story())
    assert (await prepared.get(f"/v1/case-stories/{story['story_id']}")).json()["measures"] == [7, 9]
    onsite = await created(prepared, "/v1/patent-onsite-services", onsite_service())
    assert (await prepared.get(f"/v1/patent-onsite-services/{onsite['service_id']}")).json()["kind"] == "pledge_registration"
    for path in (f"/v1/publicity-items/{item['item_id']}", f"/v1/case-stories/{story['story_id']}",
                 f"/v1/patent-onsite-services/{onsite['service_id']}"):
        await created(prepared, f"{path}/retraction", {"reason": "recorded in error"})
        assert (await prepared.get(path)).json()["retraction_reason"] == "recorded in error"


async def test_region_limited_tokens_touch_only_their_regions_records(prepared, auth):
    wuhan = auth(scopes=["outreach:write", "read"], region="420100")
    xiangyang = auth(scopes=["outreach:write", "read"], region="420600")
    before = await event_count(prepared.service)
    refused = [
        ("/v1/service-agencies", agency("yc-agency", region="420500")),
        ("/v1/information-services", information_service()),  # the station is in Xiangyang
        ("/v1/trademark-windows/yc-tm/monthly-acceptances", {"month": "2019-03", "applications_accepted": 1}),
        ("/v1/publicity-items", publicity_item()),  # provincial publicity needs an unlimited token
        ("/v1/case-stories", case_story(YICHANG_FIRM)),
        ("/v1/patent-onsite-services", onsite_service(YICHANG_FIRM)),
    ]
    for path, body in refused:
        assert (await prepared.post(path, json=body, headers=wuhan)).status_code == 403, path
    assert (await prepared.post("/v1/agency-aid", json=aid(), headers=xiangyang)).status_code == 403
    assert await event_count(prepared.service) == before
    await created(prepared, "/v1/agency-aid", aid(enterprise=ACME), headers=wuhan)
    await created(prepared, "/v1/information-services", information_service(), headers=xiangyang)
    await created(prepared, "/v1/publicity-items", publicity_item(region="420100"), headers=wuhan)
    assert await event_count(prepared.service) == before + 3
