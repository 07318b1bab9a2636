"""Publicity (measure 23), case stories (measure 24) and patent on-site services (measure 19)."""

from datetime import date

import pytest

from kernel.domain.enterprise import Enterprise
from kernel.problems import Conflict, DomainRuleViolated, NotFound
from outreach.case_stories import domain as stories
from outreach.patent_onsite_services import domain as onsite
from outreach.patent_onsite_services.domain import OnsiteServiceKind, PatentOnsiteServiceProvided
from outreach.publicity import domain as publicity
from outreach.publicity.domain import Channel, PublicityItemPublished

TODAY = date(2019, 12, 31)
ACME = Enterprise(uscc="91440101MA5CJQ4N59", name="甲公司", ownership="private", region="421000")
STATE_FIRM = Enterprise(uscc="91110000600037341L", name="乙公司", ownership="state_owned", region="420100")


def publish_item(**overrides):
    args = dict(item_id="p1", channel=Channel.WEIBO, published_on=date(2019, 3, 15), region="420000", title="政策解读", today=TODAY)
    return publicity.publish(publicity.PublicityItem(), **{**args, **overrides})


def publish_story(**overrides):
    args = dict(story_id="c1", enterprise=ACME, measures=[7, 9], title="质押融资之路", published_on=date(2019, 10, 8), today=TODAY)
    return stories.publish(stories.CaseStory(), **{**args, **overrides})


def test_publicity_item_event_and_rules():
    [event] = publish_item(reach=18500)
    assert isinstance(event, PublicityItemPublished)
    assert event.data() == {"item_id": "p1", "channel": "weibo", "published_on": "2019-03-15", "region": "420000",
                            "title": "政策解读", "outlet": "", "reach": 18500}
    with pytest.raises(DomainRuleViolated) as caught:
        publish_item(published_on=date(2020, 1, 1))
    assert caught.value.errors[0]["field"] == "published_on"
    state = publicity.PUBLICITY_ITEM.fold([event])
    with pytest.raises(Conflict):
        publicity.publish(state, item_id="p1", channel=Channel.TV, published_on=date(2019, 3, 15), region="420000", title="x", today=TODAY)
    [retracted] = publicity.retract(state, item_id="p1", reason="wrong date", today=TODAY)
    with pytest.raises(Conflict):
        publicity.retract(publicity.apply(state, retracted), item_id="p1", reason="again", today=TODAY)


def test_case_story_event_carries_the_enterprise_region_and_measures():
    [event] = publish_story()
    assert event.region == "421000" and event.measures == [7, 9] and event.enterprise.is_private
    assert stories.CASE_STORY.fold([event]).measures == (7, 9)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"enterprise": STATE_FIRM}, "enterprise.ownership"),
        ({"measures": []}, "measures"),
        ({"measures": [7, 7]}, "measures.1"),
        ({"measures": [25]}, "measures.0"),
        ({"published_on": date(2020, 1, 1)}, "published_on"),
    ],
)
def test_rules_that_refuse_a_case_story(overrides, field):
    with pytest.raises(DomainRuleViolated) as caught:
        publish_story(**overrides)
    assert caught.value.errors[0]["field"] == field


def test_case_story_retraction():
    state = stories.CASE_STORY.fold(publish_story())
    [event] = stories.retract(state, story_id="c1", reason="withdrawn", today=TODAY)
    with pytest.raises(Conflict):
        stories.retract(stories.apply(state, event), story_id="c1", reason="again", today=TODAY)
    with pytest.raises(NotFound):
        stories.retract(stories.CaseStory(), story_id="c9", reason="x", today=TODAY)


def test_patent_onsite_service_lifecycle():
    [event] = onsite.provide(onsite.PatentOnsiteService(), service_id="o1", occurred_on=date(2019, 6, 5), enterprise=STATE_FIRM,
                             kind=OnsiteServiceKind.LICENCE_RECORDATION, today=TODAY)
    assert isinstance(event, PatentOnsiteServiceProvided) and event.region == "420100" and event.kind == "licence_recordation"
    state = onsite.PATENT_ONSITE_SERVICE.fold([event])
    with pytest.raises(Conflict):
        onsite.provide(state, service_id="o1", occurred_on=date(2019, 6, 5), enterprise=ACME, kind=OnsiteServiceKind.PLEDGE_REGISTRATION, today=TODAY)
    with pytest.raises(DomainRuleViolated) as caught:
        onsite.provide(onsite.PatentOnsiteService(), service_id="o2", occurred_on=date(2020, 1, 1), enterprise=ACME,
                       kind=OnsiteServiceKind.PRIORITY_EXAMINATION, today=TODAY)
    assert caught.value.errors[0]["field"] == "occurred_on"
    [retracted] = onsite.retract(state, service_id="o1", reason="duplicate", today=TODAY)
    with pytest.raises(Conflict):
        onsite.retract(onsite.apply(state, retracted), service_id="o1", reason="again", today=TODAY)
    with pytest.raises(NotFound):
        onsite.retract(onsite.PatentOnsiteService(), service_id="o9", reason="x", today=TODAY)
