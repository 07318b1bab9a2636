"""Every kind a service lists at GET /v1/import/kinds is importable: one valid line each, through NDJSON and through
CSV, generated from that list, so a new kind cannot escape.

A kind's valid line is the first example its single endpoint documents (the request body's `examples` in the
service's /openapi.json), with its path parameters as fields. The record a line names is made first:

- the kind's parent is the longest kind its name begins with (`onsite-service-retraction` names an
  `onsite-service`, `pledge-project-subsidy-retraction` a `pledge-project-subsidy`, which names a
  `pledge-project`); a path parameter the parent's line does not give (`certified_on`) is taken from its
  fields, else it is the id the parent's line was given;
- a body field called like another kind's path parameter (`center_id`) names that kind's record.

Through NDJSON the records it names are lines of the same batch, named by `{"$ref": ...}`; through CSV (one
kind a file, headers the kind's fields, dotted for what they contain) they are imported first and the CSV
line carries their ids. Each batch has credit codes and client-chosen ids of its own, so that the examples
never meet each other's records.
"""

from __future__ import annotations

import csv
import io
import itertools
from typing import Any

import orjson
import pytest

from kernel.domain.enterprise import USCC_ALPHABET, uscc_check_character, uscc_problem
from tests.reliability.conftest import COMMAND_SERVICES

NDJSON = {"Content-Type": "application/x-ndjson"}
# a kind whose example is decided only after a sibling's line on the same record (the measure's own order)
NEEDS_FIRST = {
    "assistance-request-resolution": "assistance-request-first-response",
    "brand-protection-order-closure": "brand-protection-order-action",
    "mediation-case-closure": "mediation-case-session",
    "pledge-project-risk-compensation": "pledge-project-default",
    "service-agency-cluster-zone-departure": "service-agency-cluster-zone-settlement",
}
BATCHES = itertools.count(1)


def valid_uscc(value: str) -> bool:
    return len(value) == 18 and uscc_problem(value) is None


class Kinds:
    """A service's kinds (from /v1/import/kinds) with the example of each (from /openapi.json)."""

    def __init__(self, client) -> None:
        self.listed = {k["kind"]: k for k in client.get("/v1/import/kinds").raise_for_status().json()["kinds"]}
        spec = client.get("/openapi.json").raise_for_status().json()
        self.examples = {kind: self._example(spec, info["endpoint"].split(" ", 1)[1]) for kind, info in self.listed.items()}

    @staticmethod
    def _example(spec: dict, path: str) -> dict | None:
        content = spec["paths"][path]["post"].get("requestBody", {}).get("content", {}).get("application/json", {})
        schema = content.get("schema", {})
        while "$ref" in schema:
            schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
        examples = content.get("examples") or schema.get("examples")
        if isinstance(examples, dict):  # OpenAPI's named examples
            examples = [e.get("value") for e in examples.values()]
        return dict(examples[0]) if examples else None

    def path_params(self, kind: str) -> list[str]:
        return [f["name"] for f in self.listed[kind]["fields"] if f["in_path"]]

    def parent(self, kind: str) -> str | None:
        words = kind.split("-")
        return next(("-".join(words[:n]) for n in range(len(words) - 1, 0, -1) if "-".join(words[:n]) in self.listed), None)

    def owner_of(self, field: str, kind: str) -> str | None:
        """The kind whose records a field called `field` names (a path parameter of that kind's children)."""
        for other in self.listed:
            parent = self.parent(other)
            if parent and parent != kind and field in self.path_params(other) and field not in self.path_params(parent):
                return parent
        return None


class Batch:
    """The lines one kind's line needs, in order; credit codes and client-chosen ids of this batch alone."""

    def __init__(self, kinds: Kinds) -> None:
        self.kinds, self.number, self.lines, self.codes = kinds, next(BATCHES), [], {}

    def unique(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: self.unique(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.unique(v) for v in value]
        if isinstance(value, str) and valid_uscc(value):
            if value not in self.codes:
                n = self.number * 97 + len(self.codes)
                first = "91420100MA" + "".join(USCC_ALPHABET[(n // 31 ** i) % 31] for i in range(7))
                self.codes[value] = first + uscc_check_character(first)
            return self.codes[value]
        return value

    def line(self, kind: str, *, refs: bool = True) -> dict:
        """`kind`'s line, after the lines of what it names (as refs, or only their fields when `refs` is off)."""
        example = self.kinds.examples[kind]
        assert example is not None, f"{kind}: its endpoint documents no example body"
        fields = self.unique(example)
        for own in self.kinds.path_params(kind):
            fields.pop(own, None)
        parent = self.kinds.parent(kind)
        named = {}
        if parent is not None:
            parent_line = self.add(parent)
            parent_fields = parent_line.get("data", parent_line)
            for param in self.kinds.path_params(kind):
                if param in parent_fields:
                    named[param] = parent_fields[param]
                else:
                    named[param] = {"$ref": parent_line["ref"]}
        if kind in NEEDS_FIRST:
            self.add(NEEDS_FIRST[kind])
        for name in list(fields):
            owner = self.kinds.owner_of(name, kind)
            if owner is not None and not isinstance(fields[name], dict):
                fields[name] = {"$ref": self.add(owner)["ref"]}
        missing = [p for p in self.kinds.path_params(kind) if p not in named]
        assert not missing, f"{kind}: nothing names the record of {missing}"
        for name, value in self.client_ids(kind, fields).items():
            fields[name] = value
        fields = {**named, **fields}
        if "kind" in fields or "ref" in fields:  # the command's own field: its fields go under `data`
            return {"kind": kind, "ref": f"b{self.number}-{kind}", "data": fields}
        return {"kind": kind, "ref": f"b{self.number}-{kind}", **fields}

    def client_ids(self, kind: str, fields: dict) -> dict:
        """A record's own id chosen by the client (`center_id`), made this batch's."""
        own = {p for other in self.kinds.listed if self.kinds.parent(other) == kind for p in self.kinds.path_params(other)}
        return {name: f"{fields[name]}-b{self.number}" for name in own & set(fields) if name.endswith("_id") and isinstance(fields[name], str)}

    def add(self, kind: str) -> dict:
        found = next((l for l in self.lines if l["kind"] == kind), None)
        if found is None:
            found = self.line(kind)
            self.lines.append(found)
        return found


def flatten(value: Any, prefix: str = "") -> dict[str, str]:
    if isinstance(value, dict):
        return {k: v for key, item in value.items() for k, v in flatten(item, f"{prefix}{key}.").items()}
    if isinstance(value, list):
        return {k: v for n, item in enumerate(value) for k, v in flatten(item, f"{prefix}{n}.").items()}
    if value is None:
        return {}
    return {prefix[:-1]: orjson.dumps(value).decode() if isinstance(value, bool) else str(value)}


def resolved(value: Any, ids: dict[str, str]) -> Any:
    """The line with each `{"$ref": ...}` replaced by the id that line was given."""
    if isinstance(value, dict):
        return ids.get(value["$ref"]) if set(value) == {"$ref"} else {k: resolved(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [resolved(v, ids) for v in value]
    return value


def refused(report: dict) -> list[str]:
    return [f"line {l['line']} ({l['kind']}): {l['problem']}" for l in report["lines"] if l["status"] != "accepted"]


def post_ndjson(client, lines: list[dict]) -> dict:
    response = client.post("/v1/import", content=b"".join(orjson.dumps(l) + b"\n" for l in lines), headers=NDJSON)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("service", COMMAND_SERVICES)
def test_every_kind_imports_one_valid_line_through_ndjson(live, service):
    with live.client(service) as client:
        kinds = Kinds(client)
        assert kinds.listed, "the service lists no kinds"
        failures = []
        for kind in kinds.listed:
            batch = Batch(kinds)
            batch.lines.append(batch.line(kind))
            report = post_ndjson(client, batch.lines)
            failures += refused(report)
            assert report["lines"][-1]["kind"] == kind
        assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("service", COMMAND_SERVICES)
def test_every_kind_imports_one_valid_line_through_csv(live, service):
    with live.client(service) as client:
        kinds = Kinds(client)
        failures = []
        for kind in kinds.listed:
            batch = Batch(kinds)
            line = batch.line(kind)
            if batch.lines:  # what the line names, imported first
                report = post_ndjson(client, batch.lines)
                failures += refused(report)
                ids = {l["ref"]: l["id"] for l in report["lines"]}
                line = resolved(line, ids)
            # a CSV names its kind in the query: a command's own field `kind` is a column like any other
            row = flatten({"ref": line["ref"], **line.get("data", {k: v for k, v in line.items() if k not in ("kind", "ref")})})
            fields = {f["name"] for f in kinds.listed[kind]["fields"]} | {"ref"}
            assert {header.split(".")[0] for header in row} <= fields, (kind, sorted(row))
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=list(row))
            writer.writeheader()
            writer.writerow(row)
            response = client.post("/v1/import", params={"kind": kind}, content=text.getvalue().encode(),
                                   headers={"Content-Type": "text/csv"})
            assert response.status_code == 200, (kind, response.text)
            failures += refused(response.json())
        assert failures == [], "\n".join(failures)
