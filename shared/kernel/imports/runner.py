"""Deciding each line of a batch with its kind's endpoint, against the batch so far."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import orjson
from fastapi.responses import Response
from pydantic import ValidationError

from kernel.auth import Principal
from kernel.eventstore.store import StreamConflict
from kernel.i18n import Bilingual, join
from kernel.imports.batch import BatchState, LineBus
from kernel.imports.enum_cells import to_codes
from kernel.imports.kinds import ImportKind
from kernel.imports.parsing import RawLine
from kernel.imports.references import resolve
from kernel.imports.schemas import LineProblem, LineResult
from kernel.problems import Problem, field_error
from kernel.validation_messages import message as validation_message

MAX_REF_LENGTH = 200
REF_KEY_PREFIX = "import-ref:"


def _refused(raw: RawLine, problem: Problem, *, ref: str | None = None, kind: str | None = None) -> LineResult:
    return LineResult(line=raw.line, ref=ref, kind=kind, status="refused", problem=LineProblem(**problem.body()))


def _invalid(field: str, message: str) -> Problem:
    return Problem(422, "validation-error", f"{field}: {message}", errors=[field_error(field, message)])


def _validation_problem(exc: ValidationError, base: str = "") -> Problem:
    errors = []
    for err in exc.errors():
        place = ".".join(str(p) for p in err.get("loc", ()) if not str(p).startswith("function-"))
        errors.append(field_error(".".join(p for p in (base, place) if p) or "line", validation_message(err)))
    summary = join([Bilingual(f"{e['field']}：{e['message'].zh}", f"{e['field']}: {e['message'].en}") for e in errors[:5]])
    return Problem(422, "validation-error", summary, errors=errors)


def _nul_field(value: Any, path: str = "") -> str | None:
    """Where a NUL character hides (PostgreSQL cannot store one), so the line is refused before the batch fails."""
    if isinstance(value, str):
        return path or "line" if "\x00" in value else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found = _nul_field(item, f"{path}.{key}" if path else str(key))
        if found:
            return found
    return None


def _command_fields(kind: ImportKind, fields: dict[str, Any]) -> tuple[dict[str, Any], Problem | None]:
    """A line's command: its other members, or its `data` member (needed when the command has a field `kind` or `ref`)."""
    own = kind.body_model.model_fields
    if "data" in fields and "data" not in own:
        data = fields.pop("data")
        if fields:
            return {}, _invalid(sorted(fields)[0], "with `data`, every field of the command goes inside it")
        if not isinstance(data, dict):
            return {}, _invalid("data", "must be an object holding the command's fields")
        return data, None
    clash = next((name for name in ("kind", "ref") if name in own), None)
    if clash:
        return {}, _invalid(clash, f"this command has a field named `{clash}` of its own: send its fields under `data`, "
                                   f'e.g. {{"kind": "{kind.kind}", "data": {{"{clash}": ...}}}}')
    return fields, None


def line_fingerprint(kind: str, fields: dict[str, Any]) -> str:
    return hashlib.sha256(orjson.dumps({"kind": kind, "fields": fields}, option=orjson.OPT_SORT_KEYS)).hexdigest()


@dataclass
class LineRunner:
    """Runs the lines of one attempt at a batch; remembers the refs it accepted, for the idempotency records."""

    batch: BatchState
    principal: Principal
    kinds: dict[str, ImportKind]
    metadata: dict[str, Any]
    known_refs: dict[str, tuple[str, dict[str, Any]]]  # ref -> (fingerprint, stored outcome), from earlier batches
    fixed_kind: str | None = None  # a CSV names its kind once, in the query
    new_refs: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)

    async def run(self, raw: RawLine) -> LineResult:
        if raw.problem is not None or raw.fields is None:
            return _refused(raw, raw.problem or _invalid("line", "empty"))
        fields = dict(raw.fields)
        kind_name = self.fixed_kind if self.fixed_kind is not None else fields.pop("kind", None)
        ref = fields.pop("ref", None)
        if isinstance(ref, int) and not isinstance(ref, bool):
            ref = str(ref)
        named = kind_name if isinstance(kind_name, str) else None
        if ref is not None and (not isinstance(ref, str) or not 0 < len(ref) <= MAX_REF_LENGTH):
            return _refused(raw, _invalid("ref", f"must be a string of 1 to {MAX_REF_LENGTH} characters"), kind=named)
        if not isinstance(kind_name, str) or kind_name not in self.kinds:
            known = ", ".join(sorted(self.kinds)[:8])
            message = "missing: each line names its kind" if kind_name is None else f"unknown kind {kind_name!r} (e.g. {known}; GET /v1/import/kinds lists all)"
            return _refused(raw, _invalid("kind", message), ref=ref)
        kind = self.kinds[kind_name]
        if self.fixed_kind is None:
            fields, problem = _command_fields(kind, fields)
        else:  # a CSV row: a cell of an enum-typed field may hold its label (`民营`), read as the code
            fields, problem = to_codes(kind.body_model, fields)
        if problem is not None:
            return _refused(raw, problem, ref=ref, kind=kind_name)
        fingerprint = line_fingerprint(kind_name, fields)
        if ref is not None:
            earlier = self.new_refs.get(ref) or self.known_refs.get(ref)
            if earlier is not None:
                if earlier[0] != fingerprint:
                    return _refused(raw, _invalid("ref", "already imported with other content; send a new ref for a different record"), ref=ref, kind=kind_name)
                return LineResult(line=raw.line, ref=ref, kind=kind_name, replayed=True, **earlier[1])
        fields, unresolved = resolve(fields, self.id_of)
        if unresolved is not None:
            return _refused(raw, _invalid(*unresolved), ref=ref, kind=kind_name)
        result = await self._decide(raw, kind, fields, ref)
        if ref is not None and result.status != "refused":
            self.new_refs[ref] = (fingerprint, {"status": result.status, "id": result.id, "location": result.location, "answer": result.answer})
        return result

    def id_of(self, ref: str) -> str | None:
        """The record a ref's line was given, in this batch or an earlier one."""
        earlier = self.new_refs.get(ref) or self.known_refs.get(ref)
        return earlier[1].get("id") if earlier is not None else None

    async def _decide(self, raw: RawLine, kind: ImportKind, fields: dict[str, Any], ref: str | None) -> LineResult:
        where = _nul_field(fields)
        if where:
            return _refused(raw, _invalid(where, "holds a NUL character, which cannot be stored"), ref=ref, kind=kind.kind)
        arguments: dict[str, Any] = {}
        for name, adapter in kind.path_params.items():
            if name not in fields:
                return _refused(raw, _invalid(name, "missing: names the record this line acts on"), ref=ref, kind=kind.kind)
            value = fields[name] if name in kind.body_model.model_fields else fields.pop(name)
            try:
                arguments[name] = adapter.validate_python(value)
            except ValidationError as exc:
                return _refused(raw, _validation_problem(exc, base=name), ref=ref, kind=kind.kind)
        try:
            # a CSV row's cells are text: `120` is the integer a strict field wants there (JSON lines stay strict)
            arguments[kind.body_param] = kind.body_model.model_validate(fields, strict=False if self.fixed_kind else None)
        except ValidationError as exc:
            return _refused(raw, _validation_problem(exc), ref=ref, kind=kind.kind)
        bus = LineBus(self.batch, self.principal, self.metadata)
        arguments[kind.bus_param] = bus
        try:
            response = await kind.endpoint(**arguments)
        except Problem as problem:
            return _refused(raw, problem, ref=ref, kind=kind.kind)
        except StreamConflict as exc:
            return _refused(raw, Problem(409, "conflict", f"{exc.stream_id} was already created in this batch"), ref=ref, kind=kind.kind)
        decided = bus.decided
        if decided is None:
            raise RuntimeError(f"the endpoint of {kind.kind} answered without deciding")
        # the endpoint may have set the Location itself, from the answer (as a single request would see it)
        location = (response.headers.get("location") if isinstance(response, Response) else None) or decided.location
        record_id = location.rstrip("/").rsplit("/", 1)[-1] if location else None
        return LineResult(line=raw.line, ref=ref, kind=kind.kind, status="accepted", id=record_id,
                          location=location, answer=decided.answer)
