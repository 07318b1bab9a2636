"""Measure 17: cases before the IP dispute people's mediation committee: received, mediated, closed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from kernel.domain.rules import require_distinct, require_on_or_after
from kernel.aggregate import AggregateType
from kernel.domain.dates import require_not_future
from kernel.domain.enterprise import Enterprise
from kernel.domain.regions import Region
from kernel.domain.text import Name
from kernel.domain.vocabulary import LabelledEnum
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict, DomainRuleViolated, NotFound


class PartyRole(LabelledEnum):
    APPLICANT = "applicant", "申请人", "applicant"
    RESPONDENT = "respondent", "被申请人", "respondent"


class Party(BaseModel):
    """A party to a dispute: an enterprise (as the enterprise object), or a person or body known by name."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: PartyRole
    enterprise: Enterprise | None = Field(default=None, description="The party, where it is an enterprise.")
    name: Name | None = Field(default=None, description="The party's name, where it is not an enterprise.")

    @model_validator(mode="after")
    def _one_identity(self) -> Self:
        if (self.enterprise is None) == (self.name is None):
            raise ValueError("须给出 `enterprise` 或 `name` 之一，不能两者都给或都不给；give either `enterprise` or `name`, not both or neither")
        return self


class MediationOutcome(LabelledEnum):
    AGREED = "agreed", "达成协议", "agreed"
    FAILED = "failed", "调解不成", "failed"
    WITHDRAWN = "withdrawn", "撤回", "withdrawn"


class MediationCaseReceived(DomainEvent, source="enforcement"):
    case_id: str
    region: Region
    parties: list[Party]
    received_on: date
    summary: str


class MediationSessionHeld(DomainEvent, source="enforcement"):
    case_id: str
    region: Region
    parties: list[Party]
    held_on: date


class MediationCaseClosed(DomainEvent, source="enforcement"):
    case_id: str
    region: Region
    parties: list[Party]
    received_on: date
    closed_on: date
    outcome: MediationOutcome
    sessions: int


@dataclass(frozen=True)
class MediationCase:
    case_id: str | None = None
    region: str = ""
    parties: tuple[Party, ...] = ()
    received_on: date | None = None
    summary: str = ""
    sessions: tuple[date, ...] = ()
    closed_on: date | None = None
    outcome: str | None = None

    @property
    def received(self) -> bool:
        return self.case_id is not None


def apply(state: MediationCase, event: DomainEvent) -> MediationCase:
    match event:
        case MediationCaseReceived():
            return MediationCase(event.case_id, event.region, tuple(event.parties), event.received_on, event.summary)
        case MediationSessionHeld():
            return replace(state, sessions=(*state.sessions, event.held_on))
        case MediationCaseClosed():
            return replace(state, closed_on=event.closed_on, outcome=event.outcome)
    return state


MEDIATION_CASE = AggregateType("mediation-case", MediationCase, apply)


def receive(state: MediationCase, *, case_id: str, region: Region, parties: list[Party], received_on: date, summary: str, today: date) -> list[DomainEvent]:
    if state.received:
        raise Conflict(Bilingual(f"调解案件 {case_id} 已收案", f"mediation case {case_id} is already received"), field="case_id")
    roles = {p.role for p in parties}
    if roles != {PartyRole.APPLICANT, PartyRole.RESPONDENT}:
        raise DomainRuleViolated("parties", Bilingual("纠纷至少须有一名申请人和一名被申请人", "a dispute needs at least one applicant and one respondent"))
    require_distinct("parties", parties, key=lambda p: p.enterprise.uscc if p.enterprise else None,
                     label=lambda p: p.enterprise.uscc, at=".enterprise.uscc")
    require_not_future("received_on", received_on, on=today)
    return [MediationCaseReceived(case_id=case_id, region=region, parties=parties, received_on=received_on, summary=summary)]


def _open_case(state: MediationCase, case_id: str) -> None:
    if not state.received:
        raise NotFound("mediation case", case_id)
    if state.closed_on is not None:
        raise Conflict(Bilingual(f"调解案件 {case_id} 已于 {state.closed_on.isoformat()} 结案", f"mediation case {case_id} closed on {state.closed_on.isoformat()}"), field="case_id")


def hold_session(state: MediationCase, *, case_id: str, held_on: date, today: date) -> list[DomainEvent]:
    _open_case(state, case_id)
    require_not_future("held_on", held_on, on=today)
    assert state.received_on is not None
    require_on_or_after("held_on", held_on, state.received_on, ("收案之日", "the case was received"))
    return [MediationSessionHeld(case_id=case_id, region=state.region, parties=list(state.parties), held_on=held_on)]


def close(state: MediationCase, *, case_id: str, closed_on: date, outcome: MediationOutcome, today: date) -> list[DomainEvent]:
    if state.received and state.closed_on is not None:
        raise Conflict(Bilingual(f"调解案件 {case_id} 已于 {state.closed_on.isoformat()} 结案，不能再次结案",
                                  f"mediation case {case_id} already closed on {state.closed_on.isoformat()}"), field="closed_on")
    _open_case(state, case_id)
    require_not_future("closed_on", closed_on, on=today)
    assert state.received_on is not None
    require_on_or_after("closed_on", closed_on, state.received_on, ("收案之日", "the case was received"))
    if state.sessions:
        require_on_or_after("closed_on", closed_on, max(state.sessions), ("最后一次调解之日", "the last mediation session"))
    elif outcome is not MediationOutcome.WITHDRAWN:
        raise DomainRuleViolated("outcome", Bilingual(
            f"结果为 {outcome.value}（{outcome.zh}）须先经过一次调解；未经调解的案件只能以 withdrawn（{MediationOutcome.WITHDRAWN.zh}）结案",
            f"{outcome.value!r} needs a mediation session first; only 'withdrawn' closes an unmediated case"))
    return [MediationCaseClosed(case_id=case_id, region=state.region, parties=list(state.parties), received_on=state.received_on,
                                closed_on=closed_on, outcome=outcome, sessions=len(state.sessions))]
