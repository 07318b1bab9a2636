"""The targets of the policy, as data: adding a target (or another year's policy) is a new entry here.

Each entry says what is compared with what; the calculators in this package compute the actual figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

POLICY = "鄂知发〔2019〕1号"


@dataclass(frozen=True)
class Target:
    id: str
    measure: int
    title_zh: str
    title_en: str
    kind: Literal["share", "count", "trend"]
    comparator: Literal[">=", ">"]
    threshold: float | None  # None when it depends on the data (a trend against the previous year)
    stretch: float | None = None  # a higher value the seed also names ("1-2"): reported in detail
    regional: bool = False  # whether the rule applies to a single region as it stands
    rule: str = ""
    policy: str = POLICY


CATALOGUE: dict[str, Target] = {
    t.id: t
    for t in [
        Target(
            id="T04",
            measure=4,
            title_zh="维权援助中心每月至少一次上门服务民营企业",
            title_en="Each assistance center serves private enterprises on site at least once a month",
            kind="share",
            comparator=">=",
            threshold=1.0,
            regional=True,
            rule="For each center and each month it is due (registered on or before the month's first day, not "
            "closed before its last day): at least one on-site service to a private enterprise dated in that "
            "month. Actual: met center-months / due center-months, over the months completed by as_of.",
        ),
        Target(
            id="T09a",
            measure=9,
            title_zh="每年至少举办1-2场知识产权质押融资银企对接活动",
            title_en="At least 1-2 pledge-financing matchmaking events a year",
            kind="count",
            comparator=">=",
            threshold=1,
            stretch=2,
            rule="Pledge-financing matchmaking events held (dated by the day held) from 1 January to as_of, province-wide; "
            "a retracted event does not count from the moment its retraction was recorded. Met at 1; the stretch "
            "value 2 is in detail. A division's report gives its own count, without threshold or status.",
        ),
        Target(
            id="T09b",
            measure=9,
            title_zh="民营企业知识产权质押融资项目占比超过50%",
            title_en="More than 50% of pledge-financing projects are private enterprises'",
            kind="share",
            comparator=">",
            threshold=0.5,
            regional=True,
            rule="Pledge-financing projects registered from 1 January to as_of whose enterprise was private in the "
            "registration event, divided by all projects registered then (retracted ones excluded). Strictly above "
            "0.5: exactly half is not met. detail also gives the share by amount (amount_share). With no project "
            "registered the share is undefined: actual null, status not_due. Applies to a division as it stands.",
        ),
        Target(
            id="T11",
            measure=11,
            title_zh="提高国家知识产权优势、示范企业中民营企业的比例",
            title_en="Raise the private share among national IP advantage and demonstration enterprises",
            kind="trend",
            comparator=">",
            threshold=None,
            rule="Enterprises recognised at a national level (national_advantage, national_demonstration) with a "
            "recognition dated from 1 January to as_of; actual: those that were private in a recognition event, "
            "divided by all of them (each enterprise once). Threshold: the same share over the whole previous year, "
            "as known at known_at; the actual must be strictly higher. When the previous year had no national "
            "recognition, the threshold is 0.0 (no private enterprise was recognised then): any private national "
            "recognition this year raises the share, none does not. With no national recognition this year the "
            "share is undefined: actual null, status not_due. A division's report gives its own share, without "
            "threshold or status.",
        ),
        Target(
            id="T19",
            measure=19,
            title_zh="每年至少举办1-2场专利费减等政策宣讲会",
            title_en="At least 1-2 patent-fee-reduction policy briefings for private enterprises a year",
            kind="count",
            comparator=">=",
            threshold=1,
            stretch=2,
            rule="Briefings on topic patent_fee_reduction for the audience private_enterprises held from 1 January to "
            "as_of, province-wide (retracted ones excluded). Met at 1; the stretch value 2 is in detail. A division's "
            "report gives its own count, without threshold or status.",
        ),
        Target(
            id="T20",
            measure=20,
            title_zh="专利审查员、专利代理师走访民营企业每年不少于100人次",
            title_en="Patent examiners and attorneys visit private enterprises at least 100 person-times a year",
            kind="count",
            comparator=">=",
            threshold=100,
            rule="Person-times of patent examiners and patent attorneys (each person on each visit once) on visits "
            "from 1 January to as_of to enterprises that were private in the visit's record (retracted visits "
            "excluded). detail also gives the visits and the distinct private enterprises visited. A division's "
            "report gives its own person-times, without threshold or status.",
        ),
        Target(
            id="T22a",
            measure=22,
            title_zh="每年举办民营企业知识产权培训班不少于10期",
            title_en="At least 10 training classes for private enterprises a year",
            kind="count",
            comparator=">=",
            threshold=10,
            rule="Trainings of format class for the audience private_enterprises that were held (a completion is "
            "recorded), dated by the day they finished, from 1 January to as_of; planned, cancelled and retracted "
            "ones do not count. A division's report gives its own count, without threshold or status.",
        ),
        Target(
            id="T22b",
            measure=22,
            title_zh="每年培训民营企业人员不少于1000人次",
            title_en="At least 1,000 trainee person-times for private enterprises a year",
            kind="count",
            comparator=">=",
            threshold=1000,
            rule="Trainee person-times of trainings of any format for the audience private_enterprises that were held, "
            "dated by the day they finished, from 1 January to as_of (retracted ones excluded). A division's report "
            "gives its own person-times, without threshold or status.",
        ),
    ]
}
