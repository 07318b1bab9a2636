"""What the figures write: valid on-site service bodies, domain events and CloudEvent envelopes."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timezone
from typing import Any

import orjson

from kernel.domain.enterprise import uscc_check_character
from kernel.events import rfc3339, source_uri

SERVICE_REGION = "420100"  # where the load's centers are
PROBE_REGION = "420500"  # where the freshness probes' centers are, so that only probes move its figure
REGIONS = ("420100", "420200", "420300", "420500", "420600", "420700", "420800", "420900")
RECORDED = "enforcement.OnsiteServiceRecorded.v1"
RETRACTED = "enforcement.OnsiteServiceRetracted.v1"
REGISTERED = "enforcement.AssistanceCenterRegistered.v1"


def uscc(n: int) -> str:
    first17 = f"91420100{n % 10**9:09d}"
    return first17 + uscc_check_character(first17)


def enterprise(n: int, region: str = SERVICE_REGION) -> dict[str, str]:
    return {"uscc": uscc(n), "name": f"武汉第{n}科技有限公司", "ownership": "private", "region": region}


def center_body(center_id: str, region: str = SERVICE_REGION) -> dict[str, Any]:
    return {"center_id": center_id, "name": f"知识产权维权援助工作站 {center_id}", "region": region,
            "registered_on": "2019-01-01"}


def service_body(center_id: str, n: int, occurred_on: str | None = None) -> dict[str, Any]:
    return {
        "center_id": center_id,
        "occurred_on": occurred_on or f"2019-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
        "enterprises": [enterprise(n)],
        "summary": "上门指导专利布局与维权取证",
    }


def service_bodies(centers: list[str], count: int) -> list[bytes]:
    """A pool of encoded bodies the load cycles through (each POST records a new service)."""
    return [orjson.dumps(service_body(centers[n % len(centers)], n)) for n in range(count)]


def service_event_data(service_id: str, center_id: str, n: int, region: str = SERVICE_REGION) -> dict[str, Any]:
    body = service_body(center_id, n)
    return {"service_id": service_id, "center_id": center_id, "region": region, **body}


def synthetic_envelopes(count: int, centers: int = 100):
    """`count` envelopes as the enforcement relay publishes them, positions dense from 1: centers first, then
    on-site services (one stream each), one in fifty retracting an earlier one. Yields (key, value)."""
    now = rfc3339(datetime.now(timezone.utc))
    source = source_uri("enforcement")
    recent: list[str] = []
    for position in range(1, count + 1):
        if position <= centers:
            center_id = f"rc-{position}"
            stream, version, kind = f"assistance-center-{center_id}", 1, REGISTERED
            data = center_body(center_id, REGIONS[position % len(REGIONS)])
        elif position % 50 == 0 and recent:
            service_id = recent.pop()
            stream, version, kind = f"onsite-service-{service_id}", 2, RETRACTED
            data = {"service_id": service_id, "reason": "重复录入", "retracted_on": "2019-12-31"}
        else:
            service_id = str(uuid.uuid4())
            center_id = f"rc-{position % min(centers, count) + 1}"
            stream, version, kind = f"onsite-service-{service_id}", 1, RECORDED
            data = service_event_data(service_id, center_id, position, REGIONS[(position % min(centers, count) + 1) % len(REGIONS)])
            recent.append(service_id)
            del recent[:-100]
        envelope = {
            "specversion": "1.0", "id": str(uuid.uuid4()), "source": source, "type": kind, "subject": stream,
            "time": now, "datacontenttype": "application/json", "data": data, "streamversion": version,
            "position": position, "correlationid": None, "causationid": None, "actor": "bench",
        }
        yield stream.encode(), orjson.dumps(envelope)


def month_day(month: int) -> str:
    return date(2019, month, 15).isoformat()
