"""Measure 13: brand library entries (admitted, graduated or removed, retracted), trademark guidance sessions
(optionally for a library entry), and well-known mark and GI applications with their outcomes."""

from datetime import date

import pytest

from kernel.domain.enterprise import Enterprise
from kernel.problems import Conflict, DomainRuleViolated, NotFound
from tests.training.helpers import ACME as ACME_BODY
from tests.training.helpers import YICHANG_FIRM
from training.brand_library import domain as library
from training.mark_applications import domain as applications
from training.trademark_guidance import domain as guidance

TODAY = date(2019, 12, 31)
ACME = Enterprise(**ACME_BODY)
YICHANG = Enterprise(**YICHANG_FIRM)


def field_of(caught) -> str:
    return caught.value.errors[0]["field"]


def admit(state=None, trademark="楚天红", registration_number="25012345", admitted_on=date(2019, 6, 18)):
    return library.admit(state or library.BrandLibrary(), enterprise=ACME, trademark=trademark,
                         registration_number=registration_number, admitted_on=admitted_on, today=TODAY)


def _fold(state, events):
    for event in events:
        state = library.apply(state, event)
    return state


def admitted():
    return _fold(library.BrandLibrary(), admit())


def test_admission_carries_the_enterprise_and_the_trademark():
    [event] = admit()
    assert event.event_type == "training.BrandAdmittedToLibrary.v1"
    assert event.data() == {"entry_id": "91440101MA5CJQ4N59-1", "enterprise": ACME_BODY, "region": "420100",
                            "trademark": "楚天红", "registration_number": "25012345", "admitted_on": "2019-06-18"}
    assert library.dossier_key(event.entry_id) == ACME.uscc
    assert library.dossier_key("no-such-entry") is None


def test_one_brand_is_in_the_library_once_at_a_time():
    state = admitted()
    for trademark, number in [("楚天 红", None), ("其他", "25012345")]:  # same mark spelt with a space; same number
        with pytest.raises(Conflict) as caught:
            admit(state, trademark=trademark, registration_number=number, admitted_on=date(2019, 7, 1))
        assert field_of(caught) == "trademark"
    [other] = admit(state, trademark="楚天蓝", registration_number=None, admitted_on=date(2019, 7, 1))
    assert other.entry_id == "91440101MA5CJQ4N59-2"


def test_graduation_and_removal_end_the_entry_once():
    state = admitted()
    [graduated] = library.graduate(state, entry_id="91440101MA5CJQ4N59-1", graduated_on=date(2019, 12, 20), today=TODAY)
    assert graduated.data() == {"entry_id": "91440101MA5CJQ4N59-1", "enterprise": ACME_BODY, "region": "420100",
                                "trademark": "楚天红", "admitted_on": "2019-06-18", "graduated_on": "2019-12-20"}
    done = _fold(state, [graduated])
    assert done.entries["91440101MA5CJQ4N59-1"].status == "graduated"
    with pytest.raises(Conflict):
        library.graduate(done, entry_id="91440101MA5CJQ4N59-1", graduated_on=date(2019, 12, 21), today=TODAY)
    with pytest.raises(Conflict):
        library.remove(done, entry_id="91440101MA5CJQ4N59-1", removed_on=date(2019, 12, 21), reason="x", today=TODAY)
    [removed] = library.remove(state, entry_id="91440101MA5CJQ4N59-1", removed_on=date(2019, 9, 1), reason="企业注销", today=TODAY)
    assert (removed.event_type, removed.reason, removed.enterprise) == ("training.BrandRemovedFromLibrary.v1", "企业注销", ACME)
    assert _fold(state, [removed]).entries["91440101MA5CJQ4N59-1"].status == "removed"


def test_a_brand_that_left_may_be_admitted_again_only_afterwards():
    left = _fold(admitted(), library.remove(admitted(), entry_id="91440101MA5CJQ4N59-1", removed_on=date(2019, 9, 1), reason="x", today=TODAY))
    with pytest.raises(DomainRuleViolated) as caught:
        admit(left, admitted_on=date(2019, 9, 1))
    assert field_of(caught) == "admitted_on"
    assert admit(left, admitted_on=date(2019, 10, 1))[0].entry_id == "91440101MA5CJQ4N59-2"


@pytest.mark.parametrize(
    ("decide", "arguments", "field"),
    [
        (library.graduate, {"graduated_on": date(2019, 6, 17)}, "graduated_on"),
        (library.graduate, {"graduated_on": date(2020, 1, 1)}, "graduated_on"),
        (library.remove, {"removed_on": date(2019, 6, 17), "reason": "x"}, "removed_on"),
    ],
)
def test_rules_that_refuse_leaving(decide, arguments, field):
    with pytest.raises(DomainRuleViolated) as caught:
        decide(admitted(), entry_id="91440101MA5CJQ4N59-1", **arguments, today=TODAY)
    assert field_of(caught) == field


def test_admission_cannot_be_dated_in_the_future():
    with pytest.raises(DomainRuleViolated) as caught:
        admit(admitted_on=date(2020, 1, 1))
    assert field_of(caught) == "admitted_on"


def test_a_retracted_entry_no_longer_counts_or_blocks():
    [event] = library.retract(admitted(), entry_id="91440101MA5CJQ4N59-1", reason="wrong enterprise", today=TODAY)
    assert event.data() == {"entry_id": "91440101MA5CJQ4N59-1", "region": "420100", "reason": "wrong enterprise", "retracted_on": "2019-12-31"}
    state = _fold(admitted(), [event])
    for decide, arguments in [(library.retract, {"reason": "x"}), (library.graduate, {"graduated_on": TODAY})]:
        with pytest.raises(Conflict):
            decide(state, entry_id="91440101MA5CJQ4N59-1", **arguments, today=TODAY)
    assert admit(state, admitted_on=date(2019, 6, 18))  # the same brand may be recorded correctly
    with pytest.raises(NotFound):
        library.graduate(state, entry_id="91440101MA5CJQ4N59-9", graduated_on=TODAY, today=TODAY)


def hold(library_entry_id=None, held_on=date(2019, 8, 20), state=None, dossier=None, enterprise=ACME):
    return guidance.hold(state or guidance.Session(), session_id="s1", enterprise=enterprise, held_on=held_on,
                         topic="商标注册与品牌布局", guided_by="省局商标处", library_entry_id=library_entry_id,
                         library=dossier or library.BrandLibrary(), today=TODAY)


def test_a_guidance_session_for_a_library_brand_names_its_trademark():
    [plain] = hold()
    assert plain.event_type == "training.TrademarkGuidanceHeld.v2"
    assert plain.data() == {"session_id": "s1", "enterprise": ACME_BODY, "region": "420100", "held_on": "2019-08-20",
                            "topic": "商标注册与品牌布局", "guided_by": "省局商标处", "format": "face_to_face", "library_entry_id": None,
                            "trademark": None}
    [linked] = hold(library_entry_id="91440101MA5CJQ4N59-1", dossier=admitted())
    assert (linked.library_entry_id, linked.trademark) == ("91440101MA5CJQ4N59-1", "楚天红")
    with pytest.raises(Conflict):
        hold(state=guidance.SESSION.fold([plain]))


def test_rules_that_refuse_a_guidance_session():
    retracted = _fold(admitted(), library.retract(admitted(), entry_id="91440101MA5CJQ4N59-1", reason="x", today=TODAY))
    graduated = _fold(admitted(), library.graduate(admitted(), entry_id="91440101MA5CJQ4N59-1", graduated_on=date(2019, 9, 1), today=TODAY))
    for arguments, field in [
        ({"held_on": date(2020, 1, 1)}, "held_on"),
        ({"library_entry_id": "91440101MA5CJQ4N59-2", "dossier": admitted()}, "library_entry_id"),
        ({"library_entry_id": "91440101MA5CJQ4N59-1", "dossier": admitted(), "enterprise": YICHANG}, "library_entry_id"),
        ({"library_entry_id": "91440101MA5CJQ4N59-1", "dossier": retracted}, "library_entry_id"),
        ({"library_entry_id": "91440101MA5CJQ4N59-1", "dossier": admitted(), "held_on": date(2019, 6, 17)}, "held_on"),
        ({"library_entry_id": "91440101MA5CJQ4N59-1", "dossier": graduated, "held_on": date(2019, 9, 2)}, "held_on"),
    ]:
        with pytest.raises(DomainRuleViolated) as caught:
            hold(**arguments)
        assert field_of(caught) == field, arguments


def test_a_guidance_session_is_retracted_once():
    session = guidance.SESSION.fold(hold())
    [event] = guidance.retract(session, session_id="s1", reason="recorded twice", today=TODAY)
    assert event.data() == {"session_id": "s1", "region": "420100", "reason": "recorded twice", "retracted_on": "2019-12-31"}
    with pytest.raises(Conflict):
        guidance.retract(guidance.apply(session, event), session_id="s1", reason="again", today=TODAY)
    with pytest.raises(NotFound):
        guidance.retract(guidance.Session(), session_id="nope", reason="x", today=TODAY)


def file(kind="well_known_trademark", filed_on=date(2019, 3, 15), state=None):
    return applications.file(state or applications.Application(), application_id="a1", kind=kind, applicant=ACME,
                             mark="楚天红", application_number=None, filed_on=filed_on, today=TODAY)


def test_an_application_is_filed_then_decided_once_with_its_outcome():
    [filed] = file(kind="geographical_indication")
    assert filed.data() == {"application_id": "a1", "kind": "geographical_indication", "applicant": ACME_BODY,
                            "region": "420100", "mark": "楚天红", "application_number": None, "filed_on": "2019-03-15"}
    pending = applications.APPLICATION.fold([filed])
    assert pending.status == "pending"
    with pytest.raises(Conflict):
        file(state=pending)
    [decided] = applications.decide(pending, application_id="a1", outcome="approved", decided_on=date(2019, 12, 10), note=None, today=TODAY)
    assert decided.event_type == "training.MarkApplicationDecided.v1"
    assert decided.data() == {**filed.data(), "outcome": "approved", "decided_on": "2019-12-10", "note": None}
    done = applications.apply(pending, decided)
    assert done.status == "approved"
    with pytest.raises(Conflict):
        applications.decide(done, application_id="a1", outcome="refused", decided_on=date(2019, 12, 11), note=None, today=TODAY)


@pytest.mark.parametrize(("decided_on", "field"), [(date(2019, 3, 14), "decided_on"), (date(2020, 1, 1), "decided_on")])
def test_rules_that_refuse_a_decision(decided_on, field):
    pending = applications.APPLICATION.fold(file())
    with pytest.raises(DomainRuleViolated) as caught:
        applications.decide(pending, application_id="a1", outcome="refused", decided_on=decided_on, note=None, today=TODAY)
    assert field_of(caught) == field


def test_an_application_cannot_be_filed_in_the_future_and_a_retracted_one_is_closed():
    with pytest.raises(DomainRuleViolated) as caught:
        file(filed_on=date(2020, 1, 1))
    assert field_of(caught) == "filed_on"
    pending = applications.APPLICATION.fold(file())
    [retracted] = applications.retract(pending, application_id="a1", reason="x", today=TODAY)
    assert retracted.data() == {"application_id": "a1", "region": "420100", "reason": "x", "retracted_on": "2019-12-31"}
    closed = applications.apply(pending, retracted)
    assert closed.status == "retracted"
    with pytest.raises(Conflict):
        applications.decide(closed, application_id="a1", outcome="approved", decided_on=TODAY, note=None, today=TODAY)
    with pytest.raises(NotFound):
        applications.retract(applications.Application(), application_id="nope", reason="x", today=TODAY)


def test_a_session_for_a_library_entry_keeps_the_region_the_dossier_records():
    """Issue 16, finding 2: the brand is in the library as a Wuhan enterprise's; a session claiming the enterprise for
    another region cannot count that brand's guidance there."""
    elsewhere = {**ACME_BODY, "region": "420200"}
    with pytest.raises(Conflict) as caught:
        hold(library_entry_id="91440101MA5CJQ4N59-1", dossier=admitted(), enterprise=Enterprise(**elsewhere))
    assert field_of(caught) == "enterprise.region"
    assert hold(enterprise=Enterprise(**elsewhere))  # a session naming no entry is the session's own claim
