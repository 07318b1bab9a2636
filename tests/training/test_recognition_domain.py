"""Recommendations and recognitions (measure 11): one dossier per enterprise, rules across its records."""

from datetime import date

import pytest

from kernel.domain.enterprise import Enterprise
from kernel.problems import Conflict, DomainRuleViolated, NotFound
from training.recognitions import domain
from training.recognitions.domain import (
    DOSSIER,
    DemonstrationRecognitionRetracted,
    DemonstrationRecognized,
    DemonstrationRecommendationRetracted,
    DemonstrationRecommended,
)

TODAY = date(2019, 12, 31)
ACME = Enterprise(uscc="91440101MA5CJQ4N59", name="甲公司", ownership="private", region="420100")
ACME_NOW_STATE_OWNED = ACME.model_copy(update={"ownership": "state_owned"})


def recommend(state=None, level="national_advantage", recommended_on=date(2019, 4, 10), today=TODAY):
    return domain.recommend(state or domain.Dossier(), enterprise=ACME, level=level, recommended_on=recommended_on,
                            recommended_by="420000", today=today)


def recognize(state=None, level="national_advantage", recognized_on=date(2019, 11, 20), recommendation_id=None, enterprise=ACME):
    return domain.recognize(state or domain.Dossier(), enterprise=enterprise, level=level, recognized_on=recognized_on,
                            recommendation_id=recommendation_id, today=TODAY)


def then(state, events):
    for event in events:
        state = domain.apply(state, event)
    return state


def test_a_recommendation_carries_the_enterprise_with_its_ownership():
    [event] = recommend()
    assert isinstance(event, DemonstrationRecommended)
    assert event.recommendation_id == "91440101MA5CJQ4N59-national_advantage-2019-1"
    assert event.data()["enterprise"] == {"uscc": "91440101MA5CJQ4N59", "name": "甲公司", "ownership": "private", "region": "420100"}
    assert event.region == "420100" and event.recommended_by == "420000"
    assert domain.dossier_key(event.recommendation_id) == ACME.uscc


def test_a_recognition_without_a_recommendation_is_recorded_alone():
    [event] = recognize()
    assert isinstance(event, DemonstrationRecognized)
    assert event.recognition_id == "91440101MA5CJQ4N59-national_advantage-2019-1"
    assert (event.recommendation_id, event.recommended_on, event.recommended_by) == (None, None, None)
    assert event.data()["recognized_on"] == "2019-11-20" and event.data()["level"] == "national_advantage"


def test_a_recognition_follows_the_open_recommendation_of_its_level():
    dossier = DOSSIER.fold([*recommend(), *recommend(level="provincial_demonstration")])
    [event] = recognize(dossier)
    assert event.recommendation_id == "91440101MA5CJQ4N59-national_advantage-2019-1"
    assert (event.recommended_on, event.recommended_by) == (date(2019, 4, 10), "420000")
    followed = domain.apply(dossier, event)
    assert followed.recommendations[event.recommendation_id].recognition_id == event.recognition_id


def test_a_recommendation_older_than_a_year_is_not_taken_for_granted():
    dossier = DOSSIER.fold(recommend(recommended_on=date(2018, 3, 1)))
    [event] = recognize(dossier)
    assert event.recommendation_id is None


def test_ownership_is_the_one_at_the_time_of_each_record():
    dossier = DOSSIER.fold(recommend())
    [event] = recognize(dossier, enterprise=ACME_NOW_STATE_OWNED)
    assert event.enterprise.ownership == "state_owned"
    assert dossier.recommendations[event.recommendation_id].enterprise.ownership == "private"


@pytest.mark.parametrize(
    ("recommendation_id", "recognized_on", "field"),
    [
        ("91440101MA5CJQ4N59-national_advantage-2019-9", date(2019, 11, 20), "recommendation_id"),  # unknown
        ("91440101MA5CJQ4N59-provincial_demonstration-2019-1", date(2019, 11, 20), "recommendation_id"),  # other level
        ("91440101MA5CJQ4N59-national_advantage-2019-1", date(2019, 4, 9), "recognized_on"),  # before it
        (None, date(2020, 1, 1), "recognized_on"),  # future
    ],
)
def test_rules_that_refuse_a_recognition(recommendation_id, recognized_on, field):
    dossier = DOSSIER.fold([*recommend(), *recommend(level="provincial_demonstration")])
    with pytest.raises(DomainRuleViolated) as caught:
        recognize(dossier, recognized_on=recognized_on, recommendation_id=recommendation_id)
    assert caught.value.errors[0]["field"] == field


def test_a_retracted_or_already_followed_recommendation_cannot_be_named():
    dossier = DOSSIER.fold(recommend())
    rid = "91440101MA5CJQ4N59-national_advantage-2019-1"
    retracted = then(dossier, domain.retract_recommendation(dossier, recommendation_id=rid, reason="wrong", today=TODAY))
    with pytest.raises(DomainRuleViolated) as caught:
        recognize(retracted, recommendation_id=rid)
    assert caught.value.errors[0]["field"] == "recommendation_id"
    earlier = DOSSIER.fold(recommend(recommended_on=date(2018, 12, 1)))
    followed = then(earlier, recognize(earlier, recognized_on=date(2018, 12, 20)))
    with pytest.raises(DomainRuleViolated) as again:
        recognize(followed, recognized_on=date(2019, 3, 1), recommendation_id="91440101MA5CJQ4N59-national_advantage-2018-1")
    assert again.value.errors[0]["field"] == "recommendation_id" and "already followed" in again.value.detail


def test_one_live_recognition_per_level_and_year_and_a_corrected_record_gets_a_new_id():
    dossier = DOSSIER.fold(recognize())
    with pytest.raises(Conflict) as caught:
        recognize(dossier, recognized_on=date(2019, 12, 1))
    assert caught.value.errors[0]["field"] == "level"
    assert recognize(dossier, level="national_demonstration")  # another level is another record
    first = "91440101MA5CJQ4N59-national_advantage-2019-1"
    [retraction] = domain.retract_recognition(dossier, recognition_id=first, reason="wrong date", today=TODAY)
    assert isinstance(retraction, DemonstrationRecognitionRetracted)
    corrected = recognize(domain.apply(dossier, retraction), recognized_on=date(2019, 12, 1))
    assert corrected[0].recognition_id == "91440101MA5CJQ4N59-national_advantage-2019-2"


def test_retracting_a_recognition_reopens_its_recommendation():
    dossier = then(DOSSIER.fold(recommend()), recognize(DOSSIER.fold(recommend())))
    rid = gid = "91440101MA5CJQ4N59-national_advantage-2019-1"  # the first recommendation and the first recognition
    with pytest.raises(Conflict):  # a followed recommendation is retracted only after its recognition
        domain.retract_recommendation(dossier, recommendation_id=rid, reason="x", today=TODAY)
    reopened = then(dossier, domain.retract_recognition(dossier, recognition_id=gid, reason="x", today=TODAY))
    assert reopened.recommendations[rid].recognition_id is None
    [event] = domain.retract_recommendation(reopened, recommendation_id=rid, reason="x", today=TODAY)
    assert isinstance(event, DemonstrationRecommendationRetracted) and event.retracted_on == TODAY


def test_recommendation_rules():
    dossier = DOSSIER.fold(recommend())
    with pytest.raises(Conflict) as caught:
        recommend(dossier, recommended_on=date(2019, 9, 1))
    assert caught.value.errors[0]["field"] == "level"
    assert recommend(dossier, recommended_on=date(2018, 9, 1))[0].recommendation_id.endswith("-2018-1")
    with pytest.raises(DomainRuleViolated) as future:
        recommend(recommended_on=date(2020, 1, 1))
    assert future.value.errors[0]["field"] == "recommended_on"


def test_retractions_happen_once_and_need_a_record():
    dossier = DOSSIER.fold(recognize())
    gid = "91440101MA5CJQ4N59-national_advantage-2019-1"
    retracted = then(dossier, domain.retract_recognition(dossier, recognition_id=gid, reason="x", today=TODAY))
    with pytest.raises(Conflict):
        domain.retract_recognition(retracted, recognition_id=gid, reason="x", today=TODAY)
    with pytest.raises(NotFound):
        domain.retract_recognition(dossier, recognition_id="91440101MA5CJQ4N59-x", reason="x", today=TODAY)
    with pytest.raises(NotFound):
        domain.retract_recommendation(dossier, recommendation_id=gid, reason="x", today=TODAY)
    assert domain.dossier_key("not-a-code") is None
