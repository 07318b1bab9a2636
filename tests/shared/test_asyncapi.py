"""The event catalogue lists every event a service can emit, and every emitted event validates against it."""

import importlib
import re

import jsonschema
import pytest

from kernel.asyncapi import document, event_types_of
from tests.projection.workload import all_events, record_services, register_centers

SERVICES = ["enforcement", "financing", "training", "outreach"]


@pytest.mark.parametrize("service", SERVICES)
def test_every_event_class_of_a_service_is_in_its_catalogue(service):
    importlib.import_module(f"{service}.app")  # importing the app imports every aggregate and its events
    doc = document(service)
    listed = {m["name"] for m in doc["components"]["messages"].values()}
    assert listed == set(event_types_of(service)) and listed
    assert all(re.fullmatch(rf"{service}\.[A-Z]\w+\.v[1-9]\d*", name) for name in listed), listed
    assert doc["channels"]["events"]["address"] == f"{service}.events"


def validator_for(doc: dict, event_type: str):
    name = event_type.replace(".", "_")
    schema = {"$ref": f"#/components/schemas/{name}", "components": doc["components"]}
    return jsonschema.Draft202012Validator(schema)


async def test_emitted_events_validate_against_the_served_catalogue(enforcement, enforcement_client):
    centers = await register_centers(enforcement_client, 2)
    ids = await record_services(enforcement_client, centers, writers=2, per_writer=3)
    await enforcement_client.post(f"/v1/onsite-services/{ids[0]}/retraction", json={"reason": "重复"})
    doc = (await enforcement_client.get("/asyncapi.json")).json()
    events = await all_events(enforcement_client)
    for event in events:
        validator_for(doc, event["type"]).validate(event)
    broken = {**events[0], "data": {**events[0]["data"], "region": "999999"}}
    with pytest.raises(jsonschema.ValidationError):
        validator_for(doc, broken["type"]).validate(broken)
