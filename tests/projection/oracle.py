"""An independent, deliberately plain computation of T04 from a list of CloudEvents (the tests' oracle)."""

from __future__ import annotations

import calendar
from datetime import date, datetime


def t04_from_events(events: list[dict], year: int, as_of: date, known_at: datetime, region: str | None = None) -> tuple[int, int]:
    """(center-months due, center-months met) over the months completed by as_of."""
    known = [e for e in events if datetime.fromisoformat(e["time"]) <= known_at]
    centers: dict[str, dict] = {}
    services: dict[str, dict] = {}
    for e in known:
        kind, data = e["type"].split(".")[1], e["data"]
        if kind == "AssistanceCenterRegistered":
            centers[data["center_id"]] = {"region": data["region"], "from": date.fromisoformat(data["registered_on"]), "to": None}
        elif kind == "AssistanceCenterClosed":
            centers[data["center_id"]]["to"] = date.fromisoformat(data["closed_on"])
        elif kind == "OnsiteServiceRecorded":
            services[data["service_id"]] = data
        elif kind == "OnsiteServiceRetracted":
            services.pop(data["service_id"], None)
    due = met = 0
    for center_id, center in centers.items():
        if region and center["region"] != region:
            continue
        for month in range(1, 13):
            first, last = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
            if last > as_of or center["from"] > first or (center["to"] is not None and center["to"] < last):
                continue
            due += 1
            met += any(
                s["center_id"] == center_id
                and first <= date.fromisoformat(s["occurred_on"]) <= last
                and any(x["ownership"] == "private" for x in s["enterprises"])
                for s in services.values()
            )
    return due, met
