"""Measure 9, "investigate the financing needs": an enterprise's answer to a needs survey, and whether a
pledge-financing project later met that need."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from financing.pledge_projects.domain import PledgeProject
from financing.vocabulary import PledgedRight, require_distinct_rights
from kernel.aggregate import AggregateType, Loaded
from kernel.domain.dates import require_not_future
from kernel.domain.enterprise import Enterprise, require_as_recorded
from kernel.domain.regions import Region
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict, DomainRuleViolated, NotFound


class NeedsSurveyResponseRecorded(DomainEvent, source="financing"):
    response_id: str
    survey: str
    enterprise: Enterprise  # with its ownership when it answered
    region: Region
    responded_on: date
    amount_sought_cny: int
    rights_offered: list[PledgedRight]


class FinancingNeedMet(DomainEvent, source="financing"):
    response_id: str
    project_id: str
    enterprise: Enterprise
    region: Region
    met_on: date  # the day the meeting project was registered
    amount_sought_cny: int
    amount_cny: int  # the project's loan


class NeedsSurveyResponseRetracted(DomainEvent, source="financing"):
    response_id: str
    region: Region
    reason: str
    retracted_on: date


@dataclass(frozen=True)
class NeedsSurveyResponse:
    response_id: str | None = None
    survey: str = ""
    enterprise: Enterprise | None = None
    responded_on: date | None = None
    amount_sought_cny: int = 0
    rights_offered: tuple[PledgedRight, ...] = ()
    met_by_project: str | None = None
    met_on: date | None = None
    retracted_on: date | None = None
    retraction_reason: str | None = None

    @property
    def recorded(self) -> bool:
        return self.response_id is not None

    @property
    def region(self) -> str:
        return self.enterprise.region if self.enterprise else ""


def apply(state: NeedsSurveyResponse, event: DomainEvent) -> NeedsSurveyResponse:
    match event:
        case NeedsSurveyResponseRecorded():
            return NeedsSurveyResponse(
                event.response_id, event.survey, event.enterprise, event.responded_on, event.amount_sought_cny,
                tuple(event.rights_offered),
            )
        case FinancingNeedMet():
            return replace(state, met_by_project=event.project_id, met_on=event.met_on)
        case NeedsSurveyResponseRetracted():
            return replace(state, retracted_on=event.retracted_on, retraction_reason=event.reason)
    return state


NEEDS_SURVEY_RESPONSE = AggregateType("needs-survey-response", NeedsSurveyResponse, apply)


def record(
    state: NeedsSurveyResponse,
    *,
    response_id: str,
    survey: str,
    enterprise: Enterprise,
    responded_on: date,
    amount_sought_cny: int,
    rights_offered: list[PledgedRight],
    today: date,
) -> list[DomainEvent]:
    if state.recorded:
        raise Conflict(Bilingual(f"需求调查答卷 {response_id} 已记录", f"survey response {response_id} is already recorded"), field="response_id")
    require_not_future("responded_on", responded_on, on=today)
    require_distinct_rights("rights_offered", rights_offered)
    return [
        NeedsSurveyResponseRecorded(
            response_id=response_id, survey=survey, enterprise=enterprise, region=enterprise.region,
            responded_on=responded_on, amount_sought_cny=amount_sought_cny, rights_offered=rights_offered,
        )
    ]


def _require_live(state: NeedsSurveyResponse, response_id: str) -> None:
    if not state.recorded:
        raise NotFound("survey response", response_id)
    if state.retracted_on is not None:
        raise Conflict(Bilingual(f"需求调查答卷 {response_id} 已于 {state.retracted_on.isoformat()} 撤回",
                                  f"survey response {response_id} was retracted on {state.retracted_on.isoformat()}"))


def mark_met(state: NeedsSurveyResponse, project: Loaded[PledgeProject], *, response_id: str) -> list[DomainEvent]:
    """The need was met by a registered project of the same enterprise, registered on or after the answer."""
    _require_live(state, response_id)
    if state.met_by_project is not None:
        raise Conflict(Bilingual(f"该需求已由项目 {state.met_by_project} 满足", f"the need was already met by project {state.met_by_project}"), field="project_id")
    found = project.state
    if not found.registered:
        raise DomainRuleViolated("project_id", Bilingual(f"没有登记质押融资项目 {project.key!r}", f"no pledge-financing project {project.key!r} is registered"))
    if found.retracted_on is not None:
        raise DomainRuleViolated("project_id", Bilingual(f"项目 {project.key} 已撤回，不再计入", f"project {project.key} was retracted: it no longer counts"))
    assert state.enterprise is not None and found.enterprise is not None
    assert found.registered_on is not None and state.responded_on is not None
    if found.enterprise.uscc != state.enterprise.uscc:
        raise DomainRuleViolated("project_id", Bilingual(f"项目 {project.key} 属于另一家企业（{found.enterprise.uscc}）",
                                                          f"project {project.key} is for another enterprise ({found.enterprise.uscc})"))
    require_as_recorded(state.enterprise, found.enterprise, field="project_id")  # nor of its region elsewhere
    if found.registered_on < state.responded_on:
        raise DomainRuleViolated(
            "project_id",
            Bilingual(f"项目 {project.key} 于 {found.registered_on.isoformat()} 登记，早于需求调查（{state.responded_on.isoformat()}）",
                      f"project {project.key} was registered on {found.registered_on.isoformat()}, before the need was surveyed "
                      f"({state.responded_on.isoformat()})"),
        )
    return [
        FinancingNeedMet(
            response_id=response_id, project_id=project.key, enterprise=state.enterprise, region=state.region,
            met_on=found.registered_on, amount_sought_cny=state.amount_sought_cny, amount_cny=found.amount_cny,
        )
    ]


def retract(state: NeedsSurveyResponse, *, response_id: str, reason: str, today: date) -> list[DomainEvent]:
    _require_live(state, response_id)
    return [NeedsSurveyResponseRetracted(response_id=response_id, region=state.region, reason=reason, retracted_on=today)]
