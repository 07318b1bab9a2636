"""The event catalogue: an AsyncAPI 3.0 document per service, generated from the same models as the events."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from kernel.events import EVENT_TYPES, UPCASTERS, CloudEvent, DomainEvent, source_uri
from kernel.relay import topic_for


def _lift_definitions(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    """Move pydantic's local `$defs` into the document's shared schemas, rewriting the references."""

    def rewrite(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: (v.replace("#/$defs/", "#/components/schemas/") if k == "$ref" else rewrite(v)) for k, v in node.items()}
        if isinstance(node, list):
            return [rewrite(v) for v in node]
        return node

    for name, definition in schema.pop("$defs", {}).items():
        components.setdefault(name, rewrite(definition))
    return rewrite(schema)


def event_types_of(service: str) -> dict[str, type[DomainEvent]]:
    return {t: cls for t, cls in sorted(EVENT_TYPES.items()) if cls.source == service}


def envelope_schema(event_type: str, data_ref: str) -> dict[str, Any]:
    schema = CloudEvent.model_json_schema()
    schema["properties"]["type"] = {"const": event_type}
    schema["properties"]["data"] = {"$ref": data_ref}
    schema["required"] = sorted(set(schema.get("required", [])) | {"type", "data", "streamversion", "position"})
    return schema


def document(service: str, topic_prefix: str = "", version: str = "1.0.0") -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for event_type, cls in event_types_of(service).items():
        name = event_type.replace(".", "_")
        schemas[f"{name}_data"] = _lift_definitions(cls.model_json_schema(), schemas)
        schemas[name] = envelope_schema(event_type, f"#/components/schemas/{name}_data")
        messages[name] = {
            "name": event_type,
            "title": cls.__name__,
            "summary": (cls.__doc__ or "").strip() or f"{cls.__name__} ({service})",
            "contentType": "application/json",
            "headers": {"type": "object", "description": "Kafka record key: the stream id (`subject`)."},
            "payload": {"$ref": f"#/components/schemas/{name}"},
        }
        if event_type in UPCASTERS:  # no longer recorded, still on the topic and in the feed for older records
            messages[name]["description"] = "Superseded by a later version: no longer recorded; readers upcast it."
    channel = topic_for(service, topic_prefix)
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": f"{service} events",
            "version": version,
            "description": f"Every event {source_uri(service)} records, as CloudEvents 1.0 in JSON, on Kafka topic "
            f"`{channel}` (keyed by stream id, at least once) and in commit order at GET /v1/events.",
        },
        "channels": {"events": {"address": channel, "messages": {n: {"$ref": f"#/components/messages/{n}"} for n in messages}}},
        "operations": {
            "receiveEvents": {"action": "receive", "channel": {"$ref": "#/channels/events"},
                              "messages": [{"$ref": f"#/channels/events/messages/{n}"} for n in messages]},
        },
        "components": {"schemas": schemas, "messages": messages},
    }


def asyncapi_router(service: str) -> APIRouter:
    router = APIRouter(tags=["events"])

    @router.get("/asyncapi.json", summary="The event catalogue (AsyncAPI 3.0)")
    async def asyncapi(request: Request) -> dict[str, Any]:
        settings = request.app.state.settings
        return document(service, settings.kafka_topic_prefix, request.app.version)

    return router
