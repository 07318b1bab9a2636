"""The bulk import endpoint as the client sees it: the size limit it states, and one chunk's answer.

`POST {service}/v1/import?dry_run=..&atomic=..[&kind=..]` answers 200 with a result per line; with atomic=true and
a refusal, 422 with the same `lines` (nothing stored); 413 when a chunk is too big, which the client answers by
splitting the chunk in two (the halves' keys derive from the chunk's).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import httpx

from ipo_clients.importer.chunks import MEDIA_TYPES, Chunk, Format, ImportFile, Line
from ipo_clients.retrying import RetryPolicy, should_retry


class ImportFailed(Exception):
    """An answer that no resend can change (a bad token, an unknown kind, no such endpoint)."""

    def __init__(self, status: int | None, problem: dict[str, Any]) -> None:
        super().__init__(str(problem.get("detail") or problem.get("title") or problem))
        self.status = status
        self.problem = problem


@dataclass
class LineResult:
    line: Line
    status: str  # accepted, valid (dry run) or refused
    replayed: bool = False
    problem: dict[str, Any] | None = None


@dataclass
class Endpoint:
    base_url: str
    fmt: Format
    kind: str | None
    dry_run: bool
    atomic: bool
    policy: RetryPolicy = field(default_factory=RetryPolicy)

    @property
    def url(self) -> str:
        return self.base_url.rstrip("/") + "/v1/import"

    def params(self, dry_run: bool | None = None, atomic: bool | None = None) -> dict[str, str]:
        params = {"dry_run": str(self.dry_run if dry_run is None else dry_run).lower(),
                  "atomic": str(self.atomic if atomic is None else atomic).lower()}
        if self.kind:
            params["kind"] = self.kind
        return params


def _problem(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        return body
    return {"status": response.status_code, "title": response.reason_phrase, "detail": response.text[:500]}


async def max_lines(client: httpx.AsyncClient, endpoint: Endpoint) -> int:
    """The most lines one request may carry, as `GET /v1/import/kinds` states it."""
    try:
        response = await client.get(endpoint.url + "/kinds")
    except httpx.TransportError as exc:
        raise ImportFailed(None, {"detail": f"无法连接 {endpoint.base_url}；{endpoint.base_url} could not be reached: "
                                            f"{type(exc).__name__}: {exc}"}) from None
    if response.status_code == 404:
        raise ImportFailed(404, {"detail": f"{endpoint.base_url} 没有批量导入接口（GET /v1/import/kinds 答复 404）；"
                                           f"{endpoint.base_url} has no bulk import endpoint (GET /v1/import/kinds answered 404)"})
    if not response.is_success:
        raise ImportFailed(response.status_code, _problem(response))
    return int(response.json()["max_lines"])


async def _post(client: httpx.AsyncClient, endpoint: Endpoint, body: bytes, key: str, params: dict[str, str]) -> httpx.Response:
    headers = {"Content-Type": MEDIA_TYPES[endpoint.fmt], "Idempotency-Key": key}
    for attempt in range(1, endpoint.policy.attempts + 1):
        try:
            response = await client.post(endpoint.url, params=params, content=body, headers=headers)
        except httpx.TransportError as exc:
            if attempt == endpoint.policy.attempts:
                raise ImportFailed(None, {"detail": f"无法连接服务；the service could not be reached: "
                                                    f"{type(exc).__name__}: {exc}"}) from None
            await asyncio.sleep(endpoint.policy.wait(attempt))
            continue
        if attempt < endpoint.policy.attempts and should_retry(response):
            await asyncio.sleep(endpoint.policy.wait(attempt, response))
            continue
        return response
    raise AssertionError("unreachable")


def _results(chunk: Chunk, answer: dict[str, Any], replayed: bool) -> list[LineResult]:
    results = []
    for item in answer.get("lines") or []:
        number = int(item.get("line") or 0)
        if not 1 <= number <= len(chunk.lines):
            raise ImportFailed(None, {"detail": f"答复提到一批 {len(chunk.lines)} 行中的第 {number} 行；the answer names "
                                                f"line {number} of a chunk of {len(chunk.lines)} lines"})
        results.append(LineResult(chunk.lines[number - 1], str(item.get("status")), replayed or bool(item.get("replayed")),
                                  item.get("problem")))
    return results


async def send_chunk(
    client: httpx.AsyncClient, endpoint: Endpoint, source: ImportFile, chunk: Chunk, key: str, *,
    dry_run: bool | None = None, atomic: bool | None = None,
) -> list[LineResult]:
    """One chunk's results, line by line. A chunk refused as too big is sent again as two halves."""
    response = await _post(client, endpoint, chunk.body, key, endpoint.params(dry_run, atomic))
    replayed = response.headers.get("Idempotent-Replayed") == "true"
    if response.status_code == 200:
        return _results(chunk, response.json(), replayed)
    problem = _problem(response)
    if response.status_code == 422 and isinstance(problem.get("lines"), list):  # atomic: refused as a whole
        results = _results(chunk, problem, replayed)
        for result in results:  # nothing of the chunk was stored
            if result.status != "refused":
                result.status = "valid"
        return results
    if response.status_code == 413:
        if len(chunk.lines) == 1:
            return [LineResult(chunk.lines[0], "refused", problem=problem)]
        half = len(chunk.lines) // 2
        results = []
        for part, lines in (("a", chunk.lines[:half]), ("b", chunk.lines[half:])):
            results += await send_chunk(client, endpoint, source, source.chunk_of(chunk.index, lines), f"{key}.{part}",
                                        dry_run=dry_run, atomic=atomic)
        return results
    raise ImportFailed(response.status_code, problem)
