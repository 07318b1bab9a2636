"""T09b: pledge-financing projects (measure 9), with the enterprise's ownership at registration and the amount."""

from __future__ import annotations

from projection.readmodels.target_records import RetractableRecords, day, is_private
from projection.readmodels.target_tables import pledge_projects


class TargetPledgeProjects(RetractableRecords):
    name = "target_pledge_projects"
    table = pledge_projects
    recorded = "financing.PledgeProjectRegistered.v1"
    retracted = "financing.PledgeProjectRetracted.v1"
    id_field = "project_id"

    def row(self, event):
        data = event.data
        return {
            "region": data["region"], "occurred_on": day(data["registered_on"]), "uscc": data["enterprise"]["uscc"],
            "private": is_private(data["enterprise"]), "amount_cny": int(data["amount_cny"]),
        }
