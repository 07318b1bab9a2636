"""What the load writes: valid records of several kinds on each command service, and changes to earlier ones.

A kind either creates a record (optionally naming one created before, as an on-site service names its
assistance center) or changes a record created before (a retraction, a training's completion); a changed
record is changed once. Every body is built from the write's number and a seeded random generator, so a run is
repeatable, and every enterprise gets a credit code of its own that passes the GB 32100-2015 check.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Callable

from kernel.domain.enterprise import uscc_check_character

REGIONS = ("420100", "420500", "420600", "420900", "421000")
OWNERSHIPS = ("private", "private", "private", "state_owned", "foreign_invested")

Body = Callable[[int, random.Random, "str | None"], dict[str, Any]]


def uscc(n: int) -> str:
    first17 = f"91420100{n % 10**9:09d}"
    return first17 + uscc_check_character(first17)


def enterprise(n: int, rng: random.Random) -> dict[str, str]:
    return {"uscc": uscc(n), "name": f"湖北第{n}号科技有限公司", "ownership": rng.choice(OWNERSHIPS),
            "region": rng.choice(REGIONS)}


def day(rng: random.Random, months: tuple[int, int] = (1, 12)) -> str:
    return f"2019-{rng.randint(*months):02d}-{rng.randint(1, 28):02d}"


@dataclass(frozen=True)
class Kind:
    service: str
    name: str
    path: str  # "{id}" is the record a change acts on
    answer_id: str  # the field of the 201 answer naming the record
    body: Body
    weight: int
    refers_to: str | None = None  # a created kind this one names (kept for reuse)
    changes: str | None = None  # a created kind this one changes (each record once)

    def url_path(self, target: str | None) -> str:
        return self.path.replace("{id}", target) if target is not None else self.path


def _center(n: int, rng: random.Random, _: str | None) -> dict[str, Any]:
    return {"center_id": f"center-{n}", "name": f"知识产权维权援助工作站 {n}", "region": rng.choice(REGIONS),
            "registered_on": day(rng, (1, 1))}


def _onsite(n: int, rng: random.Random, center: str | None) -> dict[str, Any]:
    return {"center_id": center, "occurred_on": day(rng, (2, 12)), "enterprises": [enterprise(n, rng)],
            "summary": "上门指导专利布局与维权取证"}


def _retraction(n: int, rng: random.Random, _: str | None) -> dict[str, Any]:
    return {"reason": f"录入有误（第{n}次核查）"}


def _pledge(n: int, rng: random.Random, _: str | None) -> dict[str, Any]:
    return {"enterprise": enterprise(n, rng), "lender": rng.choice(["汉口银行光谷分行", "湖北银行", "中国银行湖北省分行"]),
            "amount_cny": rng.randint(10, 500) * 10_000, "registered_on": day(rng),
            "pledged_rights": [{"kind": "patent", "number": f"ZL2018{n % 10**6:06d}.{rng.randint(0, 9)}"}]}


def _matchmaking(n: int, rng: random.Random, _: str | None) -> dict[str, Any]:
    return {"occurred_on": day(rng), "region": rng.choice(REGIONS), "organiser": "市知识产权局",
            "enterprises_attending": [enterprise(n, rng)], "banks_attending": ["汉口银行", "湖北银行"]}


def _training(n: int, rng: random.Random, _: str | None) -> dict[str, Any]:
    month, first = rng.randint(1, 11), rng.randint(1, 25)
    return {"title": f"民营企业知识产权实务培训班 第{n}期", "region": rng.choice(REGIONS),
            "format": rng.choice(["class", "seminar", "special_topic", "online"]),
            "audience": rng.choice(["private_enterprises", "general"]), "partner": rng.choice([None, "WIPO"]),
            "starts_on": f"2019-{month:02d}-{first:02d}", "ends_on": f"2019-{month:02d}-{first + 2:02d}"}


def _completion(n: int, rng: random.Random, _: str | None) -> dict[str, Any]:
    return {"person_times": rng.randint(10, 300)}


def _recognition(n: int, rng: random.Random, _: str | None) -> dict[str, Any]:
    return {"enterprise": enterprise(n, rng), "recognized_on": day(rng),
            "level": rng.choice(["national_advantage", "national_demonstration", "provincial_demonstration"])}


def _briefing(n: int, rng: random.Random, _: str | None) -> dict[str, Any]:
    return {"occurred_on": day(rng), "region": rng.choice(REGIONS),
            "topic": rng.choice(["patent_fee_reduction", "priority_examination", "pledge_registration", "other"]),
            "audience": "private_enterprises", "attendance": rng.randint(20, 300)}


def _visit(n: int, rng: random.Random, _: str | None) -> dict[str, Any]:
    return {"occurred_on": day(rng), "enterprise": enterprise(n, rng), "examiners": rng.randint(1, 3),
            "attorneys": rng.randint(0, 2)}


KINDS = (
    Kind("enforcement", "center", "/v1/assistance-centers", "center_id", _center, 1),
    Kind("enforcement", "onsite", "/v1/onsite-services", "service_id", _onsite, 6, refers_to="center"),
    Kind("enforcement", "onsite-retraction", "/v1/onsite-services/{id}/retraction", "service_id", _retraction, 1,
         changes="onsite"),
    Kind("financing", "pledge", "/v1/pledge-projects", "project_id", _pledge, 4),
    Kind("financing", "matchmaking", "/v1/matchmaking-events", "event_id", _matchmaking, 2),
    Kind("financing", "pledge-retraction", "/v1/pledge-projects/{id}/retraction", "project_id", _retraction, 1,
         changes="pledge"),
    Kind("training", "training", "/v1/trainings", "training_id", _training, 4),
    Kind("training", "completion", "/v1/trainings/{id}/completion", "training_id", _completion, 2,
         changes="training"),
    Kind("training", "recognition", "/v1/demonstration-recognitions", "recognition_id", _recognition, 1),
    Kind("outreach", "briefing", "/v1/briefings", "briefing_id", _briefing, 4),
    Kind("outreach", "visit", "/v1/examiner-visits", "visit_id", _visit, 3),
    Kind("outreach", "briefing-retraction", "/v1/briefings/{id}/retraction", "briefing_id", _retraction, 1,
         changes="briefing"),
)
BY_NAME = {kind.name: kind for kind in KINDS}
