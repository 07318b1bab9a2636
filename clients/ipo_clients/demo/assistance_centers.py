"""The assistance centers of the demo year (measure 4): each division's center and the workstations, their
monthly on-site services (two center-months always left unserved, one served late) and the assistance requests."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta

from ipo_clients.demo.firms import REGIONS
from ipo_clients.demo.plan import Plan, Step
from ipo_clients.demo.vocabulary import CITY, SLUG
from ipo_clients.demo.world import (
    World, in_year, iso, later, month_first, month_last, office_moment, weekday_between,
)

SERVICE = "enforcement"

EXISTING_STATIONS = (
    ("420100", "东湖高新区知识产权维权援助工作站"), ("420100", "武汉经济技术开发区知识产权维权援助工作站"),
    ("420600", "襄阳高新区知识产权维权援助工作站"), ("420500", "宜昌高新区知识产权维权援助工作站"),
    ("420100", "临空港经济技术开发区知识产权维权援助工作站"), ("421000", "荆州开发区知识产权维权援助工作站"),
    ("420100", "江夏区知识产权维权援助工作站"),
)
OPENING_STATIONS = (
    ("420100", "光谷生物城知识产权维权援助工作站"), ("420900", "孝感高新区知识产权维权援助工作站"),
    ("420300", "十堰汽车产业知识产权维权援助工作站"), ("421100", "黄冈高新区知识产权维权援助工作站"),
    ("420100", "武汉长江新区知识产权维权援助工作站"),
)
ONSITE_SUMMARIES = (
    "上门指导专利布局与维权取证", "走访企业了解侵权线索，讲解维权援助流程", "开展商标侵权风险排查",
    "指导企业应对电商平台侵权投诉", "宣讲知识产权保护政策并收集企业诉求", "协助企业建立知识产权纠纷应对预案",
)


def division_name(region: str) -> str:
    return {"422800": "恩施州", "429021": "神农架林区"}.get(region, f"{CITY[region]}市")


@dataclass
class Center:
    center_id: str
    region: str
    registered: Step
    registered_on: date
    closed_on: date | None = None

    def open_between(self, start: date, end: date) -> tuple[date, date] | None:
        """The part of start..end the center is open, or None."""
        lo = max(start, self.registered_on)
        hi = min(end, self.closed_on) if self.closed_on else end
        return (lo, hi) if lo <= hi else None


def plan_assistance(world: World, plan: Plan) -> None:
    centers = _assistance_centers(world, plan)
    _onsite_services(world, plan, centers)
    _assistance_requests(world, plan, centers)


def _register_center(world: World, plan: Plan, region: str, name: str, number: int, registered_on) -> Center:
    center_id = f"{SLUG[region]}-{number:02d}-{world.tag}"
    step = plan.add(SERVICE, 4, "assistance center registered", "/v1/assistance-centers",
                    {"center_id": center_id, "name": name, "region": region, "registered_on": iso(registered_on)},
                    day=registered_on, region=region, stream=f"center:{center_id}")
    return Center(center_id, region, step, registered_on)


def _assistance_centers(world: World, plan: Plan) -> list[Center]:
    rng = world.rng("assistance-centers")
    centers = []
    for number, region in enumerate(REGIONS, start=1):  # every division's center, running for years
        registered_on = weekday_between(rng, month_first(world.year - 6, 1), month_last(world.year - 2, 12))
        centers.append(_register_center(world, plan, region, f"{division_name(region)}知识产权维权援助中心", number, registered_on))
    s = min(world.scale, 1.0)
    stations = []
    for region, name in EXISTING_STATIONS[: max(2, math.ceil(len(EXISTING_STATIONS) * s))]:
        registered_on = weekday_between(rng, month_first(world.year - 4, 1), month_last(world.year - 1, 6))
        stations.append(_register_center(world, plan, region, name, len(centers) + len(stations) + 1, registered_on))
    for region, name in OPENING_STATIONS[: world.count(3)]:  # opening during the year
        registered_on = in_year(rng, world, 2, 9)
        centers.append(_register_center(world, plan, region, name, len(centers) + len(stations) + 1, registered_on))
    for station in rng.sample(stations, min(len(stations), world.count(2))):  # a few close during the year
        station.closed_on = month_last(world.year, rng.randint(5, 10))
        plan.add(SERVICE, 4, "assistance center closed", f"/v1/assistance-centers/{station.center_id}/closure",
                 {"closed_on": iso(station.closed_on)}, day=station.closed_on, region=station.region,
                 after=(station.registered,), stream=f"center:{station.center_id}")
    return centers + stations


def _served(world: World, rng: random.Random, region: str) -> list[dict]:
    first = world.firms.pick(rng, region=region, private=True)
    others = world.firms.several(rng, rng.choice((0, 0, 1, 1, 2, 3)), region=region, private_share=0.7)
    return [f.body() for f in [first, *[o for o in others if o.uscc != first.uscc]]]


def _onsite_services(world: World, plan: Plan, centers: list[Center]) -> None:
    rng = world.rng("onsite-services")
    recorded: list[tuple[Step, bool]] = []  # the service, and whether its month has another one
    missed: list[tuple[Center, int]] = []
    # two division centers' months go unserved whatever chance says: one is found later in a paper ledger (below),
    # so the year always has a center-month recorded late and one that stays missed (T04, /v1/completeness)
    pick = world.rng("unserved-center-months")
    forced = {(c.center_id, pick.randint(2, 10)) for c in pick.sample(centers[: len(REGIONS)], 2)}
    for center in centers:
        for month in range(1, 13):
            first, last = month_first(world.year, month), month_last(world.year, month)
            window = center.open_between(first, last)
            if window is None:
                continue
            due = window == (first, last)
            chance = rng.random() if due else 1.0
            if due and ((center.center_id, month) in forced or chance < 0.08):
                missed.append((center, month))
                continue
            if not due and rng.random() < 0.5:
                continue
            times = 2 if rng.random() < 0.25 else 1
            for _ in range(times):
                day = weekday_between(rng, *window)
                step = plan.add(SERVICE, 4, "on-site service", "/v1/onsite-services",
                                {"center_id": center.center_id, "occurred_on": iso(day),
                                 "enterprises": _served(world, rng, center.region), "summary": rng.choice(ONSITE_SUMMARIES)},
                                day=day, region=center.region, after=(center.registered,))
                recorded.append((step, times > 1))
    doubled = [s for s, twice in recorded if twice] or [s for s, _ in recorded]
    for step in rng.sample(doubled, min(len(doubled), world.count(4))):
        plan.add(SERVICE, 4, "on-site service retracted", "/v1/onsite-services/{}/retraction",
                 {"reason": "与同月已录入的上门服务记录重复"}, day=later(step.day, rng.randint(10, 40)),
                 region=step.region, on=step.ref("service_id"))
    for center, month in missed[: max(1, len(missed) // 3)]:  # found in a paper ledger and recorded late
        day = weekday_between(rng, month_first(world.year, month), month_last(world.year, month))
        plan.add(SERVICE, 4, "on-site service (recorded late)", "/v1/onsite-services",
                 {"center_id": center.center_id, "occurred_on": iso(day), "enterprises": _served(world, rng, center.region),
                  "summary": "补录：" + rng.choice(ONSITE_SUMMARIES)},
                 day=day, region=center.region, after=(center.registered,), late=True)


def _assistance_requests(world: World, plan: Plan, centers: list[Center]) -> None:
    rng = world.rng("assistance-requests")
    channels = ("hotline_12330", "phone", "walk_in", "online", "letter", "onsite", "referral")
    summaries = ("电商平台商标侵权投诉，请求维权指导", "发现展会上有企业仿冒其外观设计专利", "咨询专利侵权诉讼取证方法",
                 "被诉侵犯实用新型专利，请求应诉指导", "商标被抢注，咨询无效宣告程序")
    for _ in range(world.count(80, 3)):
        center = rng.choice(centers)
        window = center.open_between(world.first, world.last)
        if window is None:
            continue
        day = weekday_between(rng, *window)
        received_at = office_moment(day, rng.randint(8, 16), rng.randrange(0, 60, 5))
        firm = world.firms.pick(rng, region=center.region if rng.random() < 0.8 else None, private=rng.random() < 0.75)
        received = plan.add(SERVICE, 4, "assistance request received", "/v1/assistance-requests",
                            {"center_id": center.center_id, "enterprise": firm.body(), "channel": rng.choice(channels),
                             "received_at": received_at.isoformat(), "summary": rng.choice(summaries)},
                            day=day, region=center.region, after=(center.registered,), moment=received_at)
        if rng.random() < 0.05:
            continue  # not answered yet
        responded_at = received_at + timedelta(minutes=rng.choice((10, 20, 30, 45, 60, 120, 240, 1440, 2880)))
        plan.add(SERVICE, 4, "assistance request answered", "/v1/assistance-requests/{}/first-response",
                 {"responded_at": responded_at.isoformat()}, day=responded_at.date(), region=center.region,
                 on=received.ref("request_id"), moment=responded_at)
        if rng.random() < 0.8:
            resolved_at = responded_at + timedelta(days=rng.randint(1, 30), hours=rng.randint(0, 6))
            plan.add(SERVICE, 4, "assistance request resolved", "/v1/assistance-requests/{}/resolution",
                     {"resolved_at": resolved_at.isoformat(), "summary": "协助企业完成取证并提交投诉，已反馈处理结果"},
                     day=resolved_at.date(), region=center.region, on=received.ref("request_id"), moment=resolved_at)
