"""The validation rules, as data: adding a rule is a new entry here and its query in `flags.py`.

Each rule names what it checks (Chinese and English), the kind of record it reads and its threshold. A rule
flags a record for a person to look at; it never refuses or changes one (the record may be right). Thresholds
that are settings (`PROJECTION_OUTLIER_Z`, `PROJECTION_LATE_RECORD_DAYS`) are filled in from them when the
flags are computed (`thresholds`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from projection.settings import ProjectionSettings


@dataclass(frozen=True)
class Rule:
    id: str
    zh: str
    en: str
    record_kind: str  # what a flagged record is
    threshold: dict[str, Any] = field(default_factory=dict)  # fixed parts; settings are added by `thresholds`
    settings: tuple[str, ...] = ()  # the settings that are part of the threshold


RULES: dict[str, Rule] = {
    r.id: r
    for r in [
        Rule("Q01", "培训每天人次超过上限", "Trainee person-times per training day above a bound", "training",
             {"max_person_times_per_day": 500}),
        Rule("Q02", "培训人次超过同类形式中位数的 10 倍（且修正 z 分数超过阈值）",
             "Trainee person-times above 10 times the median of its format (and a modified z-score above the threshold)",
             "training", {"factor": 10}, ("outlier_z",)),
        Rule("Q03", "一次走访的审查员人数多于此前任何一次走访", "More examiners on a visit than on any visit before it",
             "examiner-visit"),
        Rule("Q04", "质押融资金额超过中位数的 100 倍（且修正 z 分数超过阈值）",
             "A pledge amount above 100 times the median (and a modified z-score above the threshold)",
             "pledge-project", {"factor": 100}, ("outlier_z",)),
        Rule("Q05", "同一企业在不同记录中的所有制不一致", "An enterprise whose ownership differs between records", "enterprise"),
        Rule("Q06", "上门服务日期为周末或法定节假日（按国务院调休安排）",
             "An on-site service dated on a weekend or a public holiday (with China's adjusted working days)",
             "onsite-service"),
        Rule("Q07", "记录日期远早于记录时间", "A record dated long before it was recorded", "activity", {},
             ("late_record_days",)),
    ]
}


def thresholds(rule: Rule, settings: ProjectionSettings) -> dict[str, Any]:
    return {**rule.threshold, **{name: getattr(settings, name) for name in rule.settings}}


def describe(rule: Rule) -> dict[str, str]:
    return {"id": rule.id, "zh": rule.zh, "en": rule.en}
