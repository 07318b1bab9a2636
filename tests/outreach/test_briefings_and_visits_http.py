"""Briefings and examiner visits over HTTP: the contract paths, bad input refused with nothing stored, regions."""

import pytest

from tests.outreach.helpers import ACME, STATE_FIRM, YICHANG_FIRM, briefing, created, event_count, problem_fields, visit

BRIEFING_CASES = [
    ("unknown topic", briefing(topic="fees"), "topic"),
    ("unknown audience", briefing(audience="everyone"), "audience"),
    ("unknown region", briefing(region="420400"), "region"),
    ("province is not a division", briefing(region="420000"), "region"),
    ("no attendance", briefing(attendance=0), "attendance"),
    ("attendance not a number", briefing(attendance="many"), "attendance"),
    ("future date", briefing(occurred_on="2999-01-01"), "occurred_on"),
    ("impossible date", briefing(occurred_on="2019-02-30"), "occurred_on"),
    ("more enterprises than people", briefing(attendance=3, enterprises_attending=4), "enterprises_attending"),
    ("unknown field", briefing(colour="red"), "colour"),
    ("missing field", {"occurred_on": "2019-04-18"}, "topic"),
    ("control characters", briefing(title="a\x00b"), "title"),
]


@pytest.mark.parametrize(("case", "body", "field"), BRIEFING_CASES, ids=[c[0] for c in BRIEFING_CASES])
async def test_bad_briefing_is_refused_and_nothing_stored(outreach, outreach_client, case, body, field):
    response = await outreach_client.post("/v1/briefings", json=body)
    assert response.status_code == 422
    assert field in problem_fields(response)
    assert await event_count(outreach) == 0


VISIT_CASES = [
    ("bad USCC check digit", visit(enterprise={**ACME, "uscc": "91350203M0001QAY9B"}), "enterprise.uscc"),
    ("unknown ownership", visit(enterprise={**ACME, "ownership": "public"}), "enterprise.ownership"),
    ("enterprise without region", visit(enterprise={k: v for k, v in ACME.items() if k != "region"}), "enterprise.region"),
    ("nobody took part", visit(examiners=0, attorneys=0), "examiners"),
    ("negative attorneys", visit(attorneys=-1), "attorneys"),
    ("fractional examiners", visit(examiners=1.5), "examiners"),
    ("names do not match the number", visit(examiner_names=["张三"]), "examiner_names"),
    ("a person named twice", visit(attorneys=2, attorney_names=["王五", "王五"]), "attorney_names.1"),
    ("blank name", visit(attorneys=1, attorney_names=["  "]), "attorney_names.0"),
    ("future date", visit(occurred_on="2999-05-01"), "occurred_on"),
    ("unknown field", visit(persons=3), "persons"),
]


@pytest.mark.parametrize(("case", "body", "field"), VISIT_CASES, ids=[c[0] for c in VISIT_CASES])
async def test_bad_visit_is_refused_and_nothing_stored(outreach, outreach_client, case, body, field):
    response = await outreach_client.post("/v1/examiner-visits", json=body)
    assert response.status_code == 422
    assert field in problem_fields(response)
    assert await event_count(outreach) == 0


async def test_a_briefing_is_recorded_read_back_and_retracted(outreach, outreach_client):
    response = await outreach_client.post("/v1/briefings", json=briefing(title="专利收费减缓政策宣讲会"))
    assert response.status_code == 201
    answer = response.json()
    assert answer["stream_version"] == 1 and response.headers["Location"] == f"/v1/briefings/{answer['briefing_id']}"
    view = (await outreach_client.get(f"/v1/briefings/{answer['briefing_id']}")).json()
    assert view["topic"] == "patent_fee_reduction" and view["attendance"] == 80 and view["retracted_on"] is None

    retracted = await created(outreach_client, f"/v1/briefings/{answer['briefing_id']}/retraction", {"reason": "recorded twice"})
    assert retracted == {"briefing_id": answer["briefing_id"], "stream_version": 2}
    again = await outreach_client.post(f"/v1/briefings/{answer['briefing_id']}/retraction", json={"reason": "again"})
    assert again.status_code == 409
    problem_fields(again)
    view = (await outreach_client.get(f"/v1/briefings/{answer['briefing_id']}")).json()
    assert view["retraction_reason"] == "recorded twice" and view["stream_version"] == 2
    assert await event_count(outreach) == 2


async def test_unknown_records_are_404_and_store_nothing(outreach, outreach_client):
    for path in ("/v1/briefings/nope/retraction", "/v1/examiner-visits/nope/retraction"):
        response = await outreach_client.post(path, json={"reason": "x"})
        assert response.status_code == 404
        problem_fields(response)
    for path in ("/v1/briefings/nope", "/v1/examiner-visits/nope"):
        assert (await outreach_client.get(path)).status_code == 404
    assert await event_count(outreach) == 0


async def test_a_visit_is_recorded_with_named_participants(outreach, outreach_client):
    body = visit(examiner_names=["张三", "李四"], attorney_names=["王五"], organiser="专利审查协作湖北中心")
    answer = await created(outreach_client, "/v1/examiner-visits", body)
    view = (await outreach_client.get(f"/v1/examiner-visits/{answer['visit_id']}")).json()
    assert view["person_times"] == 3 and view["region"] == "420100" and view["enterprise"] == ACME
    assert view["examiner_names"] == ["张三", "李四"] and view["attorney_names"] == ["王五"]
    await created(outreach_client, f"/v1/examiner-visits/{answer['visit_id']}/retraction", {"reason": "wrong day"})
    assert (await outreach_client.get(f"/v1/examiner-visits/{answer['visit_id']}")).json()["retracted_on"]


async def test_region_limited_tokens_write_only_their_region(outreach, outreach_client, auth):
    wuhan = auth(scopes=["outreach:write", "read"], region="420100")
    assert (await outreach_client.post("/v1/briefings", json=briefing(region="420500"), headers=wuhan)).status_code == 403
    assert (await outreach_client.post("/v1/examiner-visits", json=visit(enterprise=YICHANG_FIRM), headers=wuhan)).status_code == 403
    yichang_briefing = await created(outreach_client, "/v1/briefings", briefing(region="420500"))
    yichang_visit = await created(outreach_client, "/v1/examiner-visits", visit(enterprise=YICHANG_FIRM))
    refused = await outreach_client.post(f"/v1/briefings/{yichang_briefing['briefing_id']}/retraction", json={"reason": "x"}, headers=wuhan)
    assert refused.status_code == 403 and problem_fields(refused) == ["region"]
    refused = await outreach_client.post(f"/v1/examiner-visits/{yichang_visit['visit_id']}/retraction", json={"reason": "x"}, headers=wuhan)
    assert refused.status_code == 403
    assert await event_count(outreach) == 2
    await created(outreach_client, "/v1/briefings", briefing(), headers=wuhan)
    await created(outreach_client, "/v1/examiner-visits", visit(enterprise=STATE_FIRM), headers=wuhan)
    assert await event_count(outreach) == 4


async def test_writes_need_the_outreach_scope_and_reads_the_read_scope(outreach, outreach_client, auth):
    for scopes in (["read"], ["enforcement:write"]):
        assert (await outreach_client.post("/v1/briefings", json=briefing(), headers=auth(scopes=scopes))).status_code == 403
    assert (await outreach_client.post("/v1/briefings", json=briefing(), headers={"Authorization": ""})).status_code == 401
    assert (await outreach_client.get("/v1/events", headers=auth(scopes=["outreach:write"]))).status_code == 403
    assert await event_count(outreach) == 0


async def test_same_idempotency_key_records_once(outreach, outreach_client):
    headers = {"Idempotency-Key": "visit-2019-05-21-acme"}
    first = await outreach_client.post("/v1/examiner-visits", json=visit(), headers=headers)
    again = await outreach_client.post("/v1/examiner-visits", json=visit(), headers=headers)
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    other = await outreach_client.post("/v1/examiner-visits", json=visit(attorneys=3), headers=headers)
    assert other.status_code == 422 and problem_fields(other) == ["Idempotency-Key"]
    assert await event_count(outreach) == 1
