"""Commissioner dispatches, the brand library, trademark guidance and mark applications over HTTP: the
lifecycle, problems naming the field with nothing stored, unknown records, region-limited tokens."""

import pytest

from tests.training.bodies_12_13 import ZHANG, brand, dispatch, guidance, mark_application
from tests.training.helpers import ACME, YICHANG_FIRM, event_count, problem_fields

pytestmark = pytest.mark.asyncio
ENTRY = "91440101MA5CJQ4N59-1"

BAD_WRITES = [
    ("dispatch: unknown service kind", "/v1/commissioner-dispatches", dispatch(service_kind="legal_aid"), "service_kind"),
    ("dispatch: commissioner id with spaces", "/v1/commissioner-dispatches", dispatch(commissioner={**ZHANG, "commissioner_id": "T 1"}), "commissioner.commissioner_id"),
    ("dispatch: no specialty", "/v1/commissioner-dispatches", dispatch(commissioner={k: v for k, v in ZHANG.items() if k != "specialty"}), "commissioner.specialty"),
    ("dispatch: ends before it starts", "/v1/commissioner-dispatches", dispatch(ends_on="2019-05-31"), "ends_on"),
    ("dispatch: starts in the future", "/v1/commissioner-dispatches", dispatch(starts_on="2999-01-01", ends_on="2999-02-01"), "starts_on"),
    ("dispatch: bad credit code", "/v1/commissioner-dispatches", dispatch(enterprise={**ACME, "uscc": "91350203M0001QAY9B"}), "enterprise.uscc"),
    ("dispatch: unknown field", "/v1/commissioner-dispatches", dispatch(hours=20), "hours"),
    ("brand: empty trademark", "/v1/brand-library/entries", brand(trademark=" "), "trademark"),
    ("brand: bad registration number", "/v1/brand-library/entries", brand(registration_number="第25012345号"), "registration_number"),
    ("brand: admitted in the future", "/v1/brand-library/entries", brand(admitted_on="2999-06-18"), "admitted_on"),
    ("brand: impossible date", "/v1/brand-library/entries", brand(admitted_on="2019-02-30"), "admitted_on"),
    ("guidance: unknown library entry", "/v1/trademark-guidance-sessions", guidance(library_entry_id=ENTRY), "library_entry_id"),
    ("guidance: in the future", "/v1/trademark-guidance-sessions", guidance(held_on="2999-08-20"), "held_on"),
    ("guidance: no guide", "/v1/trademark-guidance-sessions", {k: v for k, v in guidance().items() if k != "guided_by"}, "guided_by"),
    ("application: unknown kind", "/v1/mark-applications", mark_application(kind="famous_brand"), "kind"),
    ("application: unknown ownership", "/v1/mark-applications", mark_application(applicant={**ACME, "ownership": "public"}), "applicant.ownership"),
    ("application: filed in the future", "/v1/mark-applications", mark_application(filed_on="2999-03-15"), "filed_on"),
    ("application: too early", "/v1/mark-applications", mark_application(filed_on="1999-12-31"), "filed_on"),
]


@pytest.mark.parametrize(("case", "path", "body", "field"), BAD_WRITES, ids=[c[0] for c in BAD_WRITES])
async def test_bad_records_are_refused_naming_the_field_and_nothing_stored(training, training_client, case, path, body, field):
    response = await training_client.post(path, json=body)
    assert response.status_code == 422
    assert field in problem_fields(response)
    assert await event_count(training) == 0


async def test_a_dispatch_is_concluded_once_with_its_outcome(training, training_client):
    created = await training_client.post("/v1/commissioner-dispatches", json=dispatch())
    assert created.status_code == 201 and created.json()["stream_version"] == 1
    dispatch_id = created.json()["dispatch_id"]
    assert created.headers["Location"] == f"/v1/commissioner-dispatches/{dispatch_id}"
    for body, field in [({"outcome": "x", "concluded_on": "2019-05-31"}, "concluded_on"), ({"outcome": ""}, "outcome"), ({}, "outcome")]:
        refused = await training_client.post(f"/v1/commissioner-dispatches/{dispatch_id}/conclusion", json=body)
        assert refused.status_code == 422 and field in problem_fields(refused)
    concluded = await training_client.post(f"/v1/commissioner-dispatches/{dispatch_id}/conclusion", json={"outcome": "提交发明专利申请3件"})
    assert concluded.status_code == 201 and concluded.json() == {"dispatch_id": dispatch_id, "stream_version": 2}
    again = await training_client.post(f"/v1/commissioner-dispatches/{dispatch_id}/conclusion", json={"outcome": "again"})
    assert again.status_code == 409
    problem_fields(again)
    view = (await training_client.get(f"/v1/commissioner-dispatches/{dispatch_id}")).json()
    assert (view["status"], view["concluded_on"], view["outcome"], view["commissioner"]) == ("concluded", "2019-11-30", "提交发明专利申请3件", ZHANG)
    assert await event_count(training) == 2


async def test_brand_library_entries_and_guidance_for_them(training, training_client):
    admitted = await training_client.post("/v1/brand-library/entries", json=brand(registration_number="25012345"))
    assert admitted.status_code == 201 and admitted.json() == {"entry_id": ENTRY, "stream_version": 1}
    assert admitted.headers["Location"] == f"/v1/brand-library/entries/{ENTRY}"
    twice = await training_client.post("/v1/brand-library/entries", json=brand(trademark="其他", registration_number="25012345"))
    assert twice.status_code == 409 and problem_fields(twice) == ["trademark"]

    linked = await training_client.post("/v1/trademark-guidance-sessions", json=guidance(library_entry_id=ENTRY))
    assert linked.status_code == 201
    session = (await training_client.get(f"/v1/trademark-guidance-sessions/{linked.json()['session_id']}")).json()
    assert (session["trademark"], session["library_entry_id"], session["status"]) == ("楚天红", ENTRY, "held")
    someone_else = await training_client.post("/v1/trademark-guidance-sessions", json=guidance(enterprise=YICHANG_FIRM, library_entry_id=ENTRY))
    assert someone_else.status_code == 422 and problem_fields(someone_else) == ["library_entry_id"]
    before_admission = await training_client.post("/v1/trademark-guidance-sessions", json=guidance(held_on="2019-06-01", library_entry_id=ENTRY))
    assert before_admission.status_code == 422 and problem_fields(before_admission) == ["held_on"]

    early = await training_client.post(f"/v1/brand-library/entries/{ENTRY}/graduation", json={"graduated_on": "2019-06-17"})
    assert early.status_code == 422 and problem_fields(early) == ["graduated_on"]
    graduated = await training_client.post(f"/v1/brand-library/entries/{ENTRY}/graduation", json={"graduated_on": "2019-12-20"})
    assert graduated.status_code == 201 and graduated.json() == {"entry_id": ENTRY, "stream_version": 2}
    removed = await training_client.post(f"/v1/brand-library/entries/{ENTRY}/removal", json={"removed_on": "2019-12-21", "reason": "x"})
    assert removed.status_code == 409
    view = (await training_client.get(f"/v1/brand-library/entries/{ENTRY}")).json()
    assert (view["status"], view["admitted_on"], view["graduated_on"], view["registration_number"]) == ("graduated", "2019-06-18", "2019-12-20", "25012345")
    assert await event_count(training) == 3


async def test_a_replayed_admission_answers_the_same_entry_and_location(training, training_client):
    headers = {"Idempotency-Key": "acme-brand-2019"}
    first = await training_client.post("/v1/brand-library/entries", json=brand(), headers=headers)
    again = await training_client.post("/v1/brand-library/entries", json=brand(), headers=headers)
    assert first.status_code == again.status_code == 201 and first.json() == again.json() == {"entry_id": ENTRY, "stream_version": 1}
    assert again.headers["Idempotent-Replayed"] == "true"
    assert await event_count(training) == 1


async def test_an_application_is_decided_once(training, training_client):
    filed = await training_client.post("/v1/mark-applications", json=mark_application(kind="geographical_indication", application_number="36012345"))
    assert filed.status_code == 201
    application_id = filed.json()["application_id"]
    for body, field in [({"outcome": "granted", "decided_on": "2019-12-10"}, "outcome"),
                        ({"outcome": "approved", "decided_on": "2019-03-14"}, "decided_on"),
                        ({"outcome": "approved", "decided_on": "2999-03-14"}, "decided_on")]:
        refused = await training_client.post(f"/v1/mark-applications/{application_id}/decision", json=body)
        assert refused.status_code == 422 and field in problem_fields(refused)
    decided = await training_client.post(f"/v1/mark-applications/{application_id}/decision", json={"outcome": "approved", "decided_on": "2019-12-10"})
    assert decided.status_code == 201 and decided.json() == {"application_id": application_id, "stream_version": 2}
    assert (await training_client.post(f"/v1/mark-applications/{application_id}/decision", json={"outcome": "refused", "decided_on": "2019-12-11"})).status_code == 409
    view = (await training_client.get(f"/v1/mark-applications/{application_id}")).json()
    assert (view["kind"], view["status"], view["decided_on"], view["application_number"]) == ("geographical_indication", "approved", "2019-12-10", "36012345")
    assert await event_count(training) == 2


UNKNOWN = [
    ("/v1/commissioner-dispatches/no-such-dispatch", "conclusion", {"outcome": "x"}),
    ("/v1/commissioner-dispatches/no-such-dispatch", "retraction", {"reason": "x"}),
    ("/v1/brand-library/entries/nonsense", "graduation", {"graduated_on": "2019-12-20"}),
    (f"/v1/brand-library/entries/{ENTRY}", "removal", {"removed_on": "2019-12-20", "reason": "x"}),
    (f"/v1/brand-library/entries/{ENTRY}", "retraction", {"reason": "x"}),
    ("/v1/trademark-guidance-sessions/no-such-session", "retraction", {"reason": "x"}),
    ("/v1/mark-applications/no-such-application", "decision", {"outcome": "approved", "decided_on": "2019-12-10"}),
    ("/v1/mark-applications/no-such-application", "retraction", {"reason": "x"}),
]


@pytest.mark.parametrize(("record", "change", "body"), UNKNOWN, ids=[f"{r.split('/')[2]}-{c}" for r, c, _ in UNKNOWN])
async def test_changes_to_unknown_records_are_404(training, training_client, record, change, body):
    response = await training_client.post(f"{record}/{change}", json=body)
    assert response.status_code == 404
    problem_fields(response)
    assert (await training_client.get(record)).status_code == 404
    assert await event_count(training) == 0


async def test_a_region_limited_token_writes_only_its_region(training, training_client, auth):
    wuhan = auth(scopes=["training:write", "read"], region="420100")
    for path, body, field in [
        ("/v1/commissioner-dispatches", dispatch(enterprise=YICHANG_FIRM), "enterprise.region"),
        ("/v1/brand-library/entries", brand(enterprise=YICHANG_FIRM), "enterprise.region"),
        ("/v1/trademark-guidance-sessions", guidance(enterprise=YICHANG_FIRM), "enterprise.region"),
        ("/v1/mark-applications", mark_application(applicant=YICHANG_FIRM), "applicant.region"),
    ]:
        refused = await training_client.post(path, json=body, headers=wuhan)
        assert refused.status_code == 403 and refused.json()["errors"][0]["field"] == field
    assert await event_count(training) == 0
    changes = []
    for path, body, id_field, change, change_body in [
        ("/v1/commissioner-dispatches", dispatch(enterprise=YICHANG_FIRM), "dispatch_id", "conclusion", {"outcome": "x"}),
        ("/v1/brand-library/entries", brand(enterprise=YICHANG_FIRM), "entry_id", "graduation", {"graduated_on": "2019-12-20"}),
        ("/v1/trademark-guidance-sessions", guidance(enterprise=YICHANG_FIRM), "session_id", "retraction", {"reason": "x"}),
        ("/v1/mark-applications", mark_application(applicant=YICHANG_FIRM), "application_id", "retraction", {"reason": "x"}),
    ]:
        created = await training_client.post(path, json=body)
        assert created.status_code == 201
        changes.append((f"{path}/{created.json()[id_field]}/{change}", change_body))
    for path, body in changes:
        assert (await training_client.post(path, json=body, headers=wuhan)).status_code == 403
    assert (await training_client.post("/v1/commissioner-dispatches", json=dispatch(), headers=wuhan)).status_code == 201
    assert await event_count(training) == 5
