"""Measure 10 records retracted: a membership as a whole (the earlier one comes back), the beginning of GB/T
29490 implementation, and one certification; the domain rules, then the same over HTTP."""

from datetime import date

import pytest

from kernel.domain.enterprise import Enterprise
from kernel.problems import NotFound
from tests.training.helpers import ACME as ACME_BODY
from tests.training.helpers import event_count, problem_fields
from training.demonstration_program import domain

TODAY = date(2019, 12, 31)
ACME = Enterprise(**ACME_BODY)


def fold(aggregate, *decisions):
    state, events = aggregate.initial(), []
    for decide, arguments in decisions:
        new = decide(state, **arguments, today=TODAY)
        events += new
        state = aggregate.fold(events)
    return state, events


def test_retracting_a_membership_restores_the_one_before():
    first, events = fold(
        domain.MEMBERSHIP,
        (domain.admit, {"enterprise": ACME, "level": "pilot", "admitted_on": date(2019, 3, 1)}),
        (domain.leave, {"uscc": ACME.uscc, "left_on": date(2019, 5, 1), "reason": "x"}),
        (domain.admit, {"enterprise": ACME, "level": "demonstration", "admitted_on": date(2019, 7, 1)}),
    )
    [retracted] = domain.retract_membership(first, uscc=ACME.uscc, reason="wrong level", today=TODAY)
    assert retracted.event_type == "training.DemonstrationProgramMembershipRetracted.v1"
    assert retracted.data() == {"uscc": ACME.uscc, "region": "420100", "level": "demonstration", "admitted_on": "2019-07-01",
                                "left_on": None, "reason": "wrong level", "retracted_on": "2019-12-31"}
    earlier = domain.MEMBERSHIP.fold([*events, retracted])
    assert (earlier.level, earlier.admitted_on, earlier.left_on, earlier.is_member) == ("pilot", date(2019, 3, 1), date(2019, 5, 1), False)
    [again] = domain.retract_membership(earlier, uscc=ACME.uscc, reason="never admitted", today=TODAY)
    assert again.left_on == date(2019, 5, 1)
    nothing = domain.MEMBERSHIP.fold([*events, retracted, again])
    assert nothing.enterprise is None
    with pytest.raises(NotFound):
        domain.retract_membership(nothing, uscc=ACME.uscc, reason="x", today=TODAY)
    assert domain.admit(nothing, enterprise=ACME, level="pilot", admitted_on=date(2019, 2, 1), today=TODAY)


def test_retracting_implementation_and_one_certification():
    adoption, events = fold(
        domain.STANDARD_ADOPTION,
        (domain.begin_implementation, {"enterprise": ACME, "began_on": date(2019, 3, 1)}),
        (domain.certify, {"enterprise": ACME, "certified_on": date(2019, 10, 15), "certifier": "认证机构", "certificate_number": None}),
        (domain.certify, {"enterprise": ACME, "certified_on": date(2019, 11, 15), "certifier": "认证机构", "certificate_number": None}),
    )
    [withdrawn] = domain.retract_certification(adoption, uscc=ACME.uscc, certified_on=date(2019, 10, 15), reason="x", today=TODAY)
    assert withdrawn.data() == {"uscc": ACME.uscc, "region": "420100", "certified_on": "2019-10-15", "reason": "x", "retracted_on": "2019-12-31"}
    after = domain.apply_adoption(adoption, withdrawn)
    assert after.certified_on == (date(2019, 11, 15),)
    with pytest.raises(NotFound):
        domain.retract_certification(after, uscc=ACME.uscc, certified_on=date(2019, 10, 15), reason="x", today=TODAY)
    [unbegun] = domain.retract_implementation(after, uscc=ACME.uscc, reason="x", today=TODAY)
    assert (unbegun.event_type, unbegun.began_on) == ("training.ManagementStandardImplementationRetracted.v1", date(2019, 3, 1))
    cleared = domain.apply_adoption(after, unbegun)
    assert cleared.began_on is None
    with pytest.raises(NotFound):
        domain.retract_implementation(cleared, uscc=ACME.uscc, reason="x", today=TODAY)
    assert domain.begin_implementation(cleared, enterprise=ACME, began_on=date(2019, 4, 1), today=TODAY)


@pytest.mark.asyncio
async def test_measure_10_retractions_over_http(training, training_client, auth):
    member = f"/v1/demonstration-program/members/{ACME.uscc}"
    assert (await training_client.post(f"{member}/retraction", json={"reason": "x"})).status_code == 404
    assert (await training_client.post("/v1/demonstration-program/members",
                                       json={"enterprise": ACME_BODY, "level": "demonstration", "admitted_on": "2019-07-01"})).status_code == 201
    yichang_only = auth(scopes=["training:write"], region="420500")
    assert (await training_client.post(f"{member}/retraction", json={"reason": "x"}, headers=yichang_only)).status_code == 403
    empty = await training_client.post(f"{member}/retraction", json={"reason": ""})
    assert empty.status_code == 422 and problem_fields(empty) == ["reason"]
    retracted = await training_client.post(f"{member}/retraction", json={"reason": "wrong enterprise"})
    assert retracted.status_code == 201 and retracted.json() == {"member_id": ACME.uscc, "stream_version": 2}
    assert (await training_client.get(member)).status_code == 404

    standard = f"/v1/management-standard/{ACME.uscc}"
    certification = {"enterprise": ACME_BODY, "certified_on": "2019-10-15", "certifier": "认证机构"}
    assert (await training_client.post("/v1/management-standard/implementations", json={"enterprise": ACME_BODY, "began_on": "2019-03-01"})).status_code == 201
    assert (await training_client.post("/v1/management-standard/certifications", json=certification)).status_code == 201
    assert (await training_client.post(f"{standard}/certifications/2019-10-16/retraction", json={"reason": "x"})).status_code == 404
    bad_date = await training_client.post(f"{standard}/certifications/2019-02-30/retraction", json={"reason": "x"})
    assert bad_date.status_code == 422 and problem_fields(bad_date) == ["certified_on"]
    assert (await training_client.post(f"{standard}/certifications/2019-10-15/retraction", json={"reason": "x"})).status_code == 201
    assert (await training_client.post(f"{standard}/implementation/retraction", json={"reason": "x"})).status_code == 201
    assert (await training_client.post(f"{standard}/implementation/retraction", json={"reason": "x"})).status_code == 404
    adoption = (await training_client.get(standard)).json()
    assert (adoption["began_on"], adoption["certified_on"]) == (None, [])
    types = [e["type"] for e in (await training_client.get("/v1/events")).json()["events"]]
    assert types == ["training.DemonstrationProgramJoined.v1", "training.DemonstrationProgramMembershipRetracted.v1",
                     "training.ManagementStandardImplementationBegun.v1", "training.ManagementStandardCertified.v1",
                     "training.ManagementStandardCertificationRetracted.v1", "training.ManagementStandardImplementationRetracted.v1"]
    assert await event_count(training) == 6
