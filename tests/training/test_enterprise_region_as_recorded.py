"""Issue 16, finding 2: a Wuhan token (420100) retracted Huangshi's (420200) GB/T 29490 implementation by first
recording a certification of the same credit code claiming 420100, which rewrote the stored enterprise's region.

The rule: in an aggregate keyed by an enterprise, the region the enterprise was first recorded in there decides
every later write: a token of another region is refused (403), and a claim of another region is refused (409
naming `enterprise.region`). Over single POSTs and inside one bulk import batch.
"""

from __future__ import annotations

import orjson
import pytest

from tests.training.helpers import event_count, problem_fields

WUHAN, HUANGSHI = "420100", "420200"
HUANGSHI_FIRM = {"uscc": "91440101MA5CJQ4N59", "name": "黄石甲科技有限公司", "ownership": "private", "region": HUANGSHI}
CLAIMED_BY_WUHAN = {**HUANGSHI_FIRM, "name": "武汉甲科技有限公司", "region": WUHAN}
USCC = HUANGSHI_FIRM["uscc"]
CERTIFICATION = {"enterprise": CLAIMED_BY_WUHAN, "certified_on": "2019-10-15", "certifier": "中知（北京）认证有限公司"}
RETRACTION = f"/v1/management-standard/{USCC}/implementation/retraction"


@pytest.fixture
async def huangshi_implementation(training, client_for):
    huangshi = client_for(training, region=HUANGSHI)
    begun = await huangshi.post("/v1/management-standard/implementations",
                                json={"enterprise": HUANGSHI_FIRM, "began_on": "2019-03-01"})
    assert begun.status_code == 201, begun.text
    return training


async def _still_huangshis(client) -> None:
    stored = (await client.get(f"/v1/management-standard/{USCC}")).json()
    assert stored["enterprise"] == HUANGSHI_FIRM and stored["began_on"] == "2019-03-01" and stored["certified_on"] == []


async def test_a_wuhan_token_cannot_re_declare_the_region_and_then_retract(huangshi_implementation, client_for):
    training = huangshi_implementation
    wuhan = client_for(training, region=WUHAN)
    before = await event_count(training)

    claimed = await wuhan.post("/v1/management-standard/certifications", json=CERTIFICATION)
    assert claimed.status_code == 403, claimed.text
    assert problem_fields(claimed) == ["enterprise.region"] and HUANGSHI in claimed.json()["detail"]
    retracted = await wuhan.post(RETRACTION, json={"reason": "录入错误"})
    assert retracted.status_code == 403, retracted.text

    assert await event_count(training) == before
    await _still_huangshis(client_for(training, region=HUANGSHI))


async def test_the_same_inside_one_bulk_import_batch(huangshi_implementation, client_for):
    training = huangshi_implementation
    before = await event_count(training)
    lines = [
        {"kind": "management-standard-certification", **CERTIFICATION},
        {"kind": "management-standard-implementation-retraction", "uscc": USCC, "reason": "录入错误"},
    ]
    answer = await client_for(training, region=WUHAN).post(
        "/v1/import", content=b"\n".join(orjson.dumps(line) for line in lines), headers={"Content-Type": "application/x-ndjson"})
    assert answer.status_code == 200, answer.text
    outcomes = answer.json()["lines"]
    assert [(o["status"], o["problem"]["status"]) for o in outcomes] == [("refused", 403), ("refused", 403)], outcomes
    assert await event_count(training) == before
    await _still_huangshis(client_for(training, region=HUANGSHI))


async def test_a_batch_line_contradicting_an_earlier_line_of_the_batch_is_refused(training, client_for):
    """The batch's earlier lines count as stored: a province-wide token's second line claims another region."""
    lines = [
        {"kind": "management-standard-implementation", "enterprise": HUANGSHI_FIRM, "began_on": "2019-03-01"},
        {"kind": "management-standard-certification", **CERTIFICATION},
    ]
    answer = await client_for(training).post(
        "/v1/import", content=b"\n".join(orjson.dumps(line) for line in lines), headers={"Content-Type": "application/x-ndjson"})
    assert answer.status_code == 200, answer.text
    first, second = answer.json()["lines"]
    assert first["status"] == "accepted", first
    assert second["status"] == "refused" and second["problem"]["status"] == 409, second
    assert [e["field"] for e in second["problem"]["errors"]] == ["enterprise.region"]
    await _still_huangshis(client_for(training))


async def test_a_province_wide_token_cannot_move_the_enterprise_either(huangshi_implementation, client_for):
    training = huangshi_implementation
    before = await event_count(training)
    moved = await client_for(training).post("/v1/management-standard/certifications", json=CERTIFICATION)
    assert moved.status_code == 409, moved.text
    assert problem_fields(moved) == ["enterprise.region"]
    assert HUANGSHI in moved.json()["detail"] and WUHAN in moved.json()["detail"]
    assert await event_count(training) == before


async def test_the_region_as_recorded_may_record_a_new_ownership(huangshi_implementation, client_for):
    """Ownership at the time of the record decides privateness: Huangshi records the certification of the enterprise,
    since then state-owned, and the record carries its own claim."""
    training = huangshi_implementation
    huangshi = client_for(training, region=HUANGSHI)
    changed = {**HUANGSHI_FIRM, "ownership": "state_owned"}
    certified = await huangshi.post("/v1/management-standard/certifications",
                                    json={**CERTIFICATION, "enterprise": changed})
    assert certified.status_code == 201, certified.text
    assert (await huangshi.post(RETRACTION, json={"reason": "录入错误"})).status_code == 201


async def test_once_every_record_is_retracted_the_enterprise_may_be_recorded_afresh(huangshi_implementation, client_for):
    """A wrong first record is corrected by retracting it: the aggregate then records nothing, and a new first record
    names the region again."""
    training = huangshi_implementation
    assert (await client_for(training, region=HUANGSHI).post(RETRACTION, json={"reason": "不是本市企业"})).status_code == 201
    certified = await client_for(training, region=WUHAN).post("/v1/management-standard/certifications", json=CERTIFICATION)
    assert certified.status_code == 201, certified.text
