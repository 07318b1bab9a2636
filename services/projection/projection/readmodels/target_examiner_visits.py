"""T20: visits of patent examiners and attorneys (measure 20), with the visited enterprise's ownership then."""

from __future__ import annotations

from projection.readmodels.target_records import RetractableRecords, day, is_private
from projection.readmodels.target_tables import examiner_visits


class TargetExaminerVisits(RetractableRecords):
    name = "target_examiner_visits"
    table = examiner_visits
    recorded = "outreach.ExaminerVisitMade.v1"
    retracted = "outreach.ExaminerVisitRetracted.v1"
    id_field = "visit_id"

    def row(self, event):
        data = event.data
        examiners, attorneys = int(data["examiners"]), int(data["attorneys"])
        return {
            "region": data["region"], "occurred_on": day(data["occurred_on"]), "uscc": data["enterprise"]["uscc"],
            "private": is_private(data["enterprise"]), "examiners": examiners, "attorneys": attorneys,
            # each person on each visit once: the event's own count, else examiners + attorneys
            "person_times": int(data.get("person_times", examiners + attorneys)),
        }
