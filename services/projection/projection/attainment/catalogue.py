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
    stretch: float | None = None
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
    ]
}
