"""The outreach service's year (measures 14-16, 18-21, 23, 24): agencies, briefings, visits, windows, publicity."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from ipo_clients.demo.firms import credit_code, organisation_code, pick_region
from ipo_clients.demo.plan import Plan, Step
from ipo_clients.demo.vocabulary import BRANDS, CITY, DISTRICTS, OUTLETS, SLUG
from ipo_clients.demo.world import (
    World, day_between, distinct_names, in_year, iso, later, month_first, month_last, weekday_between,
)

SERVICE = "outreach"
VISIT_ORGANISERS = ("国家知识产权局专利局专利审查协作湖北中心", "湖北省知识产权局")
BRIEFING_TITLES = {
    "patent_fee_reduction": "专利收费减缴政策宣讲会", "priority_examination": "专利优先审查政策解读会",
    "pledge_registration": "专利权质押登记业务宣讲会", "licence_recordation": "专利实施许可合同备案宣讲会",
    "other": "知识产权惠企政策宣讲会",
}


@dataclass
class Registered:
    """A record with an id the demo chose (an agency, a station, a window) and its registration write."""

    record_id: str
    region: str
    opened_on: date
    step: Step
    closed_on: date | None = None


def plan_outreach(world: World, plan: Plan) -> None:
    agencies = _agencies(world, plan)
    _agency_aid(world, plan, agencies)
    stations = _information_stations(world, plan)
    _information_services(world, plan, stations)
    _trademark_windows(world, plan)
    _briefings(world, plan)
    _patent_onsite_services(world, plan)
    _examiner_visits(world, plan)
    _publicity(world, plan)
    _case_stories(world, plan)


def _registered_on(rng: random.Random, world: World, in_the_year: bool) -> date:
    if in_the_year:
        return in_year(rng, world, 1, 6)
    return weekday_between(rng, month_first(world.year - 8, 1), month_last(world.year - 1, 12))


def _agencies(world: World, plan: Plan) -> list[Registered]:
    rng = world.rng("agencies")
    agencies = []
    names: set[str] = set()
    for number in range(world.count(30, 4)):
        region = "420100" if number < 3 else pick_region(rng)
        ownership = rng.choices(("private", "state_owned", "other", "foreign_invested"), weights=(70, 15, 10, 5))[0]
        while True:
            name = f"{CITY[region]}{rng.choice(BRANDS)}" + rng.choice(("知识产权代理有限公司", "专利代理事务所（普通合伙）", "知识产权服务有限公司"))
            if name not in names:
                names.add(name)
                break
        body_code = "MA" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(6))
        registered_on = _registered_on(rng, world, rng.random() < 0.25 and number >= 3)
        agency_id = f"agency-{SLUG[region]}-{number + 1:03d}-{world.tag}"
        in_zone = region == "420100" and number == 0
        step = plan.add(SERVICE, 14, "service agency registered", "/v1/service-agencies",
                        {"agency_id": agency_id, "name": name, "uscc": credit_code(rng.choice(DISTRICTS[region]), organisation_code(body_code)),
                         "ownership": ownership, "region": region, "registered_on": iso(registered_on), "in_cluster_zone": in_zone},
                        day=registered_on, region=region, stream=f"agency:{agency_id}")
        agencies.append(Registered(agency_id, region, registered_on, step))
    wuhan = [a for a in agencies if a.region == "420100"]
    settling = wuhan[1: 1 + world.count(6)]
    for agency in settling:  # settle in the East Lake cluster zone
        settled_on = day_between(rng, max(world.first, later(agency.opened_on, 1)), month_last(world.year, 9))
        plan.add(SERVICE, 15, "agency settled in the cluster zone", f"/v1/service-agencies/{agency.record_id}/cluster-zone-settlement",
                 {"settled_on": iso(settled_on)}, day=settled_on, region=agency.region, after=(agency.step,), stream=agency.step.stream)
    leaving = wuhan[0]  # in the zone from the start, moves out
    left_on = in_year(rng, world, 4, 10)
    plan.add(SERVICE, 15, "agency left the cluster zone", f"/v1/service-agencies/{leaving.record_id}/cluster-zone-departure",
             {"left_on": iso(left_on)}, day=left_on, region=leaving.region, after=(leaving.step,), stream=leaving.step.stream)
    kinds = ("inspection", "spot_check", "complaint_investigation", "credit_evaluation")
    for _ in range(world.count(25, 2)):
        agency = rng.choice(agencies)
        acted_on = day_between(rng, max(world.first, agency.opened_on), world.last)
        plan.add(SERVICE, 14, "agency supervision action", f"/v1/service-agencies/{agency.record_id}/supervision-actions",
                 {"acted_on": iso(acted_on), "kind": rng.choice(kinds),
                  "finding": rng.choices(("compliant", "rectification_ordered", "penalised"), weights=(75, 20, 5))[0],
                  "summary": "代理机构执业情况双随机检查"},
                 day=acted_on, region=agency.region, after=(agency.step,), stream=agency.step.stream)
    return agencies


def _agency_aid(world: World, plan: Plan, agencies: list[Registered]) -> None:
    rng = world.rng("agency-aid")
    services = ("patent_application", "trademark_application", "consultation", "search_and_analysis", "rights_protection")
    aid = []
    for _ in range(world.count(40, 2)):
        agency = rng.choice(agencies)
        provided_on = day_between(rng, max(world.first, agency.opened_on), world.last)
        firm = world.firms.pick(rng, region=agency.region if rng.random() < 0.7 else None, private=True)
        aid.append(plan.add(SERVICE, 16, "agency aid provided", "/v1/agency-aid",
                            {"agency_id": agency.record_id, "enterprise": firm.body(),
                             "enterprise_situation": rng.choice(("start_up", "start_up", "struggling")),
                             "service_kind": rng.choice(services), "waived_amount_cny": rng.randint(5, 200) * 100,
                             "provided_on": iso(provided_on), "summary": "为初创企业免费代理专利申请"},
                            day=provided_on, region=firm.region, after=(agency.step,)))
    wrong = aid[0]
    plan.add(SERVICE, 16, "agency aid retracted", "/v1/agency-aid/{}/retraction", {"reason": "该服务为收费服务，误录为援助"},
             day=later(wrong.day, 12), region=wrong.region, on=wrong.ref("aid_id"))


def _information_stations(world: World, plan: Plan) -> list[Registered]:
    rng = world.rng("information-stations")
    hosts = (("湖北省知识产权服务中心", "service_agency"), ("武汉大学图书馆", "university"), ("华中科技大学图书馆", "university"),
             ("湖北省专利文献服务网点", "patent_document_outlet"), ("光谷创新园", "innovation_base"), ("三峡大学图书馆", "university"))
    stations = []
    for number in range(world.count(15, 3)):
        region = "420100" if number < 2 else pick_region(rng)
        host, kind = rng.choice(hosts)
        opened_on = _registered_on(rng, world, number == 2)
        station_id = f"station-{SLUG[region]}-{number + 1:02d}-{world.tag}"
        step = plan.add(SERVICE, 18, "information station opened", "/v1/information-stations",
                        {"station_id": station_id, "name": f"{CITY[region]}专利信息服务站（第{number + 1}站）", "host_institution": host,
                         "host_kind": kind, "region": region, "opened_on": iso(opened_on)},
                        day=opened_on, region=region, stream=f"station:{station_id}")
        stations.append(Registered(station_id, region, opened_on, step))
    closing = stations[1]
    closing.closed_on = month_last(world.year, rng.randint(8, 10))
    plan.add(SERVICE, 18, "information station closed", f"/v1/information-stations/{closing.record_id}/closure",
             {"closed_on": iso(closing.closed_on)}, day=closing.closed_on, region=closing.region, after=(closing.step,),
             stream=closing.step.stream)
    return stations


def _information_services(world: World, plan: Plan, stations: list[Registered]) -> None:
    rng = world.rng("information-services")
    delivered = []
    for _ in range(world.count(60, 3)):
        station = rng.choice(stations)
        delivered_on = day_between(rng, max(world.first, station.opened_on), station.closed_on or world.last)
        firm = world.firms.pick(rng, region=station.region if rng.random() < 0.7 else None, private=rng.random() < 0.85)
        delivered.append(plan.add(SERVICE, 18, "information service delivered", "/v1/information-services",
                                  {"station_id": station.record_id, "enterprise": firm.body(),
                                   "kind": rng.choice(("search", "analysis", "training")), "delivered_on": iso(delivered_on),
                                   "free_of_charge": rng.random() < 0.9, "summary": "专利检索与竞争对手专利分析"},
                                  day=delivered_on, region=firm.region, after=(station.step,)))
    wrong = delivered[0]
    plan.add(SERVICE, 18, "information service retracted", "/v1/information-services/{}/retraction",
             {"reason": "重复登记"}, day=later(wrong.day, 8), region=wrong.region, on=wrong.ref("service_id"))


def _trademark_windows(world: World, plan: Plan) -> None:
    rng = world.rng("trademark-windows")
    reports: list[tuple[Registered, str, int, Step]] = []
    for number in range(world.count(10, 2)):
        region = "420100" if number == 0 else pick_region(rng)
        opened_on = _registered_on(rng, world, number == 1)
        window_id = f"window-{SLUG[region]}-{number + 1:02d}-{world.tag}"
        step = plan.add(SERVICE, 21, "trademark window opened", "/v1/trademark-windows",
                        {"window_id": window_id, "name": f"{CITY[region]}商标受理窗口", "host": f"{CITY[region]}市市场监督管理局",
                         "region": region, "opened_on": iso(opened_on)}, day=opened_on, region=region, stream=f"window:{window_id}")
        window = Registered(window_id, region, opened_on, step)
        size = 400 if region == "420100" else 80
        for month in range(1, 13):
            if month_first(world.year, month) < opened_on.replace(day=1):
                continue
            reported_on = later(month_last(world.year, month), rng.randint(1, 5))
            accepted = rng.randint(size // 4, size)
            reports.append((window, f"{world.year}-{month:02d}", accepted,
                            plan.add(SERVICE, 21, "trademark applications accepted (month)",
                                     f"/v1/trademark-windows/{window_id}/monthly-acceptances",
                                     {"month": f"{world.year}-{month:02d}", "applications_accepted": accepted},
                                     day=reported_on, region=region, after=(step,), stream=step.stream)))
    window, month, accepted, first = reports[0]  # a figure corrected months later
    plan.add(SERVICE, 21, "trademark applications accepted (month, corrected late)",
             f"/v1/trademark-windows/{window.record_id}/monthly-acceptances",
             {"month": month, "applications_accepted": accepted + rng.randint(3, 30)},
             day=first.day, region=window.region, after=(first,), stream=first.stream, late=True)


def _briefings(world: World, plan: Plan) -> None:
    rng = world.rng("briefings")
    topics = ["patent_fee_reduction"] * world.count(3, 2)
    topics += [rng.choice(("priority_examination", "pledge_registration", "licence_recordation", "other")) for _ in range(world.count(6, 2))]
    held = []
    for number, topic in enumerate(topics):
        region = "420100" if number == 0 else pick_region(rng)
        attendance = rng.randint(60, 400)
        audience = "private_enterprises" if topic == "patent_fee_reduction" or rng.random() < 0.8 else "general"
        day = in_year(rng, world, 3, 11)
        held.append(plan.add(SERVICE, 19, "policy briefing held", "/v1/briefings",
                             {"occurred_on": iso(day), "region": region, "topic": topic, "audience": audience,
                              "attendance": attendance, "enterprises_attending": int(attendance * rng.uniform(0.4, 0.8)),
                              "title": f"{world.year}年{CITY[region]}{BRIEFING_TITLES[topic]}",
                              "organiser": f"{CITY[region]}市知识产权局" if number else "湖北省知识产权局"},
                             day=day, region=region))
    wrong = held[-1]
    plan.add(SERVICE, 19, "policy briefing retracted", "/v1/briefings/{}/retraction", {"reason": "宣讲会改为线上举办，另行登记"},
             day=later(wrong.day, 6), region=wrong.region, on=wrong.ref("briefing_id"))


def _patent_onsite_services(world: World, plan: Plan) -> None:
    rng = world.rng("patent-onsite-services")
    services = []
    for _ in range(world.count(40, 3)):
        firm = world.firms.pick(rng, private=rng.random() < 0.85)
        day = in_year(rng, world)
        kind = rng.choice(("priority_examination", "pledge_registration", "licence_recordation"))
        services.append(plan.add(SERVICE, 19, "patent on-site service", "/v1/patent-onsite-services",
                                 {"occurred_on": iso(day), "enterprise": firm.body(), "kind": kind,
                                  "summary": "上门指导办理" + {"priority_examination": "专利优先审查请求", "pledge_registration": "专利权质押登记",
                                                          "licence_recordation": "专利实施许可合同备案"}[kind]},
                                 day=day, region=firm.region))
    wrong = services[0]
    plan.add(SERVICE, 19, "patent on-site service retracted", "/v1/patent-onsite-services/{}/retraction",
             {"reason": "企业改为线上办理，未实际上门"}, day=later(wrong.day, 9), region=wrong.region, on=wrong.ref("service_id"))


def _examiner_visits(world: World, plan: Plan) -> None:
    rng = world.rng("examiner-visits")
    examiners = distinct_names(rng, 40)
    attorneys = distinct_names(rng, 60, taken=set(examiners))
    visits = []
    count, late = world.count(50, 30), world.count(3, 1)
    for number in range(count + late):
        firm = world.firms.pick(rng, private=rng.random() < 0.9)
        recorded_late = number >= count
        day = in_year(rng, world, 1, 3) if recorded_late else in_year(rng, world)
        going_examiners, going_attorneys = rng.randint(1, 3), rng.randint(1, 3)
        named = rng.random() < 0.6
        visits.append(plan.add(SERVICE, 20, "examiner visit" + (" (recorded late)" if recorded_late else ""), "/v1/examiner-visits",
                               {"occurred_on": iso(day), "enterprise": firm.body(), "examiners": going_examiners,
                                "attorneys": going_attorneys,
                                "examiner_names": rng.sample(examiners, going_examiners) if named else None,
                                "attorney_names": rng.sample(attorneys, going_attorneys) if named else None,
                                "organiser": rng.choice(VISIT_ORGANISERS), "summary": "千家民企面对面：现场解答专利申请与审查问题"},
                               day=day, region=firm.region, late=recorded_late))
    wrong = visits[0]
    plan.add(SERVICE, 20, "examiner visit retracted", "/v1/examiner-visits/{}/retraction", {"reason": "走访因故取消，误录"},
             day=later(wrong.day, 10), region=wrong.region, on=wrong.ref("visit_id"))


def _publicity(world: World, plan: Plan) -> None:
    rng = world.rng("publicity")
    titles = ("《湖北省知识产权局支持民营经济持续健康发展的若干措施》政策解读", "民营企业知识产权质押融资典型做法",
              "知识产权维权援助服务进企业", "专利收费减缴政策问答", "“千家民企面对面”活动走进{city}")
    items = []
    for number in range(world.count(40, 3) + 1):
        region = "420000" if rng.random() < 0.4 else pick_region(rng)
        city = CITY.get(region, "湖北")
        day = in_year(rng, world, 1, 3) if number == 0 else in_year(rng, world)
        items.append(plan.add(SERVICE, 23, "publicity item" + (" (recorded late)" if number == 0 else ""), "/v1/publicity-items",
                              {"channel": rng.choice(("newspaper", "tv", "website", "wechat", "weibo")), "published_on": iso(day),
                               "region": region, "title": rng.choice(titles).format(city=city), "outlet": rng.choice(OUTLETS),
                               "reach": rng.randint(2_000, 500_000) if rng.random() < 0.7 else None},
                              day=day, region=None if region == "420000" else region, late=number == 0))
    wrong = items[1]
    plan.add(SERVICE, 23, "publicity item retracted", "/v1/publicity-items/{}/retraction", {"reason": "稿件未刊发"},
             day=later(wrong.day, 4), region=wrong.region, on=wrong.ref("item_id"))


def _case_stories(world: World, plan: Plan) -> None:
    rng = world.rng("case-stories")
    stories = []
    for _ in range(world.count(15, 2)):
        firm = world.firms.pick(rng, private=True, purpose="case-story")
        day = in_year(rng, world)
        measures = sorted(rng.sample(range(1, 25), rng.randint(1, 3)))
        stories.append(plan.add(SERVICE, 24, "case story published", "/v1/case-stories",
                                {"enterprise": firm.body(), "measures": measures, "title": f"{firm.name}：以知识产权赋能创新发展",
                                 "outlet": rng.choice(OUTLETS), "published_on": iso(day),
                                 "summary": "企业通过专利布局与质押融资实现快速成长"},
                                day=day, region=firm.region))
    wrong = stories[0]
    plan.add(SERVICE, 24, "case story retracted", "/v1/case-stories/{}/retraction", {"reason": "企业要求撤稿"},
             day=later(wrong.day, 15), region=wrong.region, on=wrong.ref("story_id"))
