"""POST /v1/import: a batch of commands of any kinds, decided like single requests and appended together."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import time
from typing import Annotated, Any

import anyio.to_thread
import orjson
from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import Response
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from kernel.auth import Principal, Reader, authenticate, write_scope
from kernel.commands import MAX_KEY_LENGTH, positioned_head
from kernel.eventstore.store import StreamConflict
from kernel.imports.batch import BatchState
from kernel.imports.enum_cells import field_choices
from kernel.imports.headers import resolve_header
from kernel.imports.kinds import ImportKind, collect_kinds
from kernel.imports.labels import LABELS_ZH
from kernel.imports.parsing import RawLine, read_csv, read_json_array, read_ndjson
from kernel.imports.references import references
from kernel.imports.runner import REF_KEY_PREFIX, LineRunner
from kernel.jsonbody import OFF_LOOP_BYTES
from kernel.imports.schemas import ImportKindInfo, ImportReport, KindCatalogue, KindField
from kernel.i18n import Bilingual
from kernel.problems import PROBLEM_MEDIA_TYPE, Conflict, Problem, field_error
from kernel.projection.consistency import HEADER as CONSISTENCY_TOKEN
from kernel.projection.consistency import position_token

router = APIRouter(prefix="/v1/import", tags=["bulk import"])
ATTEMPTS = 3  # a batch that meets a concurrent writer is decided again from the start, this many times at most
YIELD_EVERY_SECONDS = 0.005  # deciding lines that need no database read must not hold the event loop longer

NDJSON_TYPES = ("application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines")
BODY_DOC = {
    "required": True,
    "content": {
        "application/x-ndjson": {"schema": {"type": "string"}, "example": '{"kind": "onsite-service", "ref": "2019-03-001", "center_id": "wuhan-east-lake", "occurred_on": "2019-03-12", "enterprises": [{"uscc": "91420100MA4KPN7X2M", "name": "武汉某某科技有限公司", "ownership": "private", "region": "420100"}]}\n'},
        "text/csv": {"schema": {"type": "string"}, "example": "引用编号,中心编号,发生日期,企业.0.统一社会信用代码,企业.0.名称,企业.0.所有制,企业.0.地区\n2019-03-001,wuhan-east-lake,2019-03-12,91420100MA4KPN7X2M,武汉某某科技有限公司,private,420100\n"},
        "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
    },
}


def _kinds(request: Request) -> dict[str, ImportKind]:
    if getattr(request.app.state, "import_kinds", None) is None:
        request.app.state.import_kinds = collect_kinds(request.app)
    return request.app.state.import_kinds


def _decode(body: bytes, content_type: str) -> str:
    charset = "utf-8"
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.strip().partition("=")
        if name.lower() == "charset" and value:
            charset = value.strip('"').lower()
    if charset in ("utf-8", "utf8"):
        charset = "utf-8-sig"  # a spreadsheet's byte-order mark is not part of the first header
    try:
        return body.decode(charset)
    except LookupError:
        raise Problem(415, "unsupported-media-type", f"unknown charset {charset!r}", errors=[field_error("Content-Type", "unknown charset")]) from None
    except UnicodeDecodeError as exc:
        raise Problem(400, "malformed-body", f"the body is not {charset} text (byte {exc.start})", errors=[field_error("body", f"not {charset}")]) from None


def _read_lines(body: bytes, content_type: str, kind: ImportKind | None) -> list[RawLine]:
    media = content_type.split(";")[0].strip().lower()
    text_body = _decode(body, content_type)
    if media in NDJSON_TYPES:
        return read_ndjson(text_body)
    if media == "application/json":
        return read_json_array(text_body)
    if media in ("text/csv", "application/csv"):
        if kind is None:
            raise Problem(422, "validation-error", "kind: a CSV holds one kind of command; name it in the query",
                          errors=[{"field": "kind", "in": "query", "message": "required for CSV"}])
        return read_csv(text_body, lambda title: resolve_header(kind, title))
    raise Problem(415, "unsupported-media-type", "send application/x-ndjson, text/csv or a JSON array",
                  errors=[field_error("Content-Type", f"{media or 'missing'} is not accepted here")])


def _read_batch(body: bytes, content_type: str, kind: ImportKind | None) -> tuple[list[RawLine], set[str]]:
    """The lines, and the refs they carry or point at (synchronous: a large batch is read in a worker thread)."""
    lines = _read_lines(body, content_type, kind)
    refs = {str(l.fields["ref"]) for l in lines if l.fields and isinstance(l.fields.get("ref"), (str, int))}
    refs |= {target for l in lines if l.fields for target in references(l.fields)}
    return lines, refs


async def _known_refs(conn, principal: Principal, refs: set[str]) -> dict[str, tuple[str, dict[str, Any]]]:
    """What this client's earlier imports accepted under the refs the lines carry or point at."""
    if not refs:
        return {}
    rows = await conn.execute(
        text("SELECT key, request_hash, response FROM idempotency_keys WHERE principal = :p AND key = ANY(CAST(:keys AS text[]))"),
        {"p": principal.subject, "keys": [REF_KEY_PREFIX + r for r in refs]},
    )
    return {r.key.removeprefix(REF_KEY_PREFIX): (r.request_hash, r.response) for r in rows}


async def _keep_refs(conn, principal: Principal, refs: dict[str, tuple[str, dict[str, Any]]]) -> bool:
    """Record each accepted ref; False when a concurrent batch recorded one first (this attempt must not stand)."""
    if not refs:
        return True
    rows = await conn.execute(
        text(
            "INSERT INTO idempotency_keys (principal, key, request_hash, status_code, response) "
            "SELECT :p, k, h, 201, r FROM unnest(CAST(:keys AS text[]), CAST(:hashes AS text[]), CAST(:responses AS jsonb[])) AS t(k, h, r) "
            "ON CONFLICT DO NOTHING RETURNING key"
        ),
        {"p": principal.subject, "keys": [REF_KEY_PREFIX + r for r in refs], "hashes": [h for h, _ in refs.values()],
         "responses": [orjson.dumps(o).decode() for _, o in refs.values()]},
    )
    return len(rows.all()) == len(refs)


async def _stored_batch(conn, principal: Principal, key: str, fingerprint: str) -> Any:
    row = (await conn.execute(
        text("SELECT request_hash, status_code, response FROM idempotency_keys WHERE principal = :p AND key = :k"),
        {"p": principal.subject, "k": key},
    )).first()
    if row is None:
        return None
    if row.request_hash != fingerprint:
        raise Problem(422, "idempotency-key-reused", "this Idempotency-Key was used for a different batch",
                      errors=[{"field": "Idempotency-Key", "in": "header", "message": "already used with another body"}])
    return row


_KEEP_TOKEN = text(
    "UPDATE idempotency_keys SET response = jsonb_set(response, '{consistency_token}', to_jsonb(CAST(:t AS text))) "
    "WHERE principal = :p AND key = :k"
)


async def _batch_token(engine, service: str, principal: Principal, key: str | None) -> str:
    """A token covering the batch just committed (every event up to the head once numbered: one sequencer run per
    batch, not per line), kept in the batch's stored answer too, so a resent batch answers the same."""
    token = position_token(service, await positioned_head(engine))
    if key:
        async with engine.begin() as conn:
            await conn.execute(_KEEP_TOKEN, {"t": token, "p": principal.subject, "k": key})
    return token


async def _replayed_batch(engine, service: str, row: Any, key: str) -> Response:
    """The batch's stored answer; one kept before its token was (an older batch) gets one covering it now."""
    answer = dict(row.response)
    if row.status_code == 200 and answer.get("accepted") and not answer.get("consistency_token"):
        answer["consistency_token"] = position_token(service, await positioned_head(engine))
    headers = {"Idempotency-Key": key, "Idempotent-Replayed": "true"}
    if answer.get("consistency_token"):
        headers[CONSISTENCY_TOKEN] = answer["consistency_token"]
    return Response(orjson.dumps(answer), status_code=row.status_code, media_type="application/json", headers=headers)


class _Outcome(Exception):
    """Ends an attempt's transaction without committing (a dry run, an atomic batch with refusals, a lost race)."""

    def __init__(self, report: ImportReport | None = None, replayed: Any = None) -> None:
        self.report = report
        self.replayed = replayed  # the batch's stored answer (its row), answered once the transaction is over


@router.post(
    "",
    response_model=ImportReport,
    summary="Import a batch of commands (NDJSON of any kinds, or CSV of one kind)",
    description="Each line is decided as its kind's single-command endpoint would decide it, against the store and "
                "the batch's earlier accepted lines. A line gives itself a `ref` to be resent safely; a later line "
                "(or a later batch) names the record that line created with `{\"$ref\": \"<ref>\"}` where the "
                "record's id goes, e.g. `{\"kind\": \"assistance-request-first-response\", \"request_id\": "
                "{\"$ref\": \"req-7\"}, ...}`.",
    openapi_extra={"requestBody": BODY_DOC},
    responses={409: {"description": "The batch met concurrent writes three times; resend it with the same Idempotency-Key"},
               413: {"description": "More lines or bytes than a batch may hold"},
               415: {"description": "Not NDJSON, CSV or a JSON array"},
               422: {"description": "An atomic batch with refused lines (nothing stored; `lines` says why), or a bad query or header"}},
)
async def import_batch(
    request: Request,
    principal: Annotated[Principal, Depends(authenticate)],
    dry_run: Annotated[bool, Query(description="Decide every line, store nothing.")] = False,
    atomic: Annotated[bool, Query(description="All lines or none: one refused line refuses the batch.")] = False,
    kind: Annotated[str | None, Query(max_length=100, description="The kind of every row (CSV only).")] = None,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=MAX_KEY_LENGTH,
                                                  description="Resending the same batch with it changes nothing.")] = None,
) -> Response:
    service = request.app.state.service
    principal.require_scope(write_scope(service))
    kinds = _kinds(request)
    if kind is not None and kind not in kinds:
        raise Problem(422, "validation-error", f"kind: unknown kind {kind!r}", errors=[{"field": "kind", "in": "query", "message": "unknown kind; GET /v1/import/kinds lists them"}])
    body = await request.body()
    read = functools.partial(_read_batch, body, request.headers.get("content-type", ""), kinds.get(kind) if kind else None)
    # a large body is read in a worker thread: the event loop keeps answering other requests (and /healthz)
    lines, refs = await anyio.to_thread.run_sync(read) if len(body) > OFF_LOOP_BYTES else read()
    limit = request.app.state.settings.import_max_lines
    if len(lines) > limit:
        raise Problem(413, "payload-too-large", f"a batch may hold at most {limit} lines; this one has {len(lines)}",
                      errors=[field_error("body", f"more than {limit} lines")])
    query = f"dry_run={dry_run}&atomic={atomic}&kind={kind or ''}"
    fingerprint = hashlib.sha256(f"POST {request.url.path}?{query}\n".encode() + body).hexdigest()
    metadata = {
        "actor": principal.subject,
        "correlation_id": getattr(request.state, "correlation_id", None),
        "causation_id": getattr(request.state, "request_id", None),
        "idempotency_key": idempotency_key,
    }
    engine = request.app.state.engine
    for _attempt in range(ATTEMPTS):
        try:
            async with engine.begin() as conn:
                if idempotency_key and not dry_run:
                    stored = await _stored_batch(conn, principal, idempotency_key, fingerprint)
                    if stored is not None:
                        raise _Outcome(replayed=stored)
                runner = LineRunner(BatchState(conn), principal, kinds, metadata, await _known_refs(conn, principal, refs), fixed_kind=kind)
                results = []
                last_yield = time.monotonic()
                for line in lines:
                    results.append(await runner.run(line))
                    if time.monotonic() - last_yield > YIELD_EVERY_SECONDS:
                        await asyncio.sleep(0)
                        last_yield = time.monotonic()
                refused = sum(r.status == "refused" for r in results)
                if dry_run or (atomic and refused):
                    for result in results:
                        if result.status == "accepted" and not result.replayed:
                            result.status = "valid"
                    raise _Outcome(ImportReport(dry_run=dry_run, atomic=atomic, accepted=0 if atomic and refused else
                                                sum(r.status != "refused" for r in results), refused=refused, lines=results))
                appended = await runner.batch.flush(metadata)
                if not await _keep_refs(conn, principal, runner.new_refs):
                    raise _Outcome()
                report = ImportReport(dry_run=False, atomic=atomic, accepted=len(results) - refused, refused=refused,
                                      events_appended=appended, lines=results)
                answer = report.model_dump(mode="json")
                if idempotency_key:
                    kept = await conn.execute(
                        text("INSERT INTO idempotency_keys (principal, key, request_hash, status_code, response) "
                             "VALUES (:p, :k, :h, 200, CAST(:r AS jsonb)) ON CONFLICT DO NOTHING RETURNING key"),
                        {"p": principal.subject, "k": idempotency_key, "h": fingerprint, "r": orjson.dumps(answer).decode()},
                    )
                    if kept.first() is None:
                        raise _Outcome()
        except _Outcome as outcome:
            if outcome.replayed is not None:
                return await _replayed_batch(engine, service, outcome.replayed, idempotency_key or "")
            if outcome.report is None:
                continue  # a concurrent batch recorded the same refs or key first: decide again, it will be replayed
            return _answer(outcome.report, idempotency_key)
        except StreamConflict:
            continue
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) in ("23505", "40001", "40P01"):
                continue
            raise
        if appended:
            request.app.state.relay.wake()
        if report.accepted:  # new records, or records of lines imported before (their refs): a token covering them
            report.consistency_token = await _batch_token(engine, service, principal, idempotency_key)
        return _answer(report, idempotency_key)
    raise Conflict(Bilingual("本批次每次尝试都遇到对同一记录的同时写入，请以同一 Idempotency-Key 重新发送",
                             "the batch met concurrent writes to the same records on every attempt; resend it with the same Idempotency-Key"))


def _answer(report: ImportReport, key: str | None) -> Response:
    headers = {"Idempotency-Key": key} if key else {}
    if report.atomic and report.refused:
        problem = Problem(422, "validation-error", f"{report.refused} of {len(report.lines)} lines were refused; nothing was stored (atomic)",
                          errors=[e for r in report.lines if r.problem for e in (r.problem.errors or [])][:20],
                          lines=[r.model_dump(mode="json") for r in report.lines], dry_run=report.dry_run, atomic=True, accepted=0,
                          refused=report.refused)
        return Response(orjson.dumps(problem.body()), status_code=422, media_type=PROBLEM_MEDIA_TYPE, headers=headers)
    if report.consistency_token:
        headers[CONSISTENCY_TOKEN] = report.consistency_token
    return Response(orjson.dumps(report.model_dump(mode="json")), status_code=200, media_type="application/json", headers=headers)


@router.get("/kinds", response_model=KindCatalogue, summary="The kinds a batch may hold, with their fields and Chinese column headers")
async def import_kinds(request: Request, _: Reader) -> KindCatalogue:
    settings = request.app.state.settings
    infos = []
    for name, kind in sorted(_kinds(request).items()):
        fields = [KindField(name=p, label_zh=LABELS_ZH.get(p), required=True, in_path=True) for p in kind.path_params]
        fields += [KindField(name=n, label_zh=LABELS_ZH.get(n), required=f.is_required(), in_path=False,
                             choices=field_choices(kind.body_model, n))
                   for n, f in kind.body_model.model_fields.items() if n not in kind.path_params]
        infos.append(ImportKindInfo(kind=name, endpoint=f"POST {kind.path}", summary=kind.summary, fields=fields))
    return KindCatalogue(max_lines=settings.import_max_lines, max_body_bytes=settings.import_max_body_bytes, kinds=infos)
