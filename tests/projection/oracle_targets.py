"""The yearly targets computed plainly from a list of events (the tests' oracle), and a builder of such lists.

`targets_from_events` reads CloudEvent-like dicts (`type`, `time`, `data`) and follows measures.md and
contract.md literally, with none of the projection's code: keep the events recorded by `known_at`, drop the
records whose retraction is among them, count what happened from 1 January to `as_of`. `Events` writes the
events the command services would, for the projection (`received()`) and for the oracle (`items`).
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction
from typing import Any
from uuid import uuid4

from kernel.projection.received import ReceivedEvent

NATIONAL = {"national_advantage", "national_demonstration"}
THRESHOLDS = {"T09a": 1, "T09b": Fraction(1, 2), "T19": 1, "T20": 100, "T22a": 10, "T22b": 1000}
REGIONAL = {"T04", "T09b"}

ACME = ("91440101MA5CJQ4N59", "private")
STATE = ("91110000600037341L", "state_owned")
XIAMEN = ("91350200776049653A", "private")


# --- the oracle ---------------------------------------------------------------------------------------------

def _day(value: str) -> date:
    return date.fromisoformat(value)


def live_records(events: list[dict], known_at: datetime) -> dict[str, dict[str, dict]]:
    """kind -> record id -> data, for every record known at known_at and not retracted by then."""
    known = [e for e in events if datetime.fromisoformat(e["time"]) <= known_at]
    records: dict[str, dict[str, dict]] = defaultdict(dict)
    retracted: set[tuple[str, str]] = set()
    for e in known:
        name, data = e["type"].split(".")[1], e["data"]
        if name == "PledgeProjectRegistered":
            records["project"][data["project_id"]] = data
        elif name == "PledgeProjectRetracted":
            retracted.add(("project", data["project_id"]))
        elif name == "MatchmakingEventHeld":
            records["matchmaking"][data["event_id"]] = data
        elif name == "MatchmakingEventRetracted":
            retracted.add(("matchmaking", data["event_id"]))
        elif name == "DemonstrationRecognized":
            records["recognition"][data["recognition_id"]] = data
        elif name == "DemonstrationRecognitionRetracted":
            retracted.add(("recognition", data["recognition_id"]))
        elif name == "BriefingHeld":
            records["briefing"][data["briefing_id"]] = data
        elif name == "BriefingRetracted":
            retracted.add(("briefing", data["briefing_id"]))
        elif name == "ExaminerVisitMade":
            records["visit"][data["visit_id"]] = data
        elif name == "ExaminerVisitRetracted":
            retracted.add(("visit", data["visit_id"]))
        elif name == "TrainingCompleted":
            records["training"][data["training_id"]] = data
        elif name == "TrainingRetracted":
            retracted.add(("training", data["training_id"]))
    for kind, record_id in retracted:
        records[kind].pop(record_id, None)
    return records


def _status_count(actual: int, threshold: int, as_of: date, year: int) -> str:
    first, last = date(year, 1, 1), date(year, 12, 31)
    if as_of < first:
        return "not_due"
    if actual >= threshold:
        return "met"
    if as_of >= last:
        return "missed"
    elapsed = Fraction((as_of - first).days + 1, (last - first).days + 1)
    return "on_track" if actual >= threshold * elapsed else "at_risk"


def _status_share(value: Fraction | None, threshold: Fraction, as_of: date, year: int) -> str:
    if as_of < date(year, 1, 1) or value is None:
        return "not_due"
    holds = value > threshold
    if as_of >= date(year, 12, 31):
        return "met" if holds else "missed"
    return "on_track" if holds else "at_risk"


def _r(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 4)


def targets_from_events(events: list[dict], year: int, as_of: date, known_at: datetime, region: str | None = None) -> dict[str, dict[str, Any]]:
    """Per target: actual, threshold and status (None where the rule does not apply to the region), the figures in
    detail, and the ids of the records behind it."""
    as_of = min(as_of, date(year, 12, 31))
    first = date(year, 1, 1)
    records = live_records(events, known_at)

    def counted(kind: str, date_field: str, start: date = first, end: date = as_of) -> list[dict]:
        return [
            r for r in records[kind].values()
            if start <= _day(r[date_field]) <= end and (region is None or r["region"] == region)
        ]

    out: dict[str, dict[str, Any]] = {}

    def count_target(target_id: str, actual: int, detail: dict, ids: list[str]) -> None:
        applies = region is None
        out[target_id] = {
            "actual": actual, "threshold": THRESHOLDS[target_id] if applies else None,
            "status": _status_count(actual, THRESHOLDS[target_id], as_of, year) if applies else None,
            "detail": detail, "ids": sorted(ids),
        }

    matchmaking = counted("matchmaking", "occurred_on")
    count_target("T09a", len(matchmaking), {"events": len(matchmaking)}, [r["event_id"] for r in matchmaking])

    projects = counted("project", "registered_on")
    private = [p for p in projects if p["enterprise"]["ownership"] == "private"]
    count_share = Fraction(len(private), len(projects)) if projects else None
    amount = sum(p["amount_cny"] for p in projects)
    private_amount = sum(p["amount_cny"] for p in private)
    out["T09b"] = {
        "actual": _r(count_share), "threshold": 0.5, "status": _status_share(count_share, Fraction(1, 2), as_of, year),
        "detail": {"projects": len(projects), "private_projects": len(private), "amount_cny": amount,
                   "private_amount_cny": private_amount, "amount_share": _r(Fraction(private_amount, amount) if amount else None)},
        "ids": sorted(p["project_id"] for p in projects),
    }

    def national_share(rows: list[dict]) -> tuple[Fraction | None, int, int]:
        enterprises = {r["enterprise"]["uscc"] for r in rows}
        privately = {r["enterprise"]["uscc"] for r in rows if r["enterprise"]["ownership"] == "private"}
        return (Fraction(len(privately), len(enterprises)) if enterprises else None), len(enterprises), len(privately)

    current_rows = [r for r in counted("recognition", "recognized_on") if r["level"] in NATIONAL]
    previous_rows = [
        r for r in counted("recognition", "recognized_on", date(year - 1, 1, 1), date(year - 1, 12, 31)) if r["level"] in NATIONAL
    ]
    current, enterprises, private_enterprises = national_share(current_rows)
    previous, previous_enterprises, previous_private = national_share(previous_rows)
    baseline = previous if previous is not None else Fraction(0)  # no recognition the year before: a share of 0
    out["T11"] = {
        "actual": _r(current), "threshold": _r(baseline) if region is None else None,
        "status": _status_share(current, baseline, as_of, year) if region is None else None,
        "detail": {"recognitions": len(current_rows), "enterprises": enterprises, "private_enterprises": private_enterprises,
                   "previous_year_enterprises": previous_enterprises, "previous_year_private_enterprises": previous_private,
                   "previous_year_share": _r(previous)},
        "ids": sorted(r["recognition_id"] for r in current_rows + previous_rows),
    }

    briefings = [
        b for b in counted("briefing", "occurred_on")
        if b["topic"] == "patent_fee_reduction" and b["audience"] == "private_enterprises"
    ]
    count_target("T19", len(briefings), {"briefings": len(briefings)}, [b["briefing_id"] for b in briefings])

    visits = [v for v in counted("visit", "occurred_on") if v["enterprise"]["ownership"] == "private"]
    person_times = sum(v["examiners"] + v["attorneys"] for v in visits)
    count_target("T20", person_times, {"person_times": person_times, "visits": len(visits),
                                       "private_enterprises_visited": len({v["enterprise"]["uscc"] for v in visits})},
                 [v["visit_id"] for v in visits])

    trainings = [t for t in counted("training", "completed_on") if t["audience"] == "private_enterprises"]
    classes = [t for t in trainings if t["format"] == "class"]
    count_target("T22a", len(classes), {"classes": len(classes)}, [t["training_id"] for t in classes])
    trainees = sum(t["person_times"] for t in trainings)
    count_target("T22b", trainees, {"person_times": trainees, "trainings": len(trainings)}, [t["training_id"] for t in trainings])

    return out


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


# --- the events -----------------------------------------------------------------------------------------------

def enterprise(firm: tuple[str, str] = ACME, region: str = "420100") -> dict:
    return {"uscc": firm[0], "name": "企业", "ownership": firm[1], "region": region}


def recorded(day: str) -> str:
    """The default recording moment: noon (Beijing) on the day it happened."""
    return f"{day}T12:00:00+08:00"


class Events:
    """Events as the command services write them: `items` for the oracle, `received()` for the projector."""

    def __init__(self) -> None:
        self.items: list[dict] = []

    def add(self, source: str, name: str, stream: str, data: dict, time: str) -> dict:
        event = {"source": source, "type": f"{source}.{name}.v1", "subject": stream, "data": data,
                 "time": datetime.fromisoformat(time).astimezone(timezone.utc).isoformat()}
        self.items.append(event)
        return event

    def received(self) -> list[ReceivedEvent]:
        """Positions and stream versions in the order the events were added (the commit order), so that adding
        more and projecting again applies only the new ones."""
        ordered = self.items
        positions: dict[str, int] = defaultdict(int)
        versions: dict[tuple[str, str], int] = defaultdict(int)
        out = []
        for e in ordered:
            positions[e["source"]] += 1
            versions[(e["source"], e["subject"])] += 1
            out.append(ReceivedEvent(
                source=e["source"], event_id=uuid4(), type=e["type"], stream_id=e["subject"],
                version=versions[(e["source"], e["subject"])], position=positions[e["source"]],
                recorded_at=datetime.fromisoformat(e["time"]), data=e["data"],
            ))
        return out

    # measure 9
    def project(self, registered_on: str, firm=ACME, region="420100", amount_cny=1_000_000, at: str | None = None, record_id=None) -> str:
        record_id = record_id or str(uuid4())
        self.add("financing", "PledgeProjectRegistered", f"pledge-project-{record_id}", {
            "project_id": record_id, "enterprise": enterprise(firm, region), "region": region, "lender": "银行",
            "amount_cny": amount_cny, "registered_on": registered_on,
            "pledged_rights": [{"kind": "patent", "number": "ZL201910000000.1"}]}, at or recorded(registered_on))
        return record_id

    def retract_project(self, record_id: str, at: str) -> None:
        self.add("financing", "PledgeProjectRetracted", f"pledge-project-{record_id}",
                 {"project_id": record_id, "region": "420100", "reason": "wrong", "retracted_on": at[:10]}, at)

    def matchmaking(self, occurred_on: str, region="420100", firms=(ACME,), at: str | None = None, record_id=None) -> str:
        record_id = record_id or str(uuid4())
        self.add("financing", "MatchmakingEventHeld", f"matchmaking-event-{record_id}", {
            "event_id": record_id, "occurred_on": occurred_on, "region": region, "organiser": "局",
            "enterprises_attending": [enterprise(f, region) for f in firms], "banks_attending": ["银行"], "summary": ""},
            at or recorded(occurred_on))
        return record_id

    def retract_matchmaking(self, record_id: str, at: str) -> None:
        self.add("financing", "MatchmakingEventRetracted", f"matchmaking-event-{record_id}",
                 {"event_id": record_id, "region": "420100", "reason": "wrong", "retracted_on": at[:10]}, at)

    # measure 11
    def recognition(self, recognized_on: str, firm=ACME, level="national_advantage", region="420100", at: str | None = None, record_id=None) -> str:
        record_id = record_id or f"{firm[0]}-{level}-{recognized_on[:4]}-{uuid4().hex[:6]}"
        self.add("training", "DemonstrationRecognized", f"demonstration-dossier-{firm[0]}", {
            "recognition_id": record_id, "enterprise": enterprise(firm, region), "region": region, "level": level,
            "recognized_on": recognized_on, "recommendation_id": None, "recommended_on": None, "recommended_by": None},
            at or recorded(recognized_on))
        return record_id

    def retract_recognition(self, record_id: str, at: str) -> None:
        self.add("training", "DemonstrationRecognitionRetracted", f"demonstration-dossier-{record_id.split('-')[0]}",
                 {"recognition_id": record_id, "reason": "wrong", "retracted_on": at[:10]}, at)

    # measure 19
    def briefing(self, occurred_on: str, topic="patent_fee_reduction", audience="private_enterprises", region="420100",
                 attendance=50, at: str | None = None, record_id=None) -> str:
        record_id = record_id or str(uuid4())
        self.add("outreach", "BriefingHeld", f"briefing-{record_id}", {
            "briefing_id": record_id, "occurred_on": occurred_on, "region": region, "topic": topic, "audience": audience,
            "attendance": attendance, "enterprises_attending": None, "title": "", "organiser": ""}, at or recorded(occurred_on))
        return record_id

    def retract_briefing(self, record_id: str, at: str) -> None:
        self.add("outreach", "BriefingRetracted", f"briefing-{record_id}", {"briefing_id": record_id, "reason": "wrong", "retracted_on": at[:10]}, at)

    # measure 20
    def visit(self, occurred_on: str, examiners=1, attorneys=1, firm=ACME, region="420100", at: str | None = None, record_id=None) -> str:
        record_id = record_id or str(uuid4())
        self.add("outreach", "ExaminerVisitMade", f"examiner-visit-{record_id}", {
            "visit_id": record_id, "occurred_on": occurred_on, "region": region, "enterprise": enterprise(firm, region),
            "examiners": examiners, "attorneys": attorneys, "person_times": examiners + attorneys,
            "examiner_names": None, "attorney_names": None, "organiser": "", "summary": ""}, at or recorded(occurred_on))
        return record_id

    def retract_visit(self, record_id: str, at: str) -> None:
        self.add("outreach", "ExaminerVisitRetracted", f"examiner-visit-{record_id}", {"visit_id": record_id, "reason": "wrong", "retracted_on": at[:10]}, at)

    # measure 22
    def training(self, completed_on: str | None, person_times=30, format="class", audience="private_enterprises", region="420100",
                 partner=None, starts_on: str | None = None, planned_at: str | None = None, at: str | None = None, record_id=None) -> str:
        """A planned training and, unless `completed_on` is None, its completion."""
        record_id = record_id or str(uuid4())
        starts_on = starts_on or completed_on or "2019-01-01"
        description = {"training_id": record_id, "title": "培训", "region": region, "format": format, "audience": audience,
                       "partner": partner, "organiser": None, "starts_on": starts_on, "ends_on": completed_on or starts_on}
        planned = planned_at or (datetime.fromisoformat(at or recorded(completed_on or starts_on)) - timedelta(days=7)).isoformat()
        self.add("training", "TrainingPlanned", f"training-{record_id}", description, planned)
        if completed_on is not None:
            self.add("training", "TrainingCompleted", f"training-{record_id}",
                     {**description, "completed_on": completed_on, "person_times": person_times}, at or recorded(completed_on))
        return record_id

    def retract_training(self, record_id: str, at: str) -> None:
        self.add("training", "TrainingRetracted", f"training-{record_id}", {"training_id": record_id, "reason": "wrong", "retracted_on": at[:10]}, at)

    # measure 4 (the oracle for it is tests/projection/oracle.py)
    def center(self, center_id: str, registered_on: str, region="420100", at: str | None = None) -> None:
        self.add("enforcement", "AssistanceCenterRegistered", f"assistance-center-{center_id}",
                 {"center_id": center_id, "name": center_id, "region": region, "registered_on": registered_on}, at or recorded(registered_on))

    def closure(self, center_id: str, closed_on: str, at: str | None = None) -> None:
        self.add("enforcement", "AssistanceCenterClosed", f"assistance-center-{center_id}",
                 {"center_id": center_id, "closed_on": closed_on}, at or recorded(closed_on))

    def service(self, center_id: str, occurred_on: str, firm=ACME, region="420100", at: str | None = None, record_id=None) -> str:
        record_id = record_id or str(uuid4())
        self.add("enforcement", "OnsiteServiceRecorded", f"onsite-service-{record_id}", {
            "service_id": record_id, "center_id": center_id, "region": region, "occurred_on": occurred_on,
            "enterprises": [enterprise(firm, region)], "summary": ""}, at or recorded(occurred_on))
        return record_id

    def retract_service(self, record_id: str, at: str) -> None:
        self.add("enforcement", "OnsiteServiceRetracted", f"onsite-service-{record_id}",
                 {"service_id": record_id, "reason": "wrong", "retracted_on": at[:10]}, at)
