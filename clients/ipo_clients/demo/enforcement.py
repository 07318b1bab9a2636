"""The enforcement service's year (measures 1-6, 17): cases, disputes, escort, the credit list, protection orders,
mediation and joint meetings; the assistance centers and their visits and requests are `assistance_centers`."""

from __future__ import annotations

import random

from ipo_clients.demo.assistance_centers import division_name, plan_assistance
from ipo_clients.demo.firms import REGIONS, Firm, pick_region
from ipo_clients.demo.plan import Plan
from ipo_clients.demo.vocabulary import BRANDS, CITY, COUNTRIES, DEPARTMENTS, MARKETS
from ipo_clients.demo.world import World, distinct_names, in_year, iso, later

SERVICE = "enforcement"


def plan_enforcement(world: World, plan: Plan) -> None:
    plan_assistance(world, plan)
    _infringement_cases(world, plan)
    _fast_track_cases(world, plan)
    _foreign_disputes(world, plan)
    _overseas_escort(world, plan)
    _credit_list(world, plan)
    _brand_protection_orders(world, plan)
    _mediation_cases(world, plan)
    _joint_meetings(world, plan)


def _infringer(world: World, rng: random.Random, holder: Firm) -> dict:
    if rng.random() < 0.6:
        other = world.firms.pick(rng, exclude=[holder.uscc])
        return {"name": other.name, "uscc": other.uscc}
    return {"name": f"{CITY[pick_region(rng)]}{rng.choice(BRANDS)}{rng.choice(('电子', '服饰', '日用品', '五金', '建材'))}商行", "uscc": None}


def _infringement_cases(world: World, plan: Plan) -> None:
    rng = world.rng("infringement-cases")
    for _ in range(world.count(100, 3)):
        holder = world.firms.pick(rng, private=rng.random() < 0.75)
        region = holder.region if rng.random() < 0.85 else pick_region(rng)
        opened_on = in_year(rng, world)
        kind = rng.choices(("patent", "trademark", "geographical_indication", "other"), weights=(40, 45, 5, 10))[0]
        opened = plan.add(SERVICE, 1, "infringement case opened", "/v1/infringement-cases",
                          {"region": region, "right_holder": holder.body(), "infringer": _infringer(world, rng, holder),
                           "right_kind": kind, "joint_action": rng.random() < 0.3, "opened_on": iso(opened_on),
                           "summary": rng.choice(("专利侵权纠纷行政裁决", "商标侵权案件查处", "会同市场监管部门联合查处侵权案件"))},
                          day=opened_on, region=region)
        if rng.random() < 0.75:
            outcome = rng.choices(("penalty", "settled", "dismissed", "transferred"), weights=(45, 30, 15, 10))[0]
            closed_on = later(opened_on, rng.randint(20, 150))
            plan.add(SERVICE, 1, "infringement case closed", "/v1/infringement-cases/{}/closure",
                     {"closed_on": iso(closed_on), "outcome": outcome,
                      "fine_amount_cny": rng.randint(5, 500) * 1000 if outcome == "penalty" else None},
                     day=closed_on, region=region, on=opened.ref("case_id"))


def _fast_track_cases(world: World, plan: Plan) -> None:
    rng = world.rng("fast-track-cases")
    turnaround = {"pre_examination": (3, 20), "rapid_rights_protection": (5, 30), "rapid_determination": (10, 60)}
    for number in range(world.count(120, 3)):
        if rng.random() < 0.7:
            center, kind = "wuhan-protection-center", rng.choices(("pre_examination", "rapid_determination"), weights=(6, 4))[0]
        else:
            center, kind = "wuhan-auto-rapid-center", rng.choices(("rapid_rights_protection", "pre_examination"), weights=(6, 4))[0]
        firm = world.firms.pick(rng, region="420100" if rng.random() < 0.6 else None, private=rng.random() < 0.7)
        filed_on = in_year(rng, world)
        if kind == "pre_examination":
            reference = f"{world.year}1{rng.randint(0, 9_999_999):07d}.{rng.randint(0, 9)}"
        else:
            reference = f"鄂知保快维〔{world.year}〕{number + 1:04d}号"
        filed = plan.add(SERVICE, 2, "fast-track case filed", "/v1/fast-track-cases",
                         {"center": center, "kind": kind, "enterprise": firm.body(), "reference": reference,
                          "filed_on": iso(filed_on)}, day=filed_on, region="420100")
        if rng.random() < 0.85:
            decided_on = later(filed_on, rng.randint(*turnaround[kind]))
            plan.add(SERVICE, 2, "fast-track case decided", "/v1/fast-track-cases/{}/decision", {"decided_on": iso(decided_on)},
                     day=decided_on, region="420100", on=filed.ref("case_id"))


def _foreign_disputes(world: World, plan: Plan) -> None:
    rng = world.rng("foreign-disputes")
    kinds = ("litigation", "administrative_complaint", "customs_measure", "trade_fair_complaint", "section_337_investigation", "other")
    for _ in range(world.count(12, 2)):
        firm = world.firms.pick(rng, private=rng.random() < 0.8)
        opened_on = in_year(rng, world, 1, 10)
        opened = plan.add(SERVICE, 3, "foreign-related dispute opened", "/v1/foreign-disputes",
                          {"enterprise": firm.body(), "region": firm.region, "country_or_region": rng.choice(COUNTRIES),
                           "kind": rng.choice(kinds), "right_kind": rng.choice(("patent", "trademark")), "opened_on": iso(opened_on),
                           "summary": "企业出口产品在境外遭遇知识产权纠纷，请求援助"}, day=opened_on, region=firm.region)
        day = opened_on
        for _ in range(rng.randint(1, 3)):
            day = later(day, rng.randint(3, 40))
            plan.add(SERVICE, 3, "foreign-related dispute assisted", "/v1/foreign-disputes/{}/assistance",
                     {"assistance": rng.choice(("consultation", "expert_opinion", "legal_referral", "response_guidance", "funding")),
                      "given_on": iso(day), "summary": "组织专家研判并提供应对指导"},
                     day=day, region=firm.region, on=opened.ref("case_id"))
        if rng.random() < 0.55:
            closed_on = later(day, rng.randint(10, 90))
            plan.add(SERVICE, 3, "foreign-related dispute closed", "/v1/foreign-disputes/{}/closure",
                     {"closed_on": iso(closed_on), "outcome": rng.choice(("won", "settled", "lost", "withdrawn"))},
                     day=closed_on, region=firm.region, on=opened.ref("case_id"))


def _overseas_escort(world: World, plan: Plan) -> None:
    rng = world.rng("overseas-escort")
    enrolled = []
    for _ in range(world.count(15, 2)):
        firm = world.firms.pick(rng, private=rng.random() < 0.8, purpose="escort")
        enrolled_on = in_year(rng, world, 1, 8)
        step = plan.add(SERVICE, 3, "enterprise enrolled in overseas escort", "/v1/overseas-escort-enrolments",
                        {"enterprise": firm.body(), "enrolled_on": iso(enrolled_on),
                         "target_markets": rng.sample(COUNTRIES, rng.randint(1, 4))},
                        day=enrolled_on, region=firm.region, stream=f"escort:{firm.uscc}")
        enrolled.append((firm, step))
    for firm, step in rng.sample(enrolled, world.count(2)):
        left_on = later(step.day, rng.randint(60, 150))
        plan.add(SERVICE, 3, "enterprise left overseas escort", f"/v1/overseas-escort-enrolments/{firm.uscc}/leaving",
                 {"left_on": iso(left_on), "reason": rng.choice(("护航期满", "企业已建立自主海外维权体系"))},
                 day=left_on, region=firm.region, after=(step,), stream=f"escort:{firm.uscc}")


def _credit_list(world: World, plan: Plan) -> None:
    rng = world.rng("credit-list")
    bases = ("以非正常专利申请行为被认定为严重失信", "拒不履行专利侵权行政裁决", "重复专利侵权行为被行政处罚",
             "提供虚假材料骗取知识产权资助")
    listed = []
    for _ in range(world.count(10, 2)):
        firm = world.firms.pick(rng, purpose="credit-list")
        listed_on = in_year(rng, world, 1, 9)
        authority = "湖北省知识产权局" if rng.random() < 0.4 else f"{division_name(firm.region)}市场监督管理局"
        step = plan.add(SERVICE, 5, "entity put on the credit list", "/v1/credit-list",
                        {"uscc": firm.uscc, "name": firm.name, "region": firm.region, "authority": authority,
                         "basis": rng.choice(bases), "listed_on": iso(listed_on)},
                        day=listed_on, region=firm.region, stream=f"credit:{firm.uscc}")
        listed.append((firm, step))
    for firm, step in rng.sample(listed, world.count(3)):
        delisted_on = later(step.day, rng.randint(30, 120))
        plan.add(SERVICE, 5, "entity taken off the credit list", f"/v1/credit-list/{firm.uscc}/delisting",
                 {"delisted_on": iso(delisted_on), "reason": "失信行为已纠正，信用修复完成"},
                 day=delisted_on, region=firm.region, after=(step,), stream=f"credit:{firm.uscc}")


def _brand_protection_orders(world: World, plan: Plan) -> None:
    rng = world.rng("brand-protection-orders")
    for _ in range(world.count(15, 2)):
        owner = world.firms.pick(rng, private=rng.random() < 0.85)
        concerned = [owner.region, *rng.sample([r for r in REGIONS if r != owner.region], rng.randint(0, 2))]
        requested_on = in_year(rng, world, 1, 10)
        order = plan.add(SERVICE, 6, "brand-protection order requested", "/v1/brand-protection-orders",
                         {"brand_owner": owner.body(), "region": owner.region,
                          "trademark_registration_number": str(rng.randint(1_000_000, 59_999_999)),
                          "regions_concerned": concerned, "markets": rng.sample(MARKETS, rng.randint(1, 2)),
                          "requested_on": iso(requested_on)}, day=requested_on, region=owner.region)
        day, actions = requested_on, 0 if rng.random() < 0.2 else rng.randint(1, 3)
        for _ in range(actions):
            day = later(day, rng.randint(3, 30))
            kind = rng.choice(("market_inspection", "raid", "online_takedown", "referral_to_police"))
            plan.add(SERVICE, 6, "anti-counterfeiting action", "/v1/brand-protection-orders/{}/actions",
                     {"action_region": rng.choice(concerned), "kind": kind, "taken_on": iso(day),
                      "goods_seized_count": rng.randint(50, 5000) if kind in ("raid", "market_inspection") else None,
                      "summary": "依订单开展打假行动"}, day=day, region=owner.region, on=order.ref("order_id"))
        if rng.random() < 0.7:
            closed_on = later(day, rng.randint(5, 40))
            outcome = "fulfilled" if actions else rng.choice(("no_infringement_found", "withdrawn"))
            plan.add(SERVICE, 6, "brand-protection order closed", "/v1/brand-protection-orders/{}/closure",
                     {"closed_on": iso(closed_on), "outcome": outcome}, day=closed_on, region=owner.region,
                     on=order.ref("order_id"))


def _mediation_cases(world: World, plan: Plan) -> None:
    rng = world.rng("mediation-cases")
    for _ in range(world.count(25, 2)):
        applicant = world.firms.pick(rng, private=rng.random() < 0.8)
        if rng.random() < 0.6:
            respondent = {"role": "respondent", "enterprise": world.firms.pick(rng, exclude=[applicant.uscc]).body()}
        else:
            respondent = {"role": "respondent", "name": distinct_names(rng, 1)[0]}
        region = applicant.region
        received_on = in_year(rng, world, 1, 11)
        case = plan.add(SERVICE, 17, "mediation case received", "/v1/mediation-cases",
                        {"region": region, "parties": [{"role": "applicant", "enterprise": applicant.body()}, respondent],
                         "received_on": iso(received_on), "summary": "专利许可使用费纠纷申请人民调解"},
                        day=received_on, region=region)
        day, sessions = received_on, rng.choice((0, 1, 1, 2))
        for _ in range(sessions):
            day = later(day, rng.randint(5, 30))
            plan.add(SERVICE, 17, "mediation session held", "/v1/mediation-cases/{}/sessions", {"held_on": iso(day)},
                     day=day, region=region, on=case.ref("case_id"))
        if sessions or rng.random() < 0.3:
            closed_on = later(day, rng.randint(1, 20))
            outcome = rng.choices(("agreed", "failed"), weights=(65, 35))[0] if sessions else "withdrawn"
            plan.add(SERVICE, 17, "mediation case closed", "/v1/mediation-cases/{}/closure",
                     {"closed_on": iso(closed_on), "outcome": outcome}, day=closed_on, region=region, on=case.ref("case_id"))


def _joint_meetings(world: World, plan: Plan) -> None:
    rng = world.rng("joint-meetings")
    meetings = []
    for number in range(world.count(6, 2) + 1):
        region = "420000" if number % 2 == 0 else pick_region(rng)
        held_on = in_year(rng, world)
        meetings.append(plan.add(SERVICE, 17, "joint meeting held", "/v1/joint-meetings",
                                 {"region": region, "held_on": iso(held_on), "departments": rng.sample(DEPARTMENTS, rng.randint(3, 6)),
                                  "summary": "知识产权纠纷多元化解联席会议"}, day=held_on, region=None if region == "420000" else region))
    wrong = meetings[-1]
    plan.add(SERVICE, 17, "joint meeting retracted", "/v1/joint-meetings/{}/retraction", {"reason": "会议延期，误录为已召开"},
             day=later(wrong.day, 7), region=wrong.region, on=wrong.ref("meeting_id"))
