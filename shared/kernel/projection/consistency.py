"""Read your writes: what a write's answer says it recorded, and whether the projection has applied it.

A write answers with a `Consistency-Token` naming what it recorded, in one of two forms (comma-separated
items, any mix, any number of services):

- `enforcement:onsite-service-4f1c…@1`: the stream `onsite-service-4f1c…` of `enforcement` at version 1. A
  single command's answer is this: the streams and versions it wrote are decided before its one write
  statement and stored exactly so by it, so the token costs nothing on the write path (no sequencer run, no
  round trip). The stream is percent-encoded where it holds `,`, `%` or a character outside `A-Z a-z 0-9
  - . _ ~ : @`.
- `enforcement:1234`: every event of `enforcement` up to position 1234. A bulk import answers this (its
  batch may write thousands of streams): after its commit it numbers what is visible and takes the head.

The projection's ledger records (source, stream, version, position) of every applied event, so both are
checked exactly: a stream's item by one primary-key probe (events of a stream are applied in version order,
so version v applied means every earlier one is), a position by the source's cursor (every position up to
it applied) and a count of the ledger rows between the cursor and the position (positions are dense).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping
from urllib.parse import quote, unquote

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from kernel.i18n import Bilingual

HEADER = "Consistency-Token"
MAX_ITEMS = 100  # what a read may wait for at once (a URL stays within a request line's bounds)
# a token is ASCII (its streams percent-encoded); 5,000 characters keep any query holding one, even one whose
# characters a client encodes 12 bytes each, under the 64 KiB a request line may have
MAX_LENGTH = 5000
PATTERN = r"^[A-Za-z0-9\-._~:@%,]*$"
_SAFE = "-._~:@"  # kept as they are in a stream's item; every other character is percent-encoded
_SOURCE = re.compile(r"[a-z][a-z0-9_-]{0,62}")
_NUMBER = re.compile(r"[0-9]{1,18}")
_VERSION = re.compile(r"[1-9][0-9]{0,9}")
_ENCODED = re.compile(r"(?:[A-Za-z0-9\-._~:@]|%[0-9A-Fa-f]{2}){1,600}")


class TokenRefused(ValueError):
    """A token that does not read: `reason` says why, in both languages."""

    def __init__(self, reason: Bilingual) -> None:
        super().__init__(str(reason))
        self.reason = reason


@dataclass
class Awaited:
    """What a read waits for: streams at least at a version, and sources at least at a position."""

    streams: dict[tuple[str, str], int] = field(default_factory=dict)  # (source, stream_id) -> version
    positions: dict[str, int] = field(default_factory=dict)  # source -> every position up to this one

    def __bool__(self) -> bool:
        return bool(self.streams or self.positions)


def streams_token(source: str, versions: Mapping[str, int]) -> str:
    """The token of a write that left each of `versions`' streams at its version."""
    return ",".join(f"{source}:{quote(stream_id, safe=_SAFE)}@{version}" for stream_id, version in versions.items())


def position_token(source: str, position: int) -> str:
    """The token of every event of `source` up to `position`."""
    return f"{source}:{position}"


def parse_token(token: str, sources: Iterable[str]) -> Awaited:
    """Reads a token (or several joined by commas) strictly; TokenRefused names what is wrong."""
    known = set(sources)
    items = token.split(",")
    if len(items) > MAX_ITEMS:
        raise TokenRefused(Bilingual(f"最多可同时等待 {MAX_ITEMS} 项，实为 {len(items)} 项",
                                     f"at most {MAX_ITEMS} items at once, got {len(items)}"))
    awaited = Awaited()
    for place, item in enumerate(items, start=1):
        source, _, rest = item.partition(":")
        if not _SOURCE.fullmatch(source) or not rest:
            raise TokenRefused(Bilingual(
                f"第 {place} 项 {item[:80]!r} 不是“服务:流@版本”或“服务:位置”（如 enforcement:onsite-service-1@1、enforcement:1234）",
                f"item {place} {item[:80]!r} is neither service:stream@version nor service:position "
                "(e.g. enforcement:onsite-service-1@1, enforcement:1234)"))
        if source not in known:
            raise TokenRefused(Bilingual(f"第 {place} 项的服务 {source!r} 不是本投影的数据来源（{'、'.join(sorted(known))}）",
                                         f"item {place}: {source!r} is not a source of this projection ({', '.join(sorted(known))})"))
        if _NUMBER.fullmatch(rest):
            awaited.positions[source] = max(awaited.positions.get(source, 0), int(rest))
            continue
        encoded, _, version = rest.rpartition("@")
        if not _VERSION.fullmatch(version):
            raise TokenRefused(Bilingual(f"第 {place} 项须以 @版本 结尾（从 1 起的整数）",
                                         f"item {place} must end in @version (a whole number from 1)"))
        if not _ENCODED.fullmatch(encoded):
            raise TokenRefused(Bilingual(f"第 {place} 项的流编号为空、过长或未经百分号编码",
                                         f"item {place}: the stream is empty, too long or not percent-encoded"))
        try:
            stream_id = unquote(encoded, errors="strict")
        except UnicodeDecodeError:
            raise TokenRefused(Bilingual(f"第 {place} 项的流编号不是 UTF-8", f"item {place}: the stream is not UTF-8")) from None
        key = (source, stream_id)
        awaited.streams[key] = max(awaited.streams.get(key, 0), int(version))
    return awaited


_STREAMS_APPLIED = text(
    """
    SELECT count(*) FROM unnest(CAST(:sources AS text[]), CAST(:streams AS text[]), CAST(:versions AS integer[]))
        AS w(source, stream_id, version)
    WHERE EXISTS (SELECT 1 FROM projection_applied_events AS a
                  WHERE a.source = w.source AND a.stream_id = w.stream_id AND a.version = w.version)
    """
)
# per source: complete when the cursor has passed the position, or every position after it up to there is applied
_POSITIONS_APPLIED = text(
    """
    SELECT count(*) FROM unnest(CAST(:sources AS text[]), CAST(:positions AS bigint[])) AS w(source, position)
    LEFT JOIN projection_source_cursors AS c ON c.source = w.source
    WHERE coalesce(c.position, 0) >= w.position
       OR (SELECT count(*) FROM projection_applied_events AS a
           WHERE a.source = w.source AND a.position > coalesce(c.position, 0) AND a.position <= w.position)
          = w.position - coalesce(c.position, 0)
    """
)


async def applied(conn: AsyncConnection, awaited: Awaited) -> bool:
    """Whether the projection (its database, whichever replica applied it) has applied everything awaited."""
    if awaited.streams:
        keys = list(awaited.streams)
        found = (await conn.execute(_STREAMS_APPLIED, {
            "sources": [s for s, _ in keys], "streams": [s for _, s in keys], "versions": list(awaited.streams.values()),
        })).scalar_one()
        if found < len(keys):
            return False
    if awaited.positions:
        found = (await conn.execute(_POSITIONS_APPLIED, {
            "sources": list(awaited.positions), "positions": list(awaited.positions.values()),
        })).scalar_one()
        if found < len(awaited.positions):
            return False
    return True
