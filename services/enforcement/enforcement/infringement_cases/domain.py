"""Measure 1: administrative infringement cases, opened and closed, with the right holder as the enterprise it was."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from kernel.domain.rules import require_on_or_after
from enforcement.parties import NamedParty, RightKind
from kernel.aggregate import AggregateType
from kernel.domain.dates import require_not_future
from kernel.domain.enterprise import Enterprise
from kernel.domain.regions import Region
from kernel.domain.vocabulary import LabelledEnum
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict, DomainRuleViolated, NotFound


class CaseOutcome(LabelledEnum):
    PENALTY = "penalty", "行政处罚", "penalty"
    SETTLED = "settled", "和解", "settled"
    DISMISSED = "dismissed", "不予处罚", "dismissed"
    TRANSFERRED = "transferred", "移送", "transferred"


class InfringementCaseOpened(DomainEvent, source="enforcement"):
    case_id: str
    region: Region  # the bureau handling the case
    right_holder: Enterprise
    infringer: NamedParty | None
    right_kind: RightKind
    joint_action: bool  # investigated together with other departments
    opened_on: date
    summary: str


class InfringementCaseClosed(DomainEvent, source="enforcement"):
    case_id: str
    region: Region
    right_holder: Enterprise
    right_kind: RightKind
    joint_action: bool
    opened_on: date
    closed_on: date
    outcome: CaseOutcome
    fine_amount_cny: int | None


@dataclass(frozen=True)
class InfringementCase:
    case_id: str | None = None
    region: str = ""
    right_holder: Enterprise | None = None
    infringer: NamedParty | None = None
    right_kind: str = ""
    joint_action: bool = False
    opened_on: date | None = None
    summary: str = ""
    closed_on: date | None = None
    outcome: str | None = None
    fine_amount_cny: int | None = None

    @property
    def opened(self) -> bool:
        return self.case_id is not None


def apply(state: InfringementCase, event: DomainEvent) -> InfringementCase:
    match event:
        case InfringementCaseOpened():
            return InfringementCase(
                event.case_id, event.region, event.right_holder, event.infringer, event.right_kind,
                event.joint_action, event.opened_on, event.summary,
            )
        case InfringementCaseClosed():
            return replace(state, closed_on=event.closed_on, outcome=event.outcome, fine_amount_cny=event.fine_amount_cny)
    return state


INFRINGEMENT_CASE = AggregateType("infringement-case", InfringementCase, apply)


def open_case(
    state: InfringementCase, *, case_id: str, region: Region, right_holder: Enterprise, infringer: NamedParty | None,
    right_kind: RightKind, joint_action: bool, opened_on: date, summary: str, today: date,
) -> list[DomainEvent]:
    if state.opened:
        raise Conflict(Bilingual(f"侵权案件 {case_id} 已立案", f"infringement case {case_id} is already open"), field="case_id")
    require_not_future("opened_on", opened_on, on=today)
    if infringer is not None and infringer.uscc is not None and infringer.uscc == right_holder.uscc:
        raise DomainRuleViolated("infringer.uscc", Bilingual("就是权利人本身", "is the right holder itself"))
    return [
        InfringementCaseOpened(
            case_id=case_id, region=region, right_holder=right_holder, infringer=infringer, right_kind=right_kind,
            joint_action=joint_action, opened_on=opened_on, summary=summary,
        )
    ]


def close_case(
    state: InfringementCase, *, case_id: str, closed_on: date, outcome: CaseOutcome, fine_amount_cny: int | None, today: date,
) -> list[DomainEvent]:
    if not state.opened:
        raise NotFound("infringement case", case_id)
    if state.closed_on is not None:
        raise Conflict(Bilingual(f"侵权案件 {case_id} 已于 {state.closed_on.isoformat()} 结案，不能再次结案",
                                  f"infringement case {case_id} already closed on {state.closed_on.isoformat()}"), field="closed_on")
    require_not_future("closed_on", closed_on, on=today)
    assert state.opened_on is not None and state.right_holder is not None
    require_on_or_after("closed_on", closed_on, state.opened_on, ("案件立案之日", "the case opened"))
    if fine_amount_cny is not None and outcome is not CaseOutcome.PENALTY:
        raise DomainRuleViolated("fine_amount_cny", Bilingual(
            f"只有结果为 penalty（{CaseOutcome.PENALTY.zh}）时才有罚没金额，本案结果为 {outcome.value}（{outcome.zh}）",
            f"a fine goes only with the outcome 'penalty', not {outcome.value!r}"))
    return [
        InfringementCaseClosed(
            case_id=case_id, region=state.region, right_holder=state.right_holder, right_kind=state.right_kind,
            joint_action=state.joint_action, opened_on=state.opened_on, closed_on=closed_on, outcome=outcome,
            fine_amount_cny=fine_amount_cny,
        )
    ]
