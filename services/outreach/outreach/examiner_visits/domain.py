"""Measure 20: patent examiners and patent attorneys visit an enterprise ("thousand private enterprises face to face").

T20 counts person-times on visits to private enterprises (each person on each visit once), and the directory of
private enterprises follows from the visited ones; so every visit carries its date, the enterprise with its
ownership at the time, and how many examiners and attorneys took part (with their names where given).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from kernel.aggregate import AggregateType
from kernel.domain.dates import require_not_future
from kernel.domain.enterprise import Enterprise
from kernel.domain.regions import Region
from kernel.domain.rules import require_retractable
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict, DomainRuleViolated


class ExaminerVisitMade(DomainEvent, source="outreach"):
    visit_id: str
    occurred_on: date
    region: Region  # the visited enterprise's region, where the visit took place
    enterprise: Enterprise
    examiners: int
    attorneys: int
    person_times: int  # examiners + attorneys: each person on this visit counted once
    examiner_names: list[str] | None
    attorney_names: list[str] | None
    organiser: str
    summary: str


class ExaminerVisitRetracted(DomainEvent, source="outreach"):
    visit_id: str
    reason: str
    retracted_on: date


@dataclass(frozen=True)
class ExaminerVisit:
    visit_id: str | None = None
    occurred_on: date | None = None
    region: str = ""
    enterprise: Enterprise | None = None
    examiners: int = 0
    attorneys: int = 0
    examiner_names: tuple[str, ...] | None = None
    attorney_names: tuple[str, ...] | None = None
    organiser: str = ""
    summary: str = ""
    retracted_on: date | None = None
    retraction_reason: str | None = None

    @property
    def recorded(self) -> bool:
        return self.visit_id is not None

    @property
    def person_times(self) -> int:
        return self.examiners + self.attorneys


def _names(names: list[str] | None) -> tuple[str, ...] | None:
    return None if names is None else tuple(names)


def apply(state: ExaminerVisit, event: DomainEvent) -> ExaminerVisit:
    match event:
        case ExaminerVisitMade():
            return ExaminerVisit(
                event.visit_id, event.occurred_on, event.region, event.enterprise, event.examiners, event.attorneys,
                _names(event.examiner_names), _names(event.attorney_names), event.organiser, event.summary,
            )
        case ExaminerVisitRetracted():
            return replace(state, retracted_on=event.retracted_on, retraction_reason=event.reason)
    return state


EXAMINER_VISIT = AggregateType("examiner-visit", ExaminerVisit, apply)


_COUNTED_ZH = {"examiners": "审查员人数", "attorneys": "代理师人数"}


def _check_names(field: str, count_field: str, names: list[str] | None, count: int) -> None:
    if names is None:
        return
    seen: set[str] = set()
    for index, name in enumerate(names):
        if name in seen:
            raise DomainRuleViolated(f"{field}.{index}", Bilingual(f"{name} 被列了两次：每人在一次走访中只计一次",
                                                                   f"{name} is named twice: each person takes part in a visit once"))
        seen.add(name)
    if len(names) != count:
        raise DomainRuleViolated(field, Bilingual(f"列出了 {len(names)} 人，但{_COUNTED_ZH[count_field]}（{count_field}）为 {count}", f"names {len(names)} people but {count_field} is {count}"))


def make(
    state: ExaminerVisit,
    *,
    visit_id: str,
    occurred_on: date,
    enterprise: Enterprise,
    examiners: int,
    attorneys: int,
    examiner_names: list[str] | None = None,
    attorney_names: list[str] | None = None,
    organiser: str = "",
    summary: str = "",
    today: date,
) -> list[DomainEvent]:
    if state.recorded:
        raise Conflict(Bilingual(f"审查员走访 {visit_id} 已记录", f"examiner visit {visit_id} is already recorded"), field="visit_id")
    require_not_future("occurred_on", occurred_on, on=today)
    for field, value in (("examiners", examiners), ("attorneys", attorneys)):
        if value < 0:
            raise DomainRuleViolated(field, Bilingual("不能为负数", "cannot be negative"))
    if examiners + attorneys == 0:
        raise DomainRuleViolated("examiners", Bilingual("一次走访至少须有一名专利审查员或专利代理师", "a visit needs at least one patent examiner or patent attorney"))
    _check_names("examiner_names", "examiners", examiner_names, examiners)
    _check_names("attorney_names", "attorneys", attorney_names, attorneys)
    for index, name in enumerate(attorney_names or []):
        if name in (examiner_names or []):
            raise DomainRuleViolated(f"attorney_names.{index}", Bilingual(f"{name} 在本次走访中也被列为审查员", f"{name} is also named as an examiner on this visit"))
    return [
        ExaminerVisitMade(
            visit_id=visit_id, occurred_on=occurred_on, region=enterprise.region, enterprise=enterprise,
            examiners=examiners, attorneys=attorneys, person_times=examiners + attorneys,
            examiner_names=examiner_names, attorney_names=attorney_names, organiser=organiser, summary=summary,
        )
    ]


def retract(state: ExaminerVisit, *, visit_id: str, reason: str, today: date) -> list[DomainEvent]:
    require_retractable(recorded=state.recorded, retracted_on=state.retracted_on, what="examiner visit", identifier=visit_id)
    return [ExaminerVisitRetracted(visit_id=visit_id, reason=reason, retracted_on=today)]
