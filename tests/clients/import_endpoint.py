"""A small real service implementing the bulk import contract, for testing the `import` client against HTTP.

It keeps what it received (each request's key, parameters and lines) and what it stored, answers a resent key
from what it kept, refuses a chunk over `max_lines` (or `max_bytes`) with 413, and checks two fields of the
`briefing` kind: `title` (标题) must be given and `attendance` (参加人数) must be a whole number above zero.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Header, Request
from fastapi.responses import JSONResponse

TOKEN = "import-test-token"
LABELS = {"标题": "title", "参加人数": "attendance", "引用": "ref"}


@dataclass
class Received:
    key: str
    params: dict[str, str]
    content_type: str
    lines: list[Any]  # NDJSON: the raw lines; CSV: the rows as dicts
    header: list[str] | None = None


@dataclass
class ImportEndpoint:
    max_lines: int = 4
    max_bytes: int | None = None
    received: list[Received] = field(default_factory=list)
    stored: list[dict[str, Any]] = field(default_factory=list)
    kept: dict[str, tuple[str, int, dict]] = field(default_factory=dict)

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.get("/v1/import/kinds")
        async def kinds(authorization: str = Header("")):
            if authorization != f"Bearer {TOKEN}":
                return _problem(401, "send Authorization: Bearer <token>")
            return {"max_lines": self.max_lines, "kinds": [{"kind": "briefing", "fields": [
                {"name": "title", "label_zh": "标题", "required": True},
                {"name": "attendance", "label_zh": "参加人数", "required": True}]}]}

        @app.post("/v1/import")
        async def bulk_import(request: Request, authorization: str = Header(""), idempotency_key: str = Header("")):
            if authorization != f"Bearer {TOKEN}":
                return _problem(401, "send Authorization: Bearer <token>")
            body = await request.body()
            fingerprint = hashlib.sha256(str(sorted(request.query_params.items())).encode() + body).hexdigest()
            if idempotency_key in self.kept:
                kept_fingerprint, status, answer = self.kept[idempotency_key]
                if kept_fingerprint != fingerprint:
                    return _problem(422, "this Idempotency-Key was used for a different request")
                self.received.append(Received(idempotency_key, dict(request.query_params), request.headers["content-type"], []))
                return JSONResponse(answer, status, headers={"Idempotent-Replayed": "true"})
            status, answer = self._decide(request, body, idempotency_key)
            if status in (200, 422):
                self.kept[idempotency_key] = (fingerprint, status, answer)
            media = "application/json" if status == 200 else "application/problem+json"
            return JSONResponse(answer, status, media_type=media)

        return app

    def _decide(self, request: Request, body: bytes, key: str) -> tuple[int, dict]:
        params = dict(request.query_params)
        content_type = request.headers["content-type"]
        text = body.decode()
        if content_type.startswith("text/csv"):
            if "kind" not in params:
                return 422, _problem_body(422, "kind is required for CSV")
            reader = csv.reader(io.StringIO(text))
            header = next(reader)
            rows = [dict(zip([LABELS.get(h, h) for h in header], row)) for row in reader]
            self.received.append(Received(key, params, content_type, rows, header))
            records: list[Any] = [{"kind": params["kind"], **row} for row in rows]
        else:
            raw = [line for line in text.split("\n") if line.strip()]
            self.received.append(Received(key, params, content_type, raw))
            records = []
            for line in raw:
                try:
                    records.append(json.loads(line))
                except ValueError:
                    records.append(None)
        if len(records) > self.max_lines:
            return 413, _problem_body(413, f"at most {self.max_lines} lines a request")
        if self.max_bytes is not None and len(body) > self.max_bytes:
            return 413, _problem_body(413, f"at most {self.max_bytes} bytes a request")
        dry_run, atomic = params.get("dry_run") == "true", params.get("atomic") == "true"
        lines, accepted = [], []
        for number, record in enumerate(records, start=1):
            errors = _errors(record)
            ref = record.get("ref") if isinstance(record, dict) else None
            kind = record.get("kind") if isinstance(record, dict) else None
            if errors:
                problem = _problem_body(422, "; ".join(f"{e['field']}: {e['message']}" for e in errors), errors)
                lines.append({"line": number, "ref": ref, "kind": kind, "status": "refused", "id": None, "location": None,
                              "replayed": False, "problem": problem})
            else:
                accepted.append(record)
                lines.append({"line": number, "ref": ref, "kind": kind, "status": "valid" if dry_run else "accepted",
                              "id": None if dry_run else f"b-{len(self.stored) + len(accepted)}", "location": None,
                              "replayed": False, "problem": None})
        refused = sum(1 for line in lines if line["status"] == "refused")
        if atomic and refused:
            problem = _problem_body(422, f"{refused} lines refused: nothing stored")
            return 422, {**problem, "lines": lines}
        if not dry_run:
            self.stored.extend(accepted)
        return 200, {"dry_run": dry_run, "atomic": atomic, "accepted": len(records) - refused, "refused": refused, "lines": lines}


def _errors(record: Any) -> list[dict[str, str]]:
    if not isinstance(record, dict):
        return [{"field": "line", "message": "is not a JSON object"}]
    errors = [{"field": name, "message": "unknown field"} for name in record if name.startswith("_")]
    if not str(record.get("title") or "").strip():
        errors.append({"field": "title", "message": "is required"})
    attendance = record.get("attendance")
    if not (isinstance(attendance, int) or (isinstance(attendance, str) and attendance.isdigit())) or int(attendance) < 1:
        errors.append({"field": "attendance", "message": "must be a whole number above zero"})
    return errors


def _problem_body(status: int, detail: str, errors: list | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"type": "about:blank", "title": "refused", "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    return body


def _problem(status: int, detail: str) -> JSONResponse:
    return JSONResponse(_problem_body(status, detail), status, media_type="application/problem+json")
