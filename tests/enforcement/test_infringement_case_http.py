"""Infringement cases (measure 1) over HTTP."""

import pytest

from tests.enforcement.bodies import case_closure, feed_events, infringement_case, problem_fields
from tests.enforcement.helpers import ACME, STATE_FIRM, event_count

pytestmark = pytest.mark.asyncio


async def test_open_and_close_a_case(enforcement, enforcement_client):
    client = enforcement_client
    opened = await client.post("/v1/infringement-cases", json=infringement_case(summary="联合查处"))
    assert opened.status_code == 201, opened.text
    case_id = opened.json()["case_id"]
    assert opened.json()["stream_version"] == 1 and opened.headers["Location"] == f"/v1/infringement-cases/{case_id}"
    view = (await client.get(f"/v1/infringement-cases/{case_id}")).json()
    assert view["right_holder"] == ACME and view["joint_action"] is True and view["closed_on"] is None
    assert view["infringer"] == {"name": "某某电子商行", "uscc": None}

    closed = await client.post(f"/v1/infringement-cases/{case_id}/closure", json=case_closure(fine_amount_cny=50000))
    assert closed.status_code == 201 and closed.json() == {"case_id": case_id, "stream_version": 2}
    view = (await client.get(f"/v1/infringement-cases/{case_id}")).json()
    assert (view["closed_on"], view["outcome"], view["fine_amount_cny"], view["stream_version"]) == ("2019-06-18", "penalty", 50000, 2)

    again = await client.post(f"/v1/infringement-cases/{case_id}/closure", json=case_closure())
    assert again.status_code == 409 and problem_fields(again) == ["closed_on"]
    events = await feed_events(client, enforcement)
    assert [e["type"] for e in events] == ["enforcement.InfringementCaseOpened.v1", "enforcement.InfringementCaseClosed.v1"]
    assert events[1]["data"]["right_holder"]["ownership"] == "private" and events[1]["data"]["region"] == "420100"


async def test_cases_of_non_private_right_holders_are_recorded_too(enforcement_client):
    response = await enforcement_client.post("/v1/infringement-cases", json=infringement_case(right_holder=STATE_FIRM, infringer=None))
    assert response.status_code == 201


OPEN_CASES = [
    ("bad right holder code", infringement_case(right_holder={**ACME, "uscc": "91350203M0001QAY9B"}), "right_holder.uscc"),
    ("bad infringer code", infringement_case(infringer={"name": "x", "uscc": "123"}), "infringer.uscc"),
    ("infringer is the holder", infringement_case(infringer={"name": "x", "uscc": ACME["uscc"]}), "infringer.uscc"),
    ("unknown right kind", infringement_case(right_kind="copyright_software"), "right_kind"),
    ("future", infringement_case(opened_on="2999-01-01"), "opened_on"),
    ("no region", {k: v for k, v in infringement_case().items() if k != "region"}, "region"),
    ("joint action not a flag", infringement_case(joint_action="sometimes"), "joint_action"),
    ("unknown field", infringement_case(fine_amount_cny=5), "fine_amount_cny"),
]


@pytest.mark.parametrize(("case", "body", "field"), OPEN_CASES, ids=[c[0] for c in OPEN_CASES])
async def test_bad_openings_are_refused_and_nothing_stored(enforcement, enforcement_client, case, body, field):
    response = await enforcement_client.post("/v1/infringement-cases", json=body)
    assert response.status_code == 422 and field in problem_fields(response)
    assert await event_count(enforcement) == 0


CLOSINGS = [
    ("before it opened", case_closure(closed_on="2019-04-01"), "closed_on"),
    ("future", case_closure(closed_on="2999-01-01"), "closed_on"),
    ("fine without penalty", case_closure(outcome="settled", fine_amount_cny=10), "fine_amount_cny"),
    ("zero fine", case_closure(fine_amount_cny=0), "fine_amount_cny"),
    ("fractional fine", case_closure(fine_amount_cny=10.5), "fine_amount_cny"),
    ("unknown outcome", case_closure(outcome="won"), "outcome"),
]


@pytest.mark.parametrize(("case", "body", "field"), CLOSINGS, ids=[c[0] for c in CLOSINGS])
async def test_bad_closings_are_refused_and_nothing_stored(enforcement, enforcement_client, case, body, field):
    case_id = (await enforcement_client.post("/v1/infringement-cases", json=infringement_case())).json()["case_id"]
    response = await enforcement_client.post(f"/v1/infringement-cases/{case_id}/closure", json=body)
    assert response.status_code == 422 and field in problem_fields(response)
    assert await event_count(enforcement) == 1


async def test_unknown_cases_and_other_regions(enforcement, enforcement_client, auth):
    client = enforcement_client
    assert (await client.post("/v1/infringement-cases/nope/closure", json=case_closure())).status_code == 404
    assert (await client.get("/v1/infringement-cases/nope")).status_code == 404
    yichang = auth(scopes=["enforcement:write", "read"], region="420500")
    assert (await client.post("/v1/infringement-cases", json=infringement_case(), headers=yichang)).status_code == 403
    case_id = (await client.post("/v1/infringement-cases", json=infringement_case())).json()["case_id"]
    assert (await client.post(f"/v1/infringement-cases/{case_id}/closure", json=case_closure(), headers=yichang)).status_code == 403
    assert (await client.post("/v1/infringement-cases", json=infringement_case(region="420500"), headers=yichang)).status_code == 201
    assert await event_count(enforcement) == 2
