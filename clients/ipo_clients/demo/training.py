"""The training service's year (measures 10-13, 22): trainings, recognitions over two years, the programs."""

from __future__ import annotations

import math
import random
from datetime import date

from ipo_clients.demo.firms import Firm, pick_region
from ipo_clients.demo.plan import Plan, Step
from ipo_clients.demo.vocabulary import BRANDS, CERTIFIERS, CITY, GEOGRAPHICAL_INDICATIONS, GUIDES
from ipo_clients.demo.world import World, day_between, distinct_names, in_year, iso, later, month_first, weekday_between

SERVICE = "training"

CLASS_TITLES = ("民营企业知识产权管理实务培训班", "专利挖掘与布局实务培训班", "民营企业知识产权质押融资实务培训班",
                "商标品牌建设培训班", "企业知识产权管理规范贯标培训班", "民营企业负责人知识产权战略研修班")
OTHER_TITLES = {"seminar": "民营企业知识产权保护研讨会", "special_topic": "高价值专利培育专题培训",
                "online": "涉外知识产权纠纷应对线上培训"}
SPECIALTIES = ("专利代理师", "知识产权评估师", "商标代理人", "高校技术转移专家", "知识产权律师")
DISPATCH_OUTCOMES = ("完成专利导航报告并提出布局建议", "协助企业新申请发明专利12件", "完成核心专利价值评估", "完成商标品牌培育方案")


def plan_training(world: World, plan: Plan) -> None:
    _trainings(world, plan)
    _recognitions(world, plan, world.year - 1)
    _recognitions(world, plan, world.year)
    _demonstration_program(world, plan)
    _management_standard(world, plan)
    _commissioner_dispatches(world, plan)
    entries = _brand_library(world, plan)
    _trademark_guidance(world, plan, entries)
    _mark_applications(world, plan)


def _training(world: World, plan: Plan, rng: random.Random, *, title: str, format: str, audience: str, partner: str | None,
              person_times: int | None, late: bool = False) -> Step:
    region = "420100" if rng.random() < 0.5 else pick_region(rng)
    starts_on = in_year(rng, world, 2, 12)
    ends_on = later(starts_on, rng.choice((0, 1, 2, 2, 3, 4)))
    organiser = "湖北省知识产权局" if region == "420100" else f"{CITY[region]}市知识产权局"
    planned = plan.add(SERVICE, 22, "training planned", "/v1/trainings",
                       {"title": title, "region": region, "format": format, "audience": audience, "partner": partner,
                        "organiser": organiser, "starts_on": iso(starts_on), "ends_on": iso(ends_on)},
                       day=starts_on, region=region, late=late)
    if person_times is not None:
        plan.add(SERVICE, 22, "training held", "/v1/trainings/{}/completion",
                 {"person_times": person_times, "completed_on": iso(ends_on)}, day=ends_on, region=region,
                 on=planned.ref("training_id"), late=late)
    return planned


def _trainings(world: World, plan: Plan) -> None:
    rng = world.rng("trainings")
    classes = max(10, world.count(12))
    wipo = set(rng.sample(range(classes), world.count(2)))
    for number in range(classes):  # at least ten classes for private enterprises
        partner = "WIPO" if number in wipo else rng.choice((None, None, "湖北省知识产权服务业联盟", "武汉知识产权交易所"))
        title = ("WIPO知识产权运用与保护高级研修班" if partner == "WIPO" else rng.choice(CLASS_TITLES)) + f"（第{number + 1}期）"
        _training(world, plan, rng, title=f"{world.year}年{title}", format="class", audience="private_enterprises",
                  partner=partner, person_times=rng.randint(100, 180))
    for format in ("seminar", "special_topic", "online")[: max(1, math.ceil(3 * min(world.scale, 1.0)))]:
        _training(world, plan, rng, title=f"{world.year}年{OTHER_TITLES[format]}", format=format, audience="private_enterprises",
                  partner=None, person_times=rng.randint(60, 400))
    for _ in range(world.count(4)):
        _training(world, plan, rng, title=f"{world.year}年知识产权普及培训", format="class", audience="general",
                  partner=None, person_times=rng.randint(50, 300))
    cancelled = _training(world, plan, rng, title=f"{world.year}年民营企业知识产权国际化专题培训班", format="class",
                          audience="private_enterprises", partner=None, person_times=None)
    plan.add(SERVICE, 22, "training cancelled", "/v1/trainings/{}/cancellation",
             {"cancelled_on": iso(later(cancelled.day, -3)), "reason": "报名人数不足，培训取消"},
             day=cancelled.day, region=cancelled.region, on=cancelled.ref("training_id"))
    doubled = _training(world, plan, rng, title=f"{world.year}年专利挖掘与布局实务培训班（重复录入）", format="class",
                        audience="private_enterprises", partner=None, person_times=rng.randint(100, 180))
    plan.add(SERVICE, 22, "training retracted", "/v1/trainings/{}/retraction", {"reason": "与已录入的培训班重复"},
             day=later(doubled.day, 20), region=doubled.region, on=doubled.ref("training_id"))
    _training(world, plan, rng, title=f"{world.year}年民营企业知识产权管理实务培训班（补录）", format="class",  # recorded late
              audience="private_enterprises", partner=None, person_times=rng.randint(100, 180), late=True)


def _recognitions(world: World, plan: Plan, year: int) -> None:
    """One year's recommendations and recognitions; the private share among national ones rises this year."""
    rng = world.rng(f"recognitions-{year}")
    share = rng.uniform(0.42, 0.52) if year < world.year else rng.uniform(0.58, 0.68)
    days = sorted(weekday_between(rng, month_first(year, 5), month_first(year, 12)) for _ in range(world.count(20, 8)))
    for i, recognized_on in enumerate(days):
        private = math.floor((i + 1) * share + 0.5) - math.floor(i * share + 0.5) == 1
        firm = world.firms.pick(rng, private=private, purpose=f"recognition-{year}")
        level = "national_advantage" if rng.random() < 0.75 else "national_demonstration"
        stream = f"dossier:{firm.uscc}"
        recommendation_id = None
        if rng.random() < 0.75:
            recommended_on = weekday_between(rng, month_first(year, 3), month_first(year, 4))
            recommended = plan.add(SERVICE, 11, "enterprise recommended", "/v1/demonstration-recommendations",
                                   {"enterprise": firm.body(), "level": level, "recommended_on": iso(recommended_on),
                                    "recommended_by": rng.choice(("420000", firm.region))},
                                   day=recommended_on, region=firm.region, stream=stream)
            recommendation_id = recommended.ref("recommendation_id")
        plan.add(SERVICE, 11, "enterprise recognised", "/v1/demonstration-recognitions",
                 {"enterprise": firm.body(), "level": level, "recognized_on": iso(recognized_on),
                  "recommendation_id": recommendation_id}, day=recognized_on, region=firm.region, stream=stream)
    not_followed = []
    for _ in range(world.count(6)):  # recommended, not recognised
        firm = world.firms.pick(rng, private=rng.random() < 0.7, purpose=f"recognition-{year}")
        day = weekday_between(rng, month_first(year, 3), month_first(year, 4))
        not_followed.append(plan.add(SERVICE, 11, "enterprise recommended", "/v1/demonstration-recommendations",
                                     {"enterprise": firm.body(), "level": "national_advantage", "recommended_on": iso(day),
                                      "recommended_by": firm.region}, day=day, region=firm.region, stream=f"dossier:{firm.uscc}"))
    provincial = []
    for _ in range(world.count(10)):
        firm = world.firms.pick(rng, private=rng.random() < 0.7, purpose=f"recognition-{year}")
        day = weekday_between(rng, month_first(year, 6), month_first(year, 11))
        provincial.append(plan.add(SERVICE, 11, "enterprise recognised", "/v1/demonstration-recognitions",
                                   {"enterprise": firm.body(), "level": "provincial_demonstration", "recognized_on": iso(day)},
                                   day=day, region=firm.region, stream=f"dossier:{firm.uscc}"))
    if year == world.year:
        wrong = not_followed[0]
        plan.add(SERVICE, 11, "recommendation retracted", "/v1/demonstration-recommendations/{}/retraction",
                 {"reason": "企业撤回申报"}, day=later(wrong.day, 14), region=wrong.region,
                 on=wrong.ref("recommendation_id"), stream=wrong.stream)
        wrong = provincial[0]
        plan.add(SERVICE, 11, "recognition retracted", "/v1/demonstration-recognitions/{}/retraction",
                 {"reason": "认定文件中无该企业，录入有误"}, day=later(wrong.day, 21), region=wrong.region,
                 on=wrong.ref("recognition_id"), stream=wrong.stream)


def _demonstration_program(world: World, plan: Plan) -> None:
    rng = world.rng("demonstration-program")
    members = []
    for _ in range(world.count(25, 3)):
        firm = world.firms.pick(rng, private=rng.random() < 0.8, purpose="program")
        admitted_on = in_year(rng, world, 3, 7)
        members.append((firm, plan.add(SERVICE, 10, "enterprise admitted to the demonstration program",
                                       "/v1/demonstration-program/members",
                                       {"enterprise": firm.body(), "level": rng.choice(("demonstration", "pilot", "pilot")),
                                        "admitted_on": iso(admitted_on)},
                                       day=admitted_on, region=firm.region, stream=f"program:{firm.uscc}")))
    leaving = rng.sample(members, world.count(2) + 1)
    for firm, admitted in leaving[:-1]:
        left_on = later(admitted.day, rng.randint(60, 150))
        plan.add(SERVICE, 10, "enterprise left the demonstration program",
                 f"/v1/demonstration-program/members/{firm.uscc}/departure",
                 {"left_on": iso(left_on), "reason": rng.choice(("企业迁出本省", "未通过年度考核"))},
                 day=left_on, region=firm.region, after=(admitted,), stream=admitted.stream)
    firm, admitted = leaving[-1]
    plan.add(SERVICE, 10, "program membership retracted", f"/v1/demonstration-program/members/{firm.uscc}/retraction",
             {"reason": "企业不符合示范工程申报条件，录入有误"}, day=later(admitted.day, 20), region=firm.region,
             after=(admitted,), stream=admitted.stream)


def _management_standard(world: World, plan: Plan) -> None:
    rng = world.rng("management-standard")
    begun, certified = [], []
    for _ in range(world.count(20, 3)):
        firm = world.firms.pick(rng, private=rng.random() < 0.8, purpose="standard")
        began_on = in_year(rng, world, 1, 8)
        step = plan.add(SERVICE, 10, "management standard implementation begun", "/v1/management-standard/implementations",
                        {"enterprise": firm.body(), "began_on": iso(began_on)}, day=began_on, region=firm.region,
                        stream=f"standard:{firm.uscc}")
        if len(certified) < 1 or rng.random() < 0.4:
            certified_on = later(began_on, rng.randint(90, 200))
            certified.append((firm, plan.add(SERVICE, 10, "management standard certification", "/v1/management-standard/certifications",
                                             {"enterprise": firm.body(), "certified_on": iso(certified_on),
                                              "certifier": rng.choice(CERTIFIERS),
                                              "certificate_number": f"165IPMS{world.year}{rng.randint(1, 99999):05d}"},
                                             day=certified_on, region=firm.region, stream=step.stream)))
        else:
            begun.append((firm, step))
    firm, step = begun[0] if begun else certified[0]
    plan.add(SERVICE, 10, "management standard implementation retracted", f"/v1/management-standard/{firm.uscc}/implementation/retraction",
             {"reason": "企业尚未启动贯标，误报"}, day=later(step.day, 30), region=firm.region, after=(step,), stream=step.stream)
    firm, step = certified[-1]
    plan.add(SERVICE, 10, "management standard certification retracted",
             f"/v1/management-standard/{firm.uscc}/certifications/{step.body['certified_on']}/retraction",
             {"reason": "认证证书编号核对有误，待重新登记"}, day=later(step.day, 15), region=firm.region, after=(step,),
             stream=step.stream)


def _commissioner_dispatches(world: World, plan: Plan) -> None:
    rng = world.rng("commissioner-dispatches")
    names = distinct_names(rng, world.count(15, 3))
    commissioners = [{"commissioner_id": f"tpy-{world.year}-{n + 1:03d}-{world.tag}", "name": name, "specialty": rng.choice(SPECIALTIES)}
                     for n, name in enumerate(names)]
    kinds = ("patent_navigation", "ip_evaluation", "high_value_patent_cultivation", "trademark_brand_cultivation", "gi_poverty_alleviation")
    for number in range(world.count(40, 3) + 1):
        firm = world.firms.pick(rng, private=rng.random() < 0.9)
        starts_on = in_year(rng, world, 1, 10)
        ends_on = later(starts_on, rng.randint(90, 365))
        step = plan.add(SERVICE, 12, "commissioner dispatched", "/v1/commissioner-dispatches",
                        {"commissioner": rng.choice(commissioners), "enterprise": firm.body(), "service_kind": rng.choice(kinds),
                         "starts_on": iso(starts_on), "ends_on": iso(ends_on)}, day=starts_on, region=firm.region)
        if number == 0:  # planned, never carried out
            plan.add(SERVICE, 12, "commissioner dispatch retracted", "/v1/commissioner-dispatches/{}/retraction",
                     {"reason": "派驻计划调整，该派驻未实际执行"}, day=later(starts_on, 10), region=firm.region,
                     on=step.ref("dispatch_id"))
        elif number == 1 or rng.random() < 0.6:
            plan.add(SERVICE, 12, "commissioner dispatch concluded", "/v1/commissioner-dispatches/{}/conclusion",
                     {"outcome": rng.choice(DISPATCH_OUTCOMES), "concluded_on": iso(ends_on)}, day=ends_on,
                     region=firm.region, on=step.ref("dispatch_id"))


def _brand_library(world: World, plan: Plan) -> list[tuple[Firm, Step, date | None]]:
    """The library's entries; returns those that stay (enterprise, admission, the day the brand left or None)."""
    rng = world.rng("brand-library")
    entries = []
    for _ in range(world.count(25, 4)):
        firm = world.firms.pick(rng, private=rng.random() < 0.85, purpose="brand-library")
        admitted_on = in_year(rng, world, 1, 8)
        entries.append((firm, plan.add(SERVICE, 13, "brand admitted to the incubation library", "/v1/brand-library/entries",
                                       {"enterprise": firm.body(), "trademark": rng.choice(BRANDS) + rng.choice(("", "牌", "源", "坊", "园")),
                                        "registration_number": str(rng.randint(1_000_000, 59_999_999)), "admitted_on": iso(admitted_on)},
                                       day=admitted_on, region=firm.region, stream=f"brand-library:{firm.uscc}")))
    rng.shuffle(entries)
    graduating = {a.seq for _, a in entries[: world.count(3)]}
    removed = {a.seq for _, a in entries[-world.count(2) - 1:-1]}
    retracted = entries[-1][1].seq
    staying = []
    for firm, admitted in entries:
        left_on = None
        if admitted.seq in graduating:
            left_on = later(admitted.day, rng.randint(90, 200))
            plan.add(SERVICE, 13, "brand graduated from the library", "/v1/brand-library/entries/{}/graduation",
                     {"graduated_on": iso(left_on)}, day=left_on, region=firm.region, on=admitted.ref("entry_id"),
                     stream=admitted.stream)
        elif admitted.seq in removed:
            left_on = later(admitted.day, rng.randint(60, 150))
            plan.add(SERVICE, 13, "brand removed from the library", "/v1/brand-library/entries/{}/removal",
                     {"removed_on": iso(left_on), "reason": "商标注册被宣告无效"}, day=left_on, region=firm.region,
                     on=admitted.ref("entry_id"), stream=admitted.stream)
        if admitted.seq == retracted:
            plan.add(SERVICE, 13, "library entry retracted", "/v1/brand-library/entries/{}/retraction",
                     {"reason": "企业未提交入库申请，录入有误"}, day=later(admitted.day, 15), region=firm.region,
                     on=admitted.ref("entry_id"), stream=admitted.stream)
        else:
            staying.append((firm, admitted, left_on))
    return staying


def _trademark_guidance(world: World, plan: Plan, entries: list[tuple[Firm, Step, date | None]]) -> None:
    rng = world.rng("trademark-guidance")
    topics = ("商标注册与布局", "驰名商标认定指导", "地理标志申请指导", "商标侵权风险防范", "品牌培育规划")
    sessions = []
    for _ in range(world.count(40, 3)):
        if entries and rng.random() < 0.4:
            firm, admitted, left_on = rng.choice(entries)
            last = later(left_on, -1) if left_on else later(admitted.day, 200)
            if last <= admitted.day:
                continue
            held_on = day_between(rng, later(admitted.day, 1), last)
            plan.add(SERVICE, 13, "trademark guidance session", "/v1/trademark-guidance-sessions",
                     {"enterprise": firm.body(), "held_on": iso(held_on), "topic": rng.choice(topics),
                      "guided_by": rng.choice(GUIDES), "library_entry_id": admitted.ref("entry_id")},
                     day=held_on, region=firm.region, stream=admitted.stream)
            continue
        firm = world.firms.pick(rng, private=rng.random() < 0.85)
        held_on = in_year(rng, world)
        sessions.append(plan.add(SERVICE, 13, "trademark guidance session", "/v1/trademark-guidance-sessions",
                                 {"enterprise": firm.body(), "held_on": iso(held_on), "topic": rng.choice(topics),
                                  "guided_by": rng.choice(GUIDES)}, day=held_on, region=firm.region))
    wrong = sessions[0]
    plan.add(SERVICE, 13, "trademark guidance session retracted", "/v1/trademark-guidance-sessions/{}/retraction",
             {"reason": "指导活动改期，误录"}, day=later(wrong.day, 5), region=wrong.region, on=wrong.ref("session_id"))


def _mark_applications(world: World, plan: Plan) -> None:
    rng = world.rng("mark-applications")
    gi_regions = rng.sample(sorted(GEOGRAPHICAL_INDICATIONS), min(len(GEOGRAPHICAL_INDICATIONS), world.count(6, 1)))
    applications = []
    for number in range(world.count(15, 2) + len(gi_regions)):
        if number < len(gi_regions):
            region = gi_regions[number]
            kind, firm, mark = "geographical_indication", world.firms.pick(rng, region=region), GEOGRAPHICAL_INDICATIONS[region]
        else:
            firm = world.firms.pick(rng, private=rng.random() < 0.8)
            kind, mark = "well_known_trademark", rng.choice(BRANDS)
        filed_on = in_year(rng, world, 1, 9)
        applications.append(plan.add(SERVICE, 13, kind.replace("_", " ") + " application filed", "/v1/mark-applications",
                                     {"kind": kind, "applicant": firm.body(), "mark": mark,
                                      "application_number": f"{world.year}{'GI' if kind == 'geographical_indication' else 'WK'}{number + 1:04d}{world.tag}",
                                      "filed_on": iso(filed_on)}, day=filed_on, region=firm.region))
    rng.shuffle(applications)
    for step in applications[1:]:
        if rng.random() < 0.6 or step is applications[1]:
            decided_on = later(step.day, rng.randint(60, 200))
            outcome = rng.choices(("approved", "refused", "withdrawn"), weights=(60, 25, 15))[0]
            plan.add(SERVICE, 13, "mark application decided", "/v1/mark-applications/{}/decision",
                     {"outcome": outcome, "decided_on": iso(decided_on), "note": "经审查予以认定" if outcome == "approved" else None},
                     day=decided_on, region=step.region, on=step.ref("application_id"))
    wrong = applications[0]
    plan.add(SERVICE, 13, "mark application retracted", "/v1/mark-applications/{}/retraction", {"reason": "申请材料退回，未正式受理"},
             day=later(wrong.day, 20), region=wrong.region, on=wrong.ref("application_id"))
