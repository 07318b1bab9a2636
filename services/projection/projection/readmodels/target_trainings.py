"""T22a/T22b: trainings that were held (measure 22), from the completion event, dated by the day they finished.

A planned training counts nothing; the completion event repeats the training's description, so the row comes
from that one event and is known from the moment the completion was recorded. A retraction (of the training
record, before or after it was held) removes it from then on.
"""

from __future__ import annotations

from projection.readmodels.target_records import RetractableRecords, day
from projection.readmodels.target_tables import trainings


class TargetTrainings(RetractableRecords):
    name = "target_trainings"
    table = trainings
    recorded = "training.TrainingCompleted.v1"
    retracted = "training.TrainingRetracted.v1"
    id_field = "training_id"

    def row(self, event):
        data = event.data
        return {
            "region": data["region"], "occurred_on": day(data["completed_on"]), "format": data["format"],
            "audience": data["audience"], "partner": data.get("partner"), "person_times": int(data["person_times"]),
        }
