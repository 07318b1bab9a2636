"""The projection tied to its producers: generated from the command services' event catalogues (the same models
that make each service's `/asyncapi.json`), so a new event type, a renamed event or a renamed field cannot pass.

1. Every event type a service records is applied by a read model or deliberately ignored
   (`projection.ignored_events`), and every type a read model reads is one a service records.
2. Every field a read model reads from an event exists in that event's schema. Each read model applies, against
   a real database (rolled back), an event built from the catalogue's schema with every field present; the
   event's data records every key read from it, at any depth. A key the schema does not have (a `.get` that
   finds nothing, or a `[...]` that fails) is a read of a field the producer does not send.
3. The enterprise directory reads enterprises by their shape (an object with a credit code, a name and an
   ownership) wherever they are: it finds every enterprise object each schema declares.
4. An older version a read model still meets upcasts to data that the current version's model accepts.
"""

from __future__ import annotations

import importlib
from datetime import datetime, timezone
from typing import Any
from uuid import uuid4

import pytest

from kernel.asyncapi import document
from kernel.events import EVENT_TYPES
from kernel.projection.projector import apply_to
from kernel.projection.received import ReceivedEvent
from projection.ignored_events import IGNORED
from projection.indicators import facts
from projection.readmodels import all_read_models
from projection.readmodels.enterprise_directory import named_enterprises
from projection.settings import ProjectionSettings

SERVICES = tuple(ProjectionSettings.model_fields["sources"].default)  # the services the projection reads
for _service in SERVICES:
    importlib.import_module(f"{_service}.app")  # registers the service's event models

CATALOGUES = {service: document(service) for service in SERVICES}
READ_MODELS = all_read_models()
BY_SHAPE = {"enterprise_directory"}  # reads enterprise objects wherever they are (checked by shape, below)


def messages() -> dict[str, tuple[dict, dict, bool]]:
    """event type -> (its data schema, the catalogue's shared schemas, whether superseded)."""
    found = {}
    for catalogue in CATALOGUES.values():
        schemas = catalogue["components"]["schemas"]
        for name, message in catalogue["components"]["messages"].items():
            superseded = "Superseded" in message.get("description", "")
            found[message["name"]] = (schemas[f"{name}_data"], schemas, superseded)
    return found


MESSAGES = messages()
CURRENT = sorted(t for t, (_, _, superseded) in MESSAGES.items() if not superseded)
SUPERSEDED = sorted(t for t, (_, _, superseded) in MESSAGES.items() if superseded)


def resolve(node: dict, schemas: dict) -> dict:
    while "$ref" in node:
        node = schemas[node["$ref"].rsplit("/", 1)[-1]]
    return node


def branches(node: dict, schemas: dict) -> list[dict]:
    node = resolve(node, schemas)
    if "anyOf" in node or "oneOf" in node:
        return [b for option in node.get("anyOf", node.get("oneOf")) for b in branches(option, schemas)]
    return [node]


def example(node: dict, schemas: dict) -> Any:
    """A value of the schema with every property present, the first non-null choice and the schema's examples."""
    options = [b for b in branches(node, schemas) if b.get("type") != "null"]
    if not options:
        return None
    node = options[0]
    if "const" in node:
        return node["const"]
    if "enum" in node:
        return node["enum"][0]
    if node.get("examples"):
        return node["examples"][0]
    kind = node.get("type")
    if kind == "object":
        return {key: example(sub, schemas) for key, sub in node.get("properties", {}).items()}
    if kind == "array":
        return [example(node.get("items", {}), schemas)]
    if kind == "integer":
        return max(node.get("minimum", 1), node.get("exclusiveMinimum", 0) + 1)
    if kind == "number":
        return float(max(node.get("minimum", 1), 1))
    if kind == "boolean":
        return True
    return {"date": "2019-06-14", "date-time": "2019-06-14T08:00:00Z"}.get(node.get("format"), "x")


def has_path(node: dict, schemas: dict, path: tuple[str, ...]) -> bool:
    if not path:
        return True
    head, rest = path[0], path[1:]
    for option in branches(node, schemas):
        if head == "[]" and option.get("type") == "array" and has_path(option.get("items", {}), schemas, rest):
            return True
        if head != "[]" and head in option.get("properties", {}) and has_path(option["properties"][head], schemas, rest):
            return True
    return False


class Traced(dict):
    """An event's data that records every key read from it, and from what it contains, by its path."""

    def __init__(self, data: dict, reads: set, path: tuple = ()) -> None:
        super().__init__({k: traced(v, reads, (*path, k)) for k, v in data.items()})
        self.reads, self.path = reads, path

    def __getitem__(self, key):
        self.reads.add((*self.path, key))
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.reads.add((*self.path, key))
        return super().get(key, default)

    def __contains__(self, key) -> bool:
        self.reads.add((*self.path, key))
        return super().__contains__(key)


def traced(value: Any, reads: set, path: tuple) -> Any:
    if isinstance(value, dict):
        return Traced(value, reads, path)
    if isinstance(value, list):
        return [traced(v, reads, (*path, "[]")) for v in value]
    return value


def received(event_type: str, data: dict) -> ReceivedEvent:
    return ReceivedEvent(source=event_type.split(".")[0], event_id=uuid4(), type=event_type, stream_id=f"contract-{uuid4()}",
                         version=1, position=1, recorded_at=datetime(2019, 6, 14, tzinfo=timezone.utc), data=data)


def test_every_event_type_a_service_records_is_applied_or_deliberately_ignored():
    applied = {t for model in READ_MODELS for t in model.event_types}
    recorded = set(MESSAGES)
    assert recorded == {t for t, cls in EVENT_TYPES.items() if cls.source in SERVICES}  # the catalogues are the models
    assert sorted(recorded - applied - set(IGNORED)) == [], "recorded, neither applied nor in projection.ignored_events"
    assert sorted(applied & set(IGNORED)) == [], "both applied and listed as ignored"
    assert sorted((applied | set(IGNORED)) - recorded) == [], "read or ignored, but no service records such an event"
    assert all(reason.strip() for reason in IGNORED.values())


async def test_every_field_a_read_model_reads_is_in_the_event_schema(projection_engine):
    missing: list[str] = []
    for event_type in CURRENT:
        schema, schemas, _ = MESSAGES[event_type]
        for model in READ_MODELS:
            if event_type not in model.event_types or model.name in BY_SHAPE:
                continue
            reads: set = set()
            event = received(event_type, Traced(example(schema, schemas), reads))
            async with projection_engine.connect() as conn:
                transaction = await conn.begin()
                try:
                    await apply_to(model, conn, [event])
                except KeyError:
                    pass  # the key it wanted is in `reads`, and not in the schema
                finally:
                    await transaction.rollback()
            missing += [f"{event_type}: {model.name} reads {'.'.join(path)}" for path in sorted(reads)
                        if not has_path(schema, schemas, path)]
    assert missing == [], "\n".join(missing)


ENTERPRISE_SHAPE = {"uscc", "name", "ownership"}


def enterprise_objects(node: dict, schemas: dict, skip: str = "infringer") -> int:
    """How many enterprise objects an example of the schema holds: the kernel's `Enterprise`, or an event that is
    itself about an enterprise (a service agency, with its credit code, name and ownership at the top)."""
    count = 0
    for option in branches(node, schemas)[:1]:
        if option.get("title") == "Enterprise" or ENTERPRISE_SHAPE <= set(option.get("properties", {})):
            count += 1
        for key, sub in option.get("properties", {}).items():
            if key != skip:
                count += enterprise_objects(sub, schemas)
        if option.get("type") == "array":
            count += enterprise_objects(option.get("items", {}), schemas)
    return count


@pytest.mark.parametrize("event_type", [t for t in CURRENT if t in facts.EVENT_TYPES])
def test_the_directory_finds_every_enterprise_an_event_declares(event_type):
    schema, schemas, _ = MESSAGES[event_type]
    data = example(schema, schemas)
    found = [e for e in named_enterprises(data) if e.get("ownership") is not None]
    assert len(found) == enterprise_objects(schema, schemas), data


@pytest.mark.parametrize("event_type", SUPERSEDED)
def test_an_older_version_upcasts_to_what_the_current_model_accepts(event_type):
    schema, schemas, _ = MESSAGES[event_type]
    assert event_type in facts.UPCASTERS, "superseded, but the projection cannot read it as the current version"
    current, data = facts.UPCASTERS.upcast(event_type, example(schema, schemas))
    assert current in CURRENT
    EVENT_TYPES[current].model_validate(data)
