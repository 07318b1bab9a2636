"""T19: policy briefings (measure 19), with topic, audience and attendance."""

from __future__ import annotations

from projection.readmodels.target_records import RetractableRecords, day
from projection.readmodels.target_tables import briefings


class TargetBriefings(RetractableRecords):
    name = "target_briefings"
    table = briefings
    recorded = "outreach.BriefingHeld.v1"
    retracted = "outreach.BriefingRetracted.v1"
    id_field = "briefing_id"

    def row(self, event):
        data = event.data
        return {
            "region": data["region"], "occurred_on": day(data["occurred_on"]), "topic": data["topic"],
            "audience": data["audience"], "attendance": int(data.get("attendance") or 0),
        }
