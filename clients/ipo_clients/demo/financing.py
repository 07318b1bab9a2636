"""The financing service's year (measures 7-9): pledge projects with their support, matchmaking, needs surveys.

Whether a project's enterprise is private follows a low-discrepancy sequence over the registration dates, so the
private share stays near the chosen value (between 63% and 72%) at every point of the year, not only at its end.
"""

from __future__ import annotations

import math
import random

from ipo_clients.demo.firms import Firm, pick_region
from ipo_clients.demo.plan import Plan, Step
from ipo_clients.demo.vocabulary import CITY, GUARANTORS, INSURERS, LENDERS
from ipo_clients.demo.world import World, in_year, iso, later

SERVICE = "financing"
PATENT_CHECK_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)


def patent_number(rng: random.Random, year: int) -> str:
    """A patent number: ZL, the 12-digit application number (year, type, serial), a dot and its check digit."""
    digits = f"{year}{rng.choice('1122238')}{rng.randint(10_000, 9_999_999):07d}"
    check = sum(int(d) * w for d, w in zip(digits, PATENT_CHECK_WEIGHTS)) % 11
    return f"ZL{digits}.{'X' if check == 10 else check}"


def pledged_rights(rng: random.Random, year: int) -> list[dict[str, str]]:
    rights: dict[str, dict[str, str]] = {}
    for _ in range(rng.choice((1, 1, 2, 2, 3, 4, 6))):
        kind = rng.choices(("patent", "trademark", "copyright"), weights=(70, 25, 5))[0]
        if kind == "patent":
            number = patent_number(rng, rng.randint(year - 8, year - 1))
        elif kind == "trademark":
            number = str(rng.randint(1_000_000, 59_999_999))
        else:
            number = f"国作登字-{rng.randint(year - 5, year - 1)}-F-{rng.randint(1, 9_999_999):08d}"
        rights[number] = {"kind": kind, "number": number}
    return list(rights.values())


def yuan(amount: float, unit: int = 100) -> int:
    """Money as the services take it: whole yuan, here rounded to `unit`."""
    return max(unit, int(round(amount / unit)) * unit)


def loan_amount(rng: random.Random) -> int:
    return yuan(math.exp(rng.uniform(math.log(1_000_000), math.log(50_000_000))), 10_000)


def plan_financing(world: World, plan: Plan) -> None:
    projects = _pledge_projects(world, plan)
    _project_support(world, plan, projects)
    _matchmaking_events(world, plan)
    _needs_surveys(world, plan, projects)


def _pledge_projects(world: World, plan: Plan) -> list[tuple[Firm, Step, int]]:
    rng = world.rng("pledge-projects")
    share = rng.uniform(0.63, 0.72)
    days = sorted(in_year(rng, world) for _ in range(world.count(200, 12)))
    projects = []
    for i, day in enumerate(days):
        private = math.floor((i + 1) * share + 0.5) - math.floor(i * share + 0.5) == 1
        firm = world.firms.pick(rng, private=private)
        amount = loan_amount(rng)
        step = plan.add(SERVICE, 9, "pledge project registered", "/v1/pledge-projects",
                        {"enterprise": firm.body(), "lender": rng.choice(LENDERS), "amount_cny": amount,
                         "registered_on": iso(day), "pledged_rights": pledged_rights(rng, world.year)},
                        day=day, region=firm.region)
        projects.append((firm, step, amount))
    _amount_typed_wrong(world, projects)
    for _ in range(world.count(3)):  # registered twice by two clerks: the second record is taken back
        firm = world.firms.pick(rng, private=rng.random() < 0.7)
        day = in_year(rng, world, 1, 10)
        wrong = plan.add(SERVICE, 9, "pledge project registered", "/v1/pledge-projects",
                         {"enterprise": firm.body(), "lender": rng.choice(LENDERS), "amount_cny": loan_amount(rng),
                          "registered_on": iso(day), "pledged_rights": pledged_rights(rng, world.year)},
                         day=day, region=firm.region)
        plan.add(SERVICE, 9, "pledge project retracted", "/v1/pledge-projects/{}/retraction",
                 {"reason": "同一质押登记被重复录入"}, day=later(day, rng.randint(15, 45)), region=firm.region,
                 on=wrong.ref("project_id"))
    return projects


def _amount_typed_wrong(world: World, projects: list[tuple[Firm, Step, int]]) -> None:
    """One loan amount typed with three zeros too many, a data-quality outlier (rule Q04: above 100 times the
    median): a project of the first half-year whose true amount is at least the median, so the typed one is at
    least 1000 times the median. Its support is computed from the true amount; the record stands until someone
    reviews the flag (a flag never refuses). The projects' count and private share (T09b) are unchanged."""
    rng = world.rng("pledge-amount-typed-wrong")
    amounts = sorted(amount for _, _, amount in projects)
    median = amounts[len(amounts) // 2]
    candidates = [step for _, step, amount in projects if amount >= median and step.day.month <= 6] or \
                 [step for _, step, amount in projects if amount >= median]
    step = rng.choice(candidates)
    step.body["amount_cny"] *= 1000
    step.what = "pledge project registered (amount typed with three zeros too many)"


def _project_support(world: World, plan: Plan, projects: list[tuple[Firm, Step, int]]) -> None:
    rng = world.rng("project-support")
    subsidies, guarantees, compensations = [], [], []
    early = [p for p in projects if p[1].day.month <= 8]
    defaulted = {p[1].seq for p in rng.sample(early, min(len(early), world.count(4, 2)))}
    releasable = [p for p in early if p[1].seq not in defaulted]
    released = {p[1].seq for p in rng.sample(releasable, min(len(releasable), world.count(30)))}
    for firm, project, amount in projects:
        on = project.ref("project_id")
        registered_on = project.day
        if rng.random() < 0.3:
            kind = rng.choice(("subsidy", "interest_discount"))
            granted_on = later(registered_on, rng.randint(30, 120))
            subsidies.append(plan.add(SERVICE, 7, f"{kind.replace('_', ' ')} granted", "/v1/pledge-projects/{}/subsidies",
                                      {"kind": kind, "amount_cny": yuan(amount * rng.uniform(0.01, 0.03)),
                                       "granted_on": iso(granted_on), "period_from": iso(registered_on),
                                       "period_to": iso(later(registered_on, 364))},
                                      day=granted_on, region=firm.region, on=on))
        if rng.random() < 0.25:
            kind = rng.choice(("guarantee_insurance", "institutional_guarantee"))
            provider = rng.choice(INSURERS if kind == "guarantee_insurance" else GUARANTORS)
            guarantees.append(plan.add(SERVICE, 8, kind.replace("_", " ") + " attached", "/v1/pledge-projects/{}/guarantees",
                                       {"kind": kind, "provider": provider, "cover_cny": yuan(amount * rng.uniform(0.5, 1.0), 10_000),
                                        "covers_from": iso(registered_on), "covers_to": iso(later(registered_on, 364))},
                                       day=registered_on, region=firm.region, on=on))
        if project.seq in released:
            released_on = later(registered_on, rng.randint(90, 180))
            plan.add(SERVICE, 9, "pledge released", "/v1/pledge-projects/{}/release", {"released_on": iso(released_on)},
                     day=released_on, region=firm.region, on=on)
        if project.seq in defaulted:
            defaulted_on = later(registered_on, rng.randint(60, 150))
            outstanding = yuan(amount * rng.uniform(0.4, 0.9), 10_000)
            plan.add(SERVICE, 7, "pledge loan defaulted", "/v1/pledge-projects/{}/default",
                     {"defaulted_on": iso(defaulted_on), "outstanding_cny": outstanding},
                     day=defaulted_on, region=firm.region, on=on)
            paid_on = later(defaulted_on, rng.randint(20, 60))
            compensations.append(plan.add(SERVICE, 7, "risk compensation paid", "/v1/pledge-projects/{}/risk-compensations",
                                          {"payer": rng.choice(("provincial_fund", "city_fund")),
                                           "amount_cny": yuan(outstanding * rng.uniform(0.3, 0.5)), "paid_on": iso(paid_on)},
                                          day=paid_on, region=firm.region, on=on))
    for records, path, answer_field in ((subsidies, "subsidies", "subsidy_id"), (guarantees, "guarantees", "guarantee_id"),
                                        (compensations, "risk-compensations", "compensation_id")):
        if not records:
            continue
        wrong = rng.choice(records)
        plan.add(SERVICE, wrong.measure, f"{path.replace('-', ' ')} record retracted", f"/v1/pledge-projects/{{}}/{path}/{{}}/retraction",
                 {"reason": "金额录入错误，作废后重新登记"}, day=later(wrong.day, rng.randint(5, 20)), region=wrong.region,
                 on=(wrong.ref("project_id"), wrong.ref(answer_field)), stream=wrong.stream)


def _matchmaking_events(world: World, plan: Plan) -> None:
    rng = world.rng("matchmaking-events")
    months = (4, 9, 6, 11)
    events = []
    for number in range(world.count(3, 2) + 1):
        region = "420100" if number == 0 else pick_region(rng)
        day = in_year(rng, world, months[number % 4], months[number % 4])
        organiser = "湖北省知识产权局" if region == "420100" else f"{CITY[region]}市市场监督管理局"
        attending = world.firms.several(rng, world.count(30, 6), region=region, private_share=0.85)
        events.append(plan.add(SERVICE, 9, "matchmaking event held", "/v1/matchmaking-events",
                               {"occurred_on": iso(day), "region": region, "organiser": organiser,
                                "enterprises_attending": [f.body() for f in attending],
                                "banks_attending": rng.sample(LENDERS, rng.randint(3, 8)),
                                "summary": "知识产权质押融资银企对接会，现场签约意向项目"},
                               day=day, region=region))
    wrong = events[-1]  # announced, then postponed: its record is taken back
    plan.add(SERVICE, 9, "matchmaking event retracted", "/v1/matchmaking-events/{}/retraction",
             {"reason": "活动延期举办，误录为已举办"}, day=later(wrong.day, 3), region=wrong.region, on=wrong.ref("event_id"))


def _needs_surveys(world: World, plan: Plan, projects: list[tuple[Firm, Step, int]]) -> None:
    rng = world.rng("needs-surveys")
    survey = f"{world.year}年度民营企业知识产权质押融资需求调查"
    later_projects = [p for p in projects if p[1].day.month >= 3]
    met = rng.sample(later_projects, min(len(later_projects), world.count(15, 1)))
    for number, (firm, project, amount) in enumerate(met):  # a need surveyed, then met by a project of the same enterprise
        responded_on = later(project.day, -rng.randint(15, 60))
        enterprise = firm.body()
        if number == 0:  # the survey form says otherwise than the pledge registration: an ownership contradiction (Q05)
            enterprise["ownership"] = "collective" if firm.private else "private"
        response = plan.add(SERVICE, 9, "needs survey response" + (" (ownership as the enterprise wrote it)" if number == 0 else ""),
                            "/v1/needs-survey-responses",
                            {"survey": survey, "enterprise": enterprise, "responded_on": iso(responded_on),
                             "amount_sought_cny": yuan(amount * rng.uniform(0.8, 1.5), 10_000),
                             "rights_offered": project.body["pledged_rights"]},
                            day=responded_on, region=firm.region)
        plan.add(SERVICE, 9, "financing need met", "/v1/needs-survey-responses/{}/fulfilment",
                 {"project_id": project.ref("project_id")}, day=project.day, region=firm.region, on=response.ref("response_id"))
    open_needs = []
    for _ in range(world.count(35, 2)):
        firm = world.firms.pick(rng, private=rng.random() < 0.8)
        day = in_year(rng, world, 1, 11)
        open_needs.append(plan.add(SERVICE, 9, "needs survey response", "/v1/needs-survey-responses",
                                   {"survey": survey, "enterprise": firm.body(), "responded_on": iso(day),
                                    "amount_sought_cny": loan_amount(rng),
                                    "rights_offered": pledged_rights(rng, world.year) if rng.random() < 0.6 else []},
                                   day=day, region=firm.region))
    wrong = rng.choice(open_needs)
    plan.add(SERVICE, 9, "needs survey response retracted", "/v1/needs-survey-responses/{}/retraction",
             {"reason": "企业重复填报"}, day=later(wrong.day, 10), region=wrong.region, on=wrong.ref("response_id"))
