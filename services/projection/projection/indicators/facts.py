"""What each event says for the indicators (see projection.indicators.readings): a rule per event type.

A trademark window's monthly figure replaces the figure recorded earlier for the same month; a training's
cancellation takes it out of the plan; the measure-10 retractions end one membership, the beginning of GB/T
29490 implementation, or one certification, of the enterprise's record.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any, Callable

from kernel.events import Upcasters
from kernel.projection.received import ReceivedEvent
from projection.indicators.readings import Fact, Reading, day, facts, retract, retract_part
from projection.indicators.readings import fact as _fact

_d = day


def _any_private(enterprises: list[dict]) -> bool:
    return any(e.get("ownership") == "private" for e in enterprises)


def _month_end(month: str) -> date:
    year, mon = (int(p) for p in month.split("-"))
    return date(year, mon, calendar.monthrange(year, mon)[1])


Rule = Callable[[dict], Reading]


def _mediation_parties(d: dict) -> list[dict]:
    return [p["enterprise"] for p in d.get("parties", []) if p.get("enterprise")]


def _mediation_outcome(outcome: str) -> float | None:
    return {"agreed": 1.0, "failed": 0.0}.get(outcome)  # a withdrawn case is neither a success nor a failure


def _agency(d: dict) -> Reading:
    rec = f"agency:{d['agency_id']}"
    out = [_fact("agency_registered", rec, 14, "registered_on", d, ent=None, category=d["ownership"], value=1)]
    if d.get("in_cluster_zone"):
        out.append(_fact("agency_zone_entered", rec, 15, "registered_on", d, ent=None, category=d["ownership"], value=1))
    return Reading(facts=out)


def _trademark_count(d: dict) -> Reading:
    rec = f"trademark_count:{d['window_id']}:{d['month']}"
    fact = Fact("trademark_accepted", rec, 21, _month_end(d["month"]), d["region"], amount=d["applications_accepted"])
    return Reading(facts=[fact], replaces=[rec])


def _matchmaking(d: dict) -> Reading:
    attending = d.get("enterprises_attending", [])
    return facts(_fact("matchmaking_held", f"matchmaking:{d['event_id']}", 9, "occurred_on", d, ent=None,
                       private=_any_private(attending), value=len(attending)))


def _onsite(d: dict) -> Reading:
    served = d.get("enterprises", [])
    private = sum(1 for e in served if e.get("ownership") == "private")
    return facts(_fact("onsite_service", f"onsite:{d['service_id']}", 4, "occurred_on", d, ent=None, private=private > 0, value=private))


def _mark_decision(d: dict) -> Reading:
    rec = f"mark_application:{d['application_id']}"
    out = [_fact("mark_application_decided", rec, 13, "decided_on", d, ent="applicant", category=d["outcome"])]
    if d["outcome"] == "approved":
        out.append(_fact("mark_approved", rec, 13, "decided_on", d, ent="applicant", category=d["kind"]))
    return Reading(facts=out)


def _training_cancelled(d: dict) -> Reading:
    """A cancelled training is not held: it leaves the plan (from when the cancellation was recorded), and the
    cancellation counts on its day, in the training's region and for its audience."""
    rec = f"training:{d['training_id']}"
    reading = retract_part(rec, ("training_planned",))
    reading.facts.append(Fact("training_cancelled", rec, 22, _d(d["cancelled_on"]), None))
    return reading


RULES: dict[str, Rule] = {
    # enforcement: measures 1-6 and 17
    "enforcement.InfringementCaseOpened.v1": lambda d: facts(_fact(
        "infringement_opened", f"infringement:{d['case_id']}", 1, "opened_on", d, ent="right_holder",
        category=d["right_kind"], value=1.0 if d.get("joint_action") else 0.0)),
    "enforcement.InfringementCaseClosed.v1": lambda d: facts(_fact(
        "infringement_closed", f"infringement:{d['case_id']}", 1, "closed_on", d, ent="right_holder",
        category=d["outcome"], amount=d.get("fine_amount_cny"))),
    "enforcement.FastTrackCaseFiled.v1": lambda d: facts(_fact(
        "fast_track_filed", f"fast_track:{d['case_id']}", 2, "filed_on", d, category=d["kind"])),
    "enforcement.FastTrackCaseDecided.v1": lambda d: facts(_fact(
        "fast_track_decided", f"fast_track:{d['case_id']}", 2, "decided_on", d, category=d["kind"], value=d["turnaround_days"])),
    "enforcement.ForeignDisputeOpened.v1": lambda d: facts(_fact(
        "foreign_dispute_opened", f"foreign_dispute:{d['case_id']}", 3, "opened_on", d, category=d["kind"])),
    "enforcement.ForeignDisputeAssisted.v1": lambda d: facts(_fact(
        "foreign_dispute_assisted", f"foreign_dispute:{d['case_id']}", 3, "given_on", d, category=d["assistance"])),
    "enforcement.ForeignDisputeClosed.v1": lambda d: facts(_fact(
        "foreign_dispute_closed", f"foreign_dispute:{d['case_id']}", 3, "closed_on", d, category=d["outcome"])),
    "enforcement.OverseasEscortEnrolled.v1": lambda d: facts(_fact(
        "escort_enrolled", f"escort:{d['uscc']}:{d['enrolled_on']}", 3, "enrolled_on", d, value=1)),
    "enforcement.OverseasEscortLeft.v1": lambda d: facts(_fact(
        "escort_left", f"escort:{d['uscc']}:{d['enrolled_on']}", 3, "left_on", d, value=-1)),
    "enforcement.AssistanceCenterRegistered.v1": lambda d: facts(_fact(
        "center_registered", f"center:{d['center_id']}", 4, "registered_on", d, ent=None, value=1)),
    "enforcement.AssistanceCenterClosed.v1": lambda d: facts(_fact(
        "center_closed", f"center:{d['center_id']}", 4, "closed_on", d, region=None, ent=None, value=-1)),
    "enforcement.OnsiteServiceRecorded.v1": _onsite,
    "enforcement.OnsiteServiceRetracted.v1": lambda d: retract(f"onsite:{d['service_id']}"),
    "enforcement.AssistanceRequestReceived.v1": lambda d: facts(_fact(
        "assistance_request_received", f"assistance_request:{d['request_id']}", 4, "received_on", d, category=d["channel"])),
    "enforcement.AssistanceRequestFirstResponded.v1": lambda d: facts(_fact(
        "assistance_request_responded", f"assistance_request:{d['request_id']}", 4, "responded_on", d, value=d["response_minutes"])),
    "enforcement.AssistanceRequestResolved.v1": lambda d: facts(_fact(
        "assistance_request_resolved", f"assistance_request:{d['request_id']}", 4, "resolved_on", d, value=d["resolution_minutes"])),
    "enforcement.EntityListed.v1": lambda d: facts(Fact(
        "credit_listed", f"credit:{d['uscc']}:{d['listing_number']}", 5, _d(d["listed_on"]), d["region"], uscc=d["uscc"], value=1)),
    "enforcement.EntityDelisted.v1": lambda d: facts(Fact(
        "credit_delisted", f"credit:{d['uscc']}:{d['listing_number']}", 5, _d(d["delisted_on"]), d["region"], uscc=d["uscc"], value=-1)),
    "enforcement.BrandProtectionRequested.v1": lambda d: facts(_fact(
        "brand_order_requested", f"brand_order:{d['order_id']}", 6, "requested_on", d, ent="brand_owner")),
    "enforcement.BrandProtectionActionTaken.v1": lambda d: facts(_fact(
        "brand_action_taken", f"brand_order:{d['order_id']}", 6, "taken_on", d, ent="brand_owner", category=d["kind"],
        amount=d.get("goods_seized_count"))),
    "enforcement.BrandProtectionOrderClosed.v1": lambda d: facts(_fact(
        "brand_order_closed", f"brand_order:{d['order_id']}", 6, "closed_on", d, ent="brand_owner", category=d["outcome"])),
    "enforcement.MediationCaseReceived.v1": lambda d: facts(_fact(
        "mediation_received", f"mediation:{d['case_id']}", 17, "received_on", d, ent=None, private=_any_private(_mediation_parties(d)))),
    "enforcement.MediationSessionHeld.v1": lambda d: facts(_fact(
        "mediation_session", f"mediation:{d['case_id']}", 17, "held_on", d, ent=None)),
    "enforcement.MediationCaseClosed.v1": lambda d: facts(_fact(
        "mediation_closed", f"mediation:{d['case_id']}", 17, "closed_on", d, ent=None, category=d["outcome"],
        private=_any_private(_mediation_parties(d)), value=_mediation_outcome(d["outcome"]))),
    "enforcement.JointMeetingHeld.v1": lambda d: facts(_fact(
        "joint_meeting", f"joint_meeting:{d['meeting_id']}", 17, "held_on", d, ent=None, value=len(d.get("departments", [])))),
    "enforcement.JointMeetingRetracted.v1": lambda d: retract(f"joint_meeting:{d['meeting_id']}"),
    # financing: measures 7-9
    "financing.PledgeProjectRegistered.v1": lambda d: facts(_fact(
        "pledge_registered", f"pledge:{d['project_id']}", 9, "registered_on", d, amount=d["amount_cny"])),
    "financing.PledgeProjectRetracted.v1": lambda d: retract(f"pledge:{d['project_id']}"),
    "financing.PledgeReleased.v1": lambda d: facts(_fact("pledge_released", f"pledge:{d['project_id']}", 7, "released_on", d, ent=None)),
    "financing.PledgeProjectDefaulted.v1": lambda d: facts(_fact(
        "pledge_defaulted", f"pledge:{d['project_id']}", 7, "defaulted_on", d, amount=d["outstanding_cny"])),
    "financing.RiskCompensationPaid.v1": lambda d: facts(_fact(
        "risk_compensation", f"risk_compensation:{d['compensation_id']}", 7, "paid_on", d, category=d["payer"], amount=d["amount_cny"])),
    "financing.SubsidyGranted.v1": lambda d: facts(_fact(
        "subsidy", f"subsidy:{d['subsidy_id']}", 7, "granted_on", d, category=d["kind"], amount=d["amount_cny"])),
    "financing.GuaranteeAttached.v1": lambda d: facts(_fact(
        "guarantee", f"guarantee:{d['guarantee_id']}", 8, "covers_from", d, category=d["kind"], amount=d["cover_cny"])),
    "financing.SupportRecordRetracted.v1": lambda d: retract(f"{d['record']}:{d['record_id']}"),
    "financing.MatchmakingEventHeld.v1": _matchmaking,
    "financing.MatchmakingEventRetracted.v1": lambda d: retract(f"matchmaking:{d['event_id']}"),
    "financing.NeedsSurveyResponseRecorded.v1": lambda d: facts(_fact(
        "needs_response", f"needs:{d['response_id']}", 9, "responded_on", d, amount=d["amount_sought_cny"])),
    "financing.NeedsSurveyResponseRetracted.v1": lambda d: retract(f"needs:{d['response_id']}"),
    "financing.FinancingNeedMet.v1": lambda d: facts(_fact("need_met", f"needs:{d['response_id']}", 9, "met_on", d, amount=d["amount_cny"])),
    # training: measures 10-13 and 22
    "training.DemonstrationProgramJoined.v1": lambda d: facts(_fact(
        "program_joined", f"program:{d['enterprise']['uscc']}", 10, "admitted_on", d, category=d["level"], value=1)),
    "training.DemonstrationProgramLeft.v1": lambda d: facts(Fact(
        "program_left", f"program:{d['uscc']}", 10, _d(d["left_on"]), d["region"], uscc=d["uscc"], value=-1)),
    "training.ManagementStandardImplementationBegun.v1": lambda d: facts(_fact(
        "standard_begun", f"standard:{d['enterprise']['uscc']}", 10, "began_on", d)),
    "training.ManagementStandardCertified.v1": lambda d: facts(_fact(
        "standard_certified", f"standard:{d['enterprise']['uscc']}", 10, "certified_on", d)),
    # the retracted membership is the latest: its admission and its departure, dated from its admission on
    # (every earlier membership ended before it began)
    "training.DemonstrationProgramMembershipRetracted.v1": lambda d: retract_part(
        f"program:{d['uscc']}", ("program_joined", "program_left"), d["admitted_on"], d["left_on"]),
    "training.ManagementStandardImplementationRetracted.v1": lambda d: retract_part(
        f"standard:{d['uscc']}", ("standard_begun",), d["began_on"], d["began_on"]),
    "training.ManagementStandardCertificationRetracted.v1": lambda d: retract_part(
        f"standard:{d['uscc']}", ("standard_certified",), d["certified_on"], d["certified_on"]),
    "training.DemonstrationRecommended.v1": lambda d: facts(_fact(
        "recommendation", f"recommendation:{d['recommendation_id']}", 11, "recommended_on", d, category=d["level"])),
    "training.DemonstrationRecommendationRetracted.v1": lambda d: retract(f"recommendation:{d['recommendation_id']}"),
    "training.DemonstrationRecognized.v1": lambda d: facts(_fact(
        "recognition", f"recognition:{d['recognition_id']}", 11, "recognized_on", d, category=d["level"])),
    "training.DemonstrationRecognitionRetracted.v1": lambda d: retract(f"recognition:{d['recognition_id']}"),
    "training.CommissionerDispatched.v1": lambda d: facts(_fact(
        "commissioner_dispatched", f"dispatch:{d['dispatch_id']}", 12, "starts_on", d, category=d["service_kind"])),
    "training.CommissionerDispatchConcluded.v1": lambda d: facts(_fact(
        "commissioner_concluded", f"dispatch:{d['dispatch_id']}", 12, "concluded_on", d, category=d["service_kind"])),
    "training.CommissionerDispatchRetracted.v1": lambda d: retract(f"dispatch:{d['dispatch_id']}"),
    "training.BrandAdmittedToLibrary.v1": lambda d: facts(_fact("brand_admitted", f"brand_entry:{d['entry_id']}", 13, "admitted_on", d, value=1)),
    "training.BrandGraduatedFromLibrary.v1": lambda d: facts(_fact(
        "brand_graduated", f"brand_entry:{d['entry_id']}", 13, "graduated_on", d, value=-1)),
    "training.BrandRemovedFromLibrary.v1": lambda d: facts(_fact("brand_removed", f"brand_entry:{d['entry_id']}", 13, "removed_on", d, value=-1)),
    "training.BrandLibraryEntryRetracted.v1": lambda d: retract(f"brand_entry:{d['entry_id']}"),
    "training.TrademarkGuidanceHeld.v2": lambda d: facts(_fact("trademark_guidance", f"guidance:{d['session_id']}", 13, "held_on", d)),
    "training.TrademarkGuidanceRetracted.v1": lambda d: retract(f"guidance:{d['session_id']}"),
    "training.MarkApplicationFiled.v1": lambda d: facts(_fact(
        "mark_application_filed", f"mark_application:{d['application_id']}", 13, "filed_on", d, ent="applicant", category=d["kind"])),
    "training.MarkApplicationDecided.v1": _mark_decision,
    "training.MarkApplicationRetracted.v1": lambda d: retract(f"mark_application:{d['application_id']}"),
    "training.TrainingPlanned.v1": lambda d: facts(_fact(
        "training_planned", f"training:{d['training_id']}", 22, "starts_on", d, ent=None, category=d["format"],
        private=d["audience"] == "private_enterprises", value=1)),
    "training.TrainingCancelled.v1": _training_cancelled,
    "training.TrainingCompleted.v1": lambda d: facts(_fact(
        "training_completed", f"training:{d['training_id']}", 22, "ends_on", d, ent=None, category=d["format"],
        private=d["audience"] == "private_enterprises", value=d["person_times"])),
    "training.TrainingRetracted.v1": lambda d: retract(f"training:{d['training_id']}"),
    # outreach: measures 14-16, 18-21, 23, 24
    "outreach.ServiceAgencyRegistered.v1": _agency,
    "outreach.ServiceAgencySettledInClusterZone.v1": lambda d: facts(_fact(
        "agency_zone_entered", f"agency:{d['agency_id']}", 15, "settled_on", d, ent=None, category=d["ownership"], value=1)),
    "outreach.ServiceAgencyLeftClusterZone.v1": lambda d: facts(_fact(
        "agency_zone_left", f"agency:{d['agency_id']}", 15, "left_on", d, ent=None, category=d["ownership"], value=-1)),
    "outreach.ServiceAgencySupervised.v1": lambda d: facts(_fact(
        "agency_supervised", f"supervision:{d['action_id']}", 14, "acted_on", d, ent=None, category=d["ownership"])),
    "outreach.AgencyAidProvided.v1": lambda d: facts(_fact(
        "agency_aid", f"aid:{d['aid_id']}", 16, "provided_on", d, category=d["service_kind"], amount=d["waived_amount_cny"])),
    "outreach.AgencyAidRetracted.v1": lambda d: retract(f"aid:{d['aid_id']}"),
    "outreach.InformationStationOpened.v1": lambda d: facts(_fact(
        "station_opened", f"station:{d['station_id']}", 18, "opened_on", d, ent=None, category=d["host_kind"], value=1)),
    "outreach.InformationStationClosed.v1": lambda d: facts(_fact(
        "station_closed", f"station:{d['station_id']}", 18, "closed_on", d, ent=None, value=-1)),
    "outreach.InformationServiceDelivered.v1": lambda d: facts(_fact(
        "information_service", f"information_service:{d['service_id']}", 18, "delivered_on", d, category=d["kind"])),
    "outreach.InformationServiceRetracted.v1": lambda d: retract(f"information_service:{d['service_id']}"),
    "outreach.BriefingHeld.v1": lambda d: facts(_fact(
        "briefing", f"briefing:{d['briefing_id']}", 19, "occurred_on", d, ent=None, category=d["topic"],
        private=d["audience"] == "private_enterprises", value=d["attendance"])),
    "outreach.BriefingRetracted.v1": lambda d: retract(f"briefing:{d['briefing_id']}"),
    "outreach.PatentOnsiteServiceProvided.v1": lambda d: facts(_fact(
        "patent_onsite_service", f"patent_onsite:{d['service_id']}", 19, "occurred_on", d, category=d["kind"])),
    "outreach.PatentOnsiteServiceRetracted.v1": lambda d: retract(f"patent_onsite:{d['service_id']}"),
    "outreach.ExaminerVisitMade.v1": lambda d: facts(_fact(
        "examiner_visit", f"visit:{d['visit_id']}", 20, "occurred_on", d, value=d["person_times"])),
    "outreach.ExaminerVisitRetracted.v1": lambda d: retract(f"visit:{d['visit_id']}"),
    "outreach.TrademarkWindowOpened.v1": lambda d: facts(_fact(
        "trademark_window_opened", f"trademark_window:{d['window_id']}", 21, "opened_on", d, ent=None, value=1)),
    "outreach.TrademarkAcceptancesCounted.v1": _trademark_count,
    "outreach.PublicityItemPublished.v1": lambda d: facts(_fact(
        "publicity", f"publicity:{d['item_id']}", 23, "published_on", d, ent=None, category=d["channel"], value=d.get("reach"))),
    "outreach.PublicityItemRetracted.v1": lambda d: retract(f"publicity:{d['item_id']}"),
    "outreach.CaseStoryPublished.v1": lambda d: facts(_fact("case_story", f"story:{d['story_id']}", 24, "published_on", d)),
    "outreach.CaseStoryRetracted.v1": lambda d: retract(f"story:{d['story_id']}"),
}

# older versions still on the topics and in the feeds, read as the versions above
UPCASTERS = Upcasters()


@UPCASTERS.register("training.TrademarkGuidanceHeld.v1")
def _guidance_v1(data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    return "training.TrademarkGuidanceHeld.v2", {**data, "format": "face_to_face"}  # every v1 session was face to face


EVENT_TYPES = frozenset(RULES) | UPCASTERS.superseded

# the activity facts and the enterprise directory both read each event of a batch: the second reading of the
# same event object is the first one (events are immutable, readings are not changed by their readers)
_READ: dict[int, tuple[ReceivedEvent, Reading]] = {}
_READ_KEPT = 8192


def read(event: ReceivedEvent) -> Reading:
    kept = _READ.get(id(event))
    if kept is not None and kept[0] is event:
        return kept[1]
    event_type, data = UPCASTERS.upcast(event.type, event.data)
    reading = RULES[event_type](data)
    if len(_READ) >= _READ_KEPT:
        _READ.clear()
    _READ[id(event)] = (event, reading)
    return reading
