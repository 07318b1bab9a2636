"""T09a: pledge-financing matchmaking events (measure 9)."""

from __future__ import annotations

from projection.readmodels.target_records import RetractableRecords, day, is_private
from projection.readmodels.target_tables import matchmaking_events


class TargetMatchmakingEvents(RetractableRecords):
    name = "target_matchmaking_events"
    table = matchmaking_events
    recorded = "financing.MatchmakingEventHeld.v1"
    retracted = "financing.MatchmakingEventRetracted.v1"
    id_field = "event_id"

    def row(self, event):
        data = event.data
        attending = data.get("enterprises_attending") or []
        return {
            "region": data["region"], "occurred_on": day(data["occurred_on"]), "enterprises": len(attending),
            "private_enterprises": sum(1 for e in attending if is_private(e)),
        }
