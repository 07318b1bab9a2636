"""Measure 11: recommendations of enterprises as national IP advantage or demonstration enterprises (or for the
provincial program), and the recognitions that follow.

All of one enterprise's recommendations and recognitions form one dossier, keyed by its credit code, so that
the rules across them (one live recognition per level and year, a recognition following its recommendation)
are decided on one consistent state. Record ids carry the credit code: `<uscc>-<level>-<year>-<n>`. The dossier
keeps the enterprise in the region its first record still standing gave (kernel.domain.enterprise).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from kernel.aggregate import AggregateType
from kernel.domain.dates import require_not_future
from kernel.domain.enterprise import Enterprise, require_as_recorded, uscc_problem
from kernel.domain.regions import Region, ReportingArea
from kernel.domain.rules import require_on_or_after, require_retractable
from kernel.domain.vocabulary import LabelledEnum
from kernel.events import DomainEvent
from kernel.i18n import Bilingual
from kernel.problems import Conflict, DomainRuleViolated

LINK_WINDOW = timedelta(days=366)  # a recommendation older than this is not taken to be the one recognised


class RecognitionLevel(LabelledEnum):
    NATIONAL_ADVANTAGE = "national_advantage", "国家知识产权优势企业", "national IP advantage enterprise"
    NATIONAL_DEMONSTRATION = "national_demonstration", "国家知识产权示范企业", "national IP demonstration enterprise"
    PROVINCIAL_DEMONSTRATION = "provincial_demonstration", "省级知识产权示范企业", "provincial IP demonstration enterprise"


class DemonstrationRecommended(DomainEvent, source="training"):
    recommendation_id: str
    enterprise: Enterprise
    region: Region  # the enterprise's region
    level: RecognitionLevel
    recommended_on: date
    recommended_by: ReportingArea  # the province (420000) or the division whose bureau recommended it


class DemonstrationRecommendationRetracted(DomainEvent, source="training"):
    recommendation_id: str
    reason: str
    retracted_on: date


class DemonstrationRecognized(DomainEvent, source="training"):
    recognition_id: str
    enterprise: Enterprise
    region: Region
    level: RecognitionLevel
    recognized_on: date
    recommendation_id: str | None  # the recommendation it followed, when one is recorded
    recommended_on: date | None
    recommended_by: ReportingArea | None


class DemonstrationRecognitionRetracted(DomainEvent, source="training"):
    recognition_id: str
    reason: str
    retracted_on: date


@dataclass(frozen=True)
class Recommendation:
    recommendation_id: str
    enterprise: Enterprise
    level: str
    recommended_on: date
    recommended_by: str
    recognition_id: str | None = None
    retracted_on: date | None = None
    retraction_reason: str | None = None


@dataclass(frozen=True)
class Recognition:
    recognition_id: str
    enterprise: Enterprise
    level: str
    recognized_on: date
    recommendation_id: str | None
    retracted_on: date | None = None
    retraction_reason: str | None = None


@dataclass(frozen=True)
class Dossier:
    recommendations: dict[str, Recommendation] = field(default_factory=dict)
    recognitions: dict[str, Recognition] = field(default_factory=dict)

    @property
    def enterprise_of_record(self) -> Enterprise | None:
        """The enterprise as a record not retracted recorded it (the first recommendation, else recognition)."""
        standing = (r for r in (*self.recommendations.values(), *self.recognitions.values()) if r.retracted_on is None)
        return next((r.enterprise for r in standing), None)


def _with(mapping: dict, key: str, value) -> dict:
    return {**mapping, key: value}


def apply(state: Dossier, event: DomainEvent) -> Dossier:
    match event:
        case DemonstrationRecommended():
            made = Recommendation(event.recommendation_id, event.enterprise, event.level, event.recommended_on, event.recommended_by)
            return replace(state, recommendations=_with(state.recommendations, event.recommendation_id, made))
        case DemonstrationRecommendationRetracted():
            changed = replace(state.recommendations[event.recommendation_id], retracted_on=event.retracted_on, retraction_reason=event.reason)
            return replace(state, recommendations=_with(state.recommendations, event.recommendation_id, changed))
        case DemonstrationRecognized():
            made = Recognition(event.recognition_id, event.enterprise, event.level, event.recognized_on, event.recommendation_id)
            recommendations = state.recommendations
            if event.recommendation_id is not None:
                followed = replace(recommendations[event.recommendation_id], recognition_id=event.recognition_id)
                recommendations = _with(recommendations, event.recommendation_id, followed)
            return Dossier(recommendations, _with(state.recognitions, event.recognition_id, made))
        case DemonstrationRecognitionRetracted():
            withdrawn = replace(state.recognitions[event.recognition_id], retracted_on=event.retracted_on, retraction_reason=event.reason)
            recommendations = state.recommendations
            if withdrawn.recommendation_id is not None:  # the recommendation is open again for a correct record
                reopened = replace(recommendations[withdrawn.recommendation_id], recognition_id=None)
                recommendations = _with(recommendations, withdrawn.recommendation_id, reopened)
            return Dossier(recommendations, _with(state.recognitions, event.recognition_id, withdrawn))
    return state


DOSSIER = AggregateType("demonstration-dossier", Dossier, apply)


def dossier_key(record_id: str) -> str | None:
    """The credit code a recommendation or recognition id belongs to, or None when it cannot be one."""
    uscc = record_id.split("-", 1)[0]
    return None if uscc_problem(uscc) else uscc


def region_of_record(made: Recommendation | Recognition | None) -> str | None:
    """The region a write on one of the dossier's records belongs to: its enterprise's (None: no such record)."""
    return made.enterprise.region if made is not None else None


def _next_id(uscc: str, level: str, year: int, taken: dict) -> str:
    prefix = f"{uscc}-{level}-{year}-"
    return f"{prefix}{1 + sum(1 for key in taken if key.startswith(prefix))}"


def recommend(
    state: Dossier, *, enterprise: Enterprise, level: RecognitionLevel, recommended_on: date,
    recommended_by: ReportingArea, today: date,
) -> list[DomainEvent]:
    require_as_recorded(state.enterprise_of_record, enterprise)
    require_not_future("recommended_on", recommended_on, on=today)
    for made in state.recommendations.values():
        if made.retracted_on is None and made.level == level and made.recommended_on.year == recommended_on.year:
            raise Conflict(
                Bilingual(f"{enterprise.uscc} 已于 {recommended_on.year} 年被推荐为{RecognitionLevel(level).zh}（{made.recommendation_id}）",
                          f"{enterprise.uscc} was already recommended for {level} in {recommended_on.year} ({made.recommendation_id})"),
                field="level",
            )
    recommendation_id = _next_id(enterprise.uscc, level, recommended_on.year, state.recommendations)
    return [
        DemonstrationRecommended(
            recommendation_id=recommendation_id, enterprise=enterprise, region=enterprise.region, level=level,
            recommended_on=recommended_on, recommended_by=recommended_by,
        )
    ]


def _recommendation_followed(
    state: Dossier, level: str, recognized_on: date, recommendation_id: str | None
) -> Recommendation | None:
    if recommendation_id is None:  # the latest open recommendation for this level within the window, if any
        open_ones = [
            r for r in state.recommendations.values()
            if r.level == level and r.retracted_on is None and r.recognition_id is None
            and recognized_on - LINK_WINDOW <= r.recommended_on <= recognized_on
        ]
        return max(open_ones, key=lambda r: r.recommended_on, default=None)
    made = state.recommendations.get(recommendation_id)
    if made is None:
        raise DomainRuleViolated("recommendation_id", Bilingual(f"该企业没有推荐 {recommendation_id!r}",
                                                                f"no recommendation {recommendation_id!r} is recorded for this enterprise"))
    if made.retracted_on is not None:
        raise DomainRuleViolated("recommendation_id", Bilingual(f"已于 {made.retracted_on.isoformat()} 撤回", f"was retracted on {made.retracted_on.isoformat()}"))
    if made.level != level:
        raise DomainRuleViolated("recommendation_id", Bilingual(f"推荐的是{RecognitionLevel(made.level).zh}，而非{RecognitionLevel(level).zh}",
                                                                f"recommends for {made.level}, not {level}"))
    if made.recognition_id is not None:
        raise DomainRuleViolated("recommendation_id", Bilingual(f"已据此作出认定 {made.recognition_id}", f"was already followed by recognition {made.recognition_id}"))
    require_on_or_after("recognized_on", recognized_on, made.recommended_on, ("推荐之日", "the recommendation"), say_value=False)
    return made


def recognize(
    state: Dossier, *, enterprise: Enterprise, level: RecognitionLevel, recognized_on: date,
    recommendation_id: str | None, today: date,
) -> list[DomainEvent]:
    require_as_recorded(state.enterprise_of_record, enterprise)
    require_not_future("recognized_on", recognized_on, on=today)
    for made in state.recognitions.values():
        if made.retracted_on is None and made.level == level and made.recognized_on.year == recognized_on.year:
            raise Conflict(
                Bilingual(f"{enterprise.uscc} 已于 {recognized_on.year} 年被认定为{RecognitionLevel(level).zh}（{made.recognition_id}）",
                          f"{enterprise.uscc} was already recognised as {level} in {recognized_on.year} ({made.recognition_id})"),
                field="level",
            )
    followed = _recommendation_followed(state, level, recognized_on, recommendation_id)
    recognition_id = _next_id(enterprise.uscc, level, recognized_on.year, state.recognitions)
    return [
        DemonstrationRecognized(
            recognition_id=recognition_id, enterprise=enterprise, region=enterprise.region, level=level,
            recognized_on=recognized_on,
            recommendation_id=followed.recommendation_id if followed else None,
            recommended_on=followed.recommended_on if followed else None,
            recommended_by=followed.recommended_by if followed else None,
        )
    ]


def retract_recommendation(state: Dossier, *, recommendation_id: str, reason: str, today: date) -> list[DomainEvent]:
    made = state.recommendations.get(recommendation_id)
    require_retractable(recorded=made is not None, retracted_on=made.retracted_on if made else None, what="recommendation",
                        identifier=recommendation_id)
    assert made is not None
    if made.recognition_id is not None:
        raise Conflict(Bilingual(f"推荐 {recommendation_id} 已据此作出认定 {made.recognition_id}，请先撤回该认定",
                                  f"recommendation {recommendation_id} was followed by recognition {made.recognition_id}; retract that first"))
    return [DemonstrationRecommendationRetracted(recommendation_id=recommendation_id, reason=reason, retracted_on=today)]


def retract_recognition(state: Dossier, *, recognition_id: str, reason: str, today: date) -> list[DomainEvent]:
    made = state.recognitions.get(recognition_id)
    require_retractable(recorded=made is not None, retracted_on=made.retracted_on if made else None, what="recognition",
                        identifier=recognition_id)
    return [DemonstrationRecognitionRetracted(recognition_id=recognition_id, reason=reason, retracted_on=today)]
