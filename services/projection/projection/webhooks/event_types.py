"""The event types a webhook subscription may ask for, in the office's words, and which notices a subscription hears.

A subscription names the types it wants (`event_types`; `attainment.status_changed` alone when left out, as every
subscription heard before the other types existed). Its filter then narrows them:

- `regions`: the area a notice is about (420000 the province as a whole: its status, its outlook, its own period;
  a division's code that division);
- `targets`: only notices about a target (a status, an outlook, an unserved center-month, which is T04's); period
  steps, restatements and the other missing items are chosen by type and region alone.

A `Notice` is what the watcher found, before it is stored: `key` names it among the notices of its type
(`webhooks.notices`), so that it is stored, and notified, once. A notice with a `value` (an outlook's
likely_status) is a change: its key is kept with the last value seen, the first one a baseline notifying nobody.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Sequence

STATUS_CHANGED = "attainment.status_changed"
PERIOD_SUBMITTED = "period.submitted"
PERIOD_APPROVED = "period.approved"
PERIOD_RETURNED = "period.returned"
PERIOD_REOPENED = "period.reopened"
PERIOD_RESTATED = "period.restated"
QUALITY_MISSING = "quality.missing"
OUTLOOK_CHANGED = "outlook.changed"

# type -> (中文, English): what a notification of that type says
EVENT_TYPES: dict[str, tuple[str, str]] = {
    STATUS_CHANGED: ("目标状态变化（如进行中变为有风险）", "a target's status changed (e.g. on_track to at_risk)"),
    PERIOD_SUBMITTED: ("地区报送了报送期", "a region submitted a reporting period"),
    PERIOD_APPROVED: ("报送期审核通过", "a reporting period was approved"),
    PERIOD_RETURNED: ("报送期被退回", "a reporting period was returned to its region"),
    PERIOD_REOPENED: ("已通过的报送期被重新打开", "an approved reporting period was reopened"),
    PERIOD_RESTATED: ("审核通过后新记录（或撤回）的记录改变了已通过报送期的数字（更正）",
                      "a record recorded (or retracted) after an approval changes the approved period's figures (a restatement)"),
    QUALITY_MISSING: ("应有而缺失的记录（月末前 7 天仍未上门服务的中心、未办结的培训、超期未答复的请求、连续无记录的地区）",
                      "something expected is missing (a center unserved 7 days before its month's end, a training "
                      "without completion, a request unanswered, a region silent on a measure)"),
    OUTLOOK_CHANGED: ("目标年底预测的可能结果（likely_status）变化", "a target's year-end outlook (likely_status) changed"),
}
DEFAULT_TYPES = (STATUS_CHANGED,)
PERIOD_STEPS = {  # the period event's type -> the notification type
    "projection.PeriodSubmitted.v1": PERIOD_SUBMITTED,
    "projection.PeriodApproved.v1": PERIOD_APPROVED,
    "projection.PeriodReturned.v1": PERIOD_RETURNED,
    "projection.PeriodReopened.v1": PERIOD_REOPENED,
}
PERIOD_STATES = {  # the notification type -> the period's state after the step
    PERIOD_SUBMITTED: "submitted", PERIOD_APPROVED: "approved", PERIOD_RETURNED: "returned", PERIOD_REOPENED: "reopened",
}
PAIRED = {STATUS_CHANGED, OUTLOOK_CHANGED}  # about a (target, area) that has a status
NAMING_RECORDS = {PERIOD_RESTATED, QUALITY_MISSING}  # name records (a center, a training, a request) of their region


def described(event_type: str) -> str:
    zh, en = EVENT_TYPES[event_type]
    return f"{zh}；{en}"

EventType = Literal[tuple(EVENT_TYPES)]  # type: ignore[valid-type]


@dataclass(frozen=True)
class Notice:
    """One thing to notify, before it is stored: its type, the baseline key that makes it once, whom it is about."""

    type: str
    key: str
    year: int
    region: str
    data: dict[str, Any]
    target: str | None = None  # the target it is about, where it is about one
    subject: str | None = None  # what it is about, for the deliveries list
    previous_status: str | None = None
    status: str | None = None
    value: str | None = None  # what the baseline keeps (an outlook's likely_status)


@dataclass(frozen=True)
class Selection:
    """What one subscription hears (or, at its registration, what its fresh baseline covers)."""

    types: frozenset[str] = field(default_factory=lambda: frozenset(DEFAULT_TYPES))
    targets: tuple[str, ...] | None = None
    regions: tuple[str, ...] | None = None

    @classmethod
    def of(cls, types: Sequence[str] | None, targets: Sequence[str] | None, regions: Sequence[str] | None) -> "Selection":
        return cls(frozenset(types or DEFAULT_TYPES), tuple(targets) if targets else None, tuple(regions) if regions else None)

    def wants_type(self, *types: str) -> bool:
        return any(t in self.types for t in types)

    def pairs(self, event_type: str) -> set[tuple[str, str]]:
        """The (target, area) pairs it watches for a paired type (statuses, outlooks)."""
        from projection.webhooks import watched

        return watched.pairs(self.targets, self.regions) if event_type in self.types else set()

    def wants(self, notice: Notice) -> bool:
        if notice.type not in self.types:
            return False
        if self.regions is not None and notice.region not in self.regions:
            return False
        return notice.target is None or self.targets is None or notice.target in self.targets


def wanted(selections: Sequence[Selection], notice: Notice) -> bool:
    return any(s.wants(notice) for s in selections)
