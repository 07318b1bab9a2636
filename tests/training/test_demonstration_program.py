"""Measure 10: program membership (admitted, leaving, admitted again) and GB/T 29490 implementation and
certification; the domain rules, then the same over HTTP."""

from datetime import date

import pytest

from kernel.domain.enterprise import Enterprise
from kernel.problems import Conflict, DomainRuleViolated, NotFound
from tests.training.helpers import ACME as ACME_BODY
from tests.training.helpers import event_count, problem_fields
from training.demonstration_program import domain

TODAY = date(2019, 12, 31)
ACME = Enterprise(**ACME_BODY)


def test_membership_lifecycle():
    [joined] = domain.admit(domain.Membership(), enterprise=ACME, level="demonstration", admitted_on=date(2019, 7, 1), today=TODAY)
    assert joined.data() == {"enterprise": ACME_BODY, "region": "420100", "level": "demonstration", "admitted_on": "2019-07-01"}
    member = domain.MEMBERSHIP.fold([joined])
    with pytest.raises(Conflict):
        domain.admit(member, enterprise=ACME, level="pilot", admitted_on=date(2019, 8, 1), today=TODAY)
    with pytest.raises(DomainRuleViolated) as early:
        domain.leave(member, uscc=ACME.uscc, left_on=date(2019, 6, 30), reason="x", today=TODAY)
    assert early.value.errors[0]["field"] == "left_on"
    [left] = domain.leave(member, uscc=ACME.uscc, left_on=date(2019, 9, 1), reason="考核未通过", today=TODAY)
    former = domain.apply_membership(member, left)
    assert not former.is_member
    with pytest.raises(Conflict):
        domain.leave(former, uscc=ACME.uscc, left_on=date(2019, 9, 2), reason="x", today=TODAY)
    with pytest.raises(DomainRuleViolated) as again:
        domain.admit(former, enterprise=ACME, level="pilot", admitted_on=date(2019, 9, 1), today=TODAY)
    assert again.value.errors[0]["field"] == "admitted_on"
    assert domain.admit(former, enterprise=ACME, level="pilot", admitted_on=date(2019, 10, 1), today=TODAY)
    with pytest.raises(NotFound):
        domain.leave(domain.Membership(), uscc=ACME.uscc, left_on=date(2019, 9, 1), reason="x", today=TODAY)
    with pytest.raises(DomainRuleViolated) as future:
        domain.admit(domain.Membership(), enterprise=ACME, level="pilot", admitted_on=date(2020, 1, 1), today=TODAY)
    assert future.value.errors[0]["field"] == "admitted_on"


def test_standard_implementation_and_certification():
    [begun] = domain.begin_implementation(domain.StandardAdoption(), enterprise=ACME, began_on=date(2019, 3, 1), today=TODAY)
    adoption = domain.STANDARD_ADOPTION.fold([begun])
    with pytest.raises(Conflict):
        domain.begin_implementation(adoption, enterprise=ACME, began_on=date(2019, 3, 2), today=TODAY)
    with pytest.raises(DomainRuleViolated) as early:
        domain.certify(adoption, enterprise=ACME, certified_on=date(2019, 2, 1), certifier="认证机构", certificate_number=None, today=TODAY)
    assert early.value.errors[0]["field"] == "certified_on"
    [certified] = domain.certify(adoption, enterprise=ACME, certified_on=date(2019, 10, 15), certifier="认证机构", certificate_number="C1", today=TODAY)
    assert certified.data()["certifier"] == "认证机构" and certified.data()["enterprise"]["ownership"] == "private"
    done = domain.apply_adoption(adoption, certified)
    with pytest.raises(Conflict):
        domain.certify(done, enterprise=ACME, certified_on=date(2019, 10, 15), certifier="认证机构", certificate_number=None, today=TODAY)
    late = domain.STANDARD_ADOPTION.fold([certified])
    with pytest.raises(DomainRuleViolated) as after:
        domain.begin_implementation(late, enterprise=ACME, began_on=date(2019, 11, 1), today=TODAY)
    assert after.value.errors[0]["field"] == "began_on"


@pytest.mark.asyncio
async def test_program_and_standard_over_http(training, training_client, auth):
    admitted = await training_client.post("/v1/demonstration-program/members",
                                          json={"enterprise": ACME_BODY, "level": "demonstration", "admitted_on": "2019-07-01"})
    assert admitted.status_code == 201 and admitted.json() == {"member_id": ACME.uscc, "stream_version": 1}
    assert admitted.headers["Location"] == f"/v1/demonstration-program/members/{ACME.uscc}"
    twice = await training_client.post("/v1/demonstration-program/members",
                                       json={"enterprise": ACME_BODY, "level": "pilot", "admitted_on": "2019-08-01"})
    assert twice.status_code == 409 and problem_fields(twice) == ["enterprise.uscc"]
    bad = await training_client.post(f"/v1/demonstration-program/members/{ACME.uscc}/departure", json={"left_on": "2019-06-01", "reason": "x"})
    assert bad.status_code == 422 and problem_fields(bad) == ["left_on"]
    yichang_only = auth(scopes=["training:write"], region="420500")
    assert (await training_client.post(f"/v1/demonstration-program/members/{ACME.uscc}/departure",
                                       json={"left_on": "2019-09-01", "reason": "x"}, headers=yichang_only)).status_code == 403
    assert (await training_client.post(f"/v1/demonstration-program/members/{ACME.uscc}/departure", json={"left_on": "2019-09-01", "reason": "x"})).status_code == 201
    view = (await training_client.get(f"/v1/demonstration-program/members/{ACME.uscc}")).json()
    assert (view["admitted_on"], view["left_on"], view["level"]) == ("2019-07-01", "2019-09-01", "demonstration")
    assert (await training_client.post("/v1/demonstration-program/members/91350200776049653A/departure", json={"left_on": "2019-09-01", "reason": "x"})).status_code == 404

    assert (await training_client.post("/v1/management-standard/implementations", json={"enterprise": ACME_BODY, "began_on": "2019-03-01"})).status_code == 201
    certification = {"enterprise": ACME_BODY, "certified_on": "2019-10-15", "certifier": "认证机构", "certificate_number": "165IP190123R0M"}
    assert (await training_client.post("/v1/management-standard/certifications", json=certification)).status_code == 201
    for body, field in [({**certification, "certified_on": "2019-02-01"}, "certified_on"),
                        ({**certification, "certifier": ""}, "certifier"),
                        ({**certification, "enterprise": {**ACME_BODY, "uscc": "91350203M0001QAY9B"}}, "enterprise.uscc")]:
        response = await training_client.post("/v1/management-standard/certifications", json=body)
        assert response.status_code == 422 and field in problem_fields(response)
    adoption = (await training_client.get(f"/v1/management-standard/{ACME.uscc}")).json()
    assert adoption["began_on"] == "2019-03-01" and adoption["certified_on"] == ["2019-10-15"]
    types = [e["type"] for e in (await training_client.get("/v1/events")).json()["events"]]
    assert types == ["training.DemonstrationProgramJoined.v1", "training.DemonstrationProgramLeft.v1",
                     "training.ManagementStandardImplementationBegun.v1", "training.ManagementStandardCertified.v1"]
    assert await event_count(training) == 4
