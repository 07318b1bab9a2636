"""T11: demonstration recognitions (measure 11), with level and the enterprise's ownership when recognised."""

from __future__ import annotations

from projection.readmodels.target_records import RetractableRecords, day, is_private
from projection.readmodels.target_tables import recognitions


class TargetRecognitions(RetractableRecords):
    name = "target_recognitions"
    table = recognitions
    recorded = "training.DemonstrationRecognized.v1"
    retracted = "training.DemonstrationRecognitionRetracted.v1"
    id_field = "recognition_id"

    def row(self, event):
        data = event.data
        return {
            "region": data["region"], "occurred_on": day(data["recognized_on"]), "level": data["level"],
            "uscc": data["enterprise"]["uscc"], "private": is_private(data["enterprise"]),
        }
