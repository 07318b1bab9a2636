from datetime import datetime, timezone
from pathlib import Path
from uuid import uuid4

import pytest

import projection
from kernel.db import PROJECTION_MIGRATIONS, ensure_database, make_engine, migrate
from kernel.projection.projector import Projector
from kernel.projection.received import ReceivedEvent
from projection.readmodels import all_read_models

MIGRATIONS = [PROJECTION_MIGRATIONS, Path(projection.__file__).parent / "migrations" / "versions"]


@pytest.fixture
async def projection_engine(new_database):
    url = new_database("readmodels")
    await ensure_database(url)
    engine = make_engine(url)
    await migrate(engine, MIGRATIONS)
    yield engine
    await engine.dispose()


class History:
    """Builds enforcement events as they arrive on the wire, with positions and stream versions filled in."""

    def __init__(self) -> None:
        self.events: list[ReceivedEvent] = []
        self.versions: dict[str, int] = {}

    def add(self, type_: str, stream: str, data: dict, recorded_at: str = "2019-01-01T00:00:00+00:00") -> ReceivedEvent:
        self.versions[stream] = self.versions.get(stream, 0) + 1
        event = ReceivedEvent(
            source="enforcement", event_id=uuid4(), type=f"enforcement.{type_}.v1", stream_id=stream,
            version=self.versions[stream], position=len(self.events) + 1,
            recorded_at=datetime.fromisoformat(recorded_at).astimezone(timezone.utc), data=data,
        )
        self.events.append(event)
        return event

    def center(self, center_id, registered_on, region="420100", recorded_at="2019-01-01T00:00:00+00:00"):
        return self.add("AssistanceCenterRegistered", f"assistance-center-{center_id}",
                        {"center_id": center_id, "name": center_id, "region": region, "registered_on": registered_on}, recorded_at)

    def closure(self, center_id, closed_on, recorded_at="2019-01-01T00:00:00+00:00"):
        return self.add("AssistanceCenterClosed", f"assistance-center-{center_id}", {"center_id": center_id, "closed_on": closed_on}, recorded_at)

    def service(self, center_id, occurred_on, ownership="private", region="420100", recorded_at="2019-01-01T00:00:00+00:00", service_id=None):
        service_id = service_id or str(uuid4())
        enterprise = {"uscc": "91440101MA5CJQ4N59", "name": "甲", "ownership": ownership, "region": region}
        self.add("OnsiteServiceRecorded", f"onsite-service-{service_id}",
                 {"service_id": service_id, "center_id": center_id, "region": region, "occurred_on": occurred_on,
                  "enterprises": [enterprise], "summary": ""}, recorded_at)
        return service_id

    def retraction(self, service_id, recorded_at):
        return self.add("OnsiteServiceRetracted", f"onsite-service-{service_id}",
                        {"service_id": service_id, "reason": "wrong", "retracted_on": recorded_at[:10]}, recorded_at)


@pytest.fixture
def history() -> History:
    return History()


@pytest.fixture
def project(projection_engine):
    async def apply(events):
        await Projector(projection_engine, all_read_models()).apply(events, path="test")

    return apply
