"""The enterprise directory over HTTP: name, ownership and region as first recorded; counts by measure; search and pages."""

from __future__ import annotations

import pytest

from tests.projection.test_indicators import Events, enterprise, uscc


@pytest.fixture
async def directory(projection, projection_client):
    h = Events()
    # enterprise 1: a visit in March (private, first name), a pledge project in May under a new name, then a
    # survey response recorded later but dated January under the old name: the name first recorded stands
    h.add("outreach.ExaminerVisitMade", "visit-1", {
        "visit_id": "1", "occurred_on": "2019-03-05", "region": "420100", "enterprise": enterprise(1, name="武汉光谷科技有限公司"),
        "examiners": 2, "attorneys": 1, "person_times": 3, "examiner_names": None, "attorney_names": None, "organiser": "", "summary": ""},
        recorded_at="2019-03-06T00:00:00+00:00")
    h.add("financing.PledgeProjectRegistered", "pledge-project-p", {
        "project_id": "p", "enterprise": enterprise(1, name="武汉光谷智造股份有限公司"), "region": "420100", "lender": "银行",
        "amount_cny": 1_000_000, "registered_on": "2019-05-10", "pledged_rights": [{"kind": "patent", "number": "ZL1"}]},
        recorded_at="2019-05-11T00:00:00+00:00")
    h.add("financing.NeedsSurveyResponseRecorded", "needs-r", {
        "response_id": "r", "survey": "2019", "enterprise": enterprise(1, name="武汉光谷科技有限公司"), "region": "420100",
        "responded_on": "2019-01-20", "amount_sought_cny": 500_000, "rights_offered": []}, recorded_at="2019-06-01T00:00:00+00:00")
    # the credit list names enterprise 1 again, without an ownership: the known one stays
    h.add("enforcement.EntityListed", "credit-1", {"uscc": uscc(1), "name": "武汉光谷智造股份有限公司", "listing_number": 1,
                                                   "region": "420000", "authority": "省局", "basis": "x", "listed_on": "2019-04-01"},
          recorded_at="2019-06-02T00:00:00+00:00")
    # enterprise 2 (state-owned, Yichang) is a mediation party; enterprise 3 only an infringer: not in the directory
    h.add("enforcement.MediationCaseReceived", "mediation-m", {
        "case_id": "m", "region": "420500", "received_on": "2019-02-01", "summary": "",
        "parties": [{"role": "applicant", "enterprise": enterprise(2, "state_owned", "420500", "宜昌三峡100%_集团"), "name": None},
                    {"role": "respondent", "enterprise": None, "name": "某个人"}]})
    h.add("enforcement.InfringementCaseOpened", "infringement-case-i", {
        "case_id": "i", "region": "420100", "right_holder": enterprise(4, name="襄阳某某有限公司", region="420600"),
        "infringer": {"name": "侵权方", "uscc": uscc(3)}, "right_kind": "patent", "joint_action": False, "opened_on": "2019-07-01", "summary": ""})
    h.add("outreach.ExaminerVisitMade", "visit-2", {
        "visit_id": "2", "occurred_on": "2019-08-05", "region": "420100", "enterprise": enterprise(1, name="武汉光谷智造股份有限公司"),
        "examiners": 1, "attorneys": 1, "person_times": 2, "examiner_names": None, "attorney_names": None, "organiser": "", "summary": ""},
        recorded_at="2019-08-06T00:00:00+00:00")
    h.add("outreach.ExaminerVisitRetracted", "visit-2", {"visit_id": "2", "reason": "重复", "retracted_on": "2019-08-06"},
          recorded_at="2019-08-07T00:00:00+00:00")
    await projection.app.state.projector.apply(h.events, path="test")
    return projection_client


async def test_the_name_first_recorded_stands_and_later_ones_are_contradicting_claims(directory):
    response = await directory.get(f"/v1/enterprises/{uscc(1).lower()}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["name"], body["ownership"], body["region"]) == ("武汉光谷科技有限公司", "private", "420100")
    # the pledge project, the credit listing and the second visit named it otherwise; the survey did not
    assert body["contradicting_claims"] == 3
    assert [(c["name"], c["ownership"], c["first_record_id"], c["events"], c["contradicts"]) for c in body["claims"]] == [
        ("武汉光谷科技有限公司", "private", "visit:1", 2, False),
        ("武汉光谷智造股份有限公司", "private", "pledge:p", 2, True),
        ("武汉光谷智造股份有限公司", None, "credit:" + uscc(1) + ":1", 1, True),
    ]
    assert {m["measure"]: m["records"] for m in body["by_measure"]} == {5: 1, 9: 2, 20: 1}  # the retracted visit is left out
    assert body["records"] == 4 and body["last_contact_on"] == "2019-05-10"
    retracted = [r for r in body["recent_records"] if r["retracted_at"]]
    assert [r["record_id"] for r in retracted] == ["visit:2"]


async def test_listing_filters_searches_and_pages(directory):
    everyone = (await directory.get("/v1/enterprises")).json()
    assert [e["uscc"] for e in everyone["items"]] == sorted([uscc(1), uscc(2), uscc(4)]) and everyone["next_after"] is None

    private = (await directory.get("/v1/enterprises", params={"ownership": "private"})).json()["items"]
    assert {e["uscc"] for e in private} == {uscc(1), uscc(4)}
    yichang = (await directory.get("/v1/enterprises", params={"region": "420500"})).json()["items"]
    assert [(e["uscc"], e["ownership"], e["by_measure"][0]["measure"]) for e in yichang] == [(uscc(2), "state_owned", 17)]

    assert [e["uscc"] for e in (await directory.get("/v1/enterprises", params={"q": "科技"})).json()["items"]] == [uscc(1)]
    assert (await directory.get("/v1/enterprises", params={"q": "智造"})).json()["items"] == []  # a later name does not replace it
    assert [e["uscc"] for e in (await directory.get("/v1/enterprises", params={"q": "100%_"})).json()["items"]] == [uscc(2)]
    assert (await directory.get("/v1/enterprises", params={"q": "0%%"})).json()["items"] == []  # % is literal

    first = (await directory.get("/v1/enterprises", params={"limit": 2})).json()
    second = (await directory.get("/v1/enterprises", params={"limit": 2, "after": first["next_after"]})).json()
    assert len(first["items"]) == 2 and first["next_after"] == first["items"][-1]["uscc"]
    assert [e["uscc"] for e in first["items"] + second["items"]] == [e["uscc"] for e in everyone["items"]]
    assert second["next_after"] is None


async def test_bad_input_is_a_problem_naming_the_parameter(directory):
    for params, field in [({"limit": 0}, "limit"), ({"ownership": "private_ish"}, "ownership"), ({"region": "420400"}, "region"),
                          ({"q": ""}, "q"), ({"limit": "ten"}, "limit")]:
        response = await directory.get("/v1/enterprises", params=params)
        assert response.status_code == 422, (params, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert [e["field"] for e in response.json()["errors"]] == [field]
    missing = await directory.get(f"/v1/enterprises/{uscc(9)}")
    assert missing.status_code == 404 and uscc(9) in missing.json()["detail"]
