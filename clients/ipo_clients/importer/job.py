"""One import: the file sent chunk after chunk, the answers tallied, the refused lines kept for resending.

Each chunk's Idempotency-Key is derived from the file's content hash, the options that shape the requests and
the chunk's index: sending the same file again with the same options is answered from what the service stored,
and records nothing twice.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import httpx

from ipo_clients.importer.chunks import Format, ImportFile, content_hash
from ipo_clients.importer.refused import RefusedLines, default_path
from ipo_clients.importer.sender import Endpoint, LineResult, max_lines, send_chunk
from ipo_clients.retrying import RetryPolicy


@dataclass
class ImportOptions:
    path: Path
    base_url: str
    token: str
    fmt: Format
    kind: str | None = None
    dry_run: bool = False
    atomic: bool = False
    chunk_size: int = 500
    refused_path: Path | None = None
    retries: int = 6
    encoding: str = "utf-8-sig"  # see chunks.file_encoding


@dataclass
class ImportSummary:
    lines: int = 0
    accepted: int = 0
    valid: int = 0  # passed a dry run (nothing stored)
    refused: int = 0
    replayed: int = 0  # lines whose answer the service had kept from an earlier send
    chunks: int = 0
    chunk_size: int = 0
    seconds: float = 0.0
    refused_path: Path | None = None
    stopped_after_check: bool = False  # --atomic: some line failed the check, nothing was sent for real
    keys: list[str] = field(default_factory=list)

    @property
    def lines_per_second(self) -> float:
        return self.lines / self.seconds if self.seconds > 0 else 0.0

    def tally(self, results: list[LineResult]) -> None:
        for result in results:
            self.lines += 1
            self.replayed += result.replayed
            if result.status == "accepted":
                self.accepted += 1
            elif result.status == "valid":
                self.valid += 1
            else:
                self.refused += 1


def chunk_key(digest: str, options: ImportOptions, mode: str, size: int, index: int) -> str:
    return f"ipo-import:{digest[:32]}:{options.kind or '-'}:{mode}:{size}:{index}"


Progress = Callable[[str, int, ImportSummary], None]


async def _send_file(
    client: httpx.AsyncClient, endpoint: Endpoint, options: ImportOptions, digest: str, size: int, *,
    mode: str, dry_run: bool, atomic: bool, summary: ImportSummary, on_progress: Progress,
) -> None:
    source = ImportFile(options.path, options.fmt, options.encoding)
    refused: RefusedLines | None = None
    try:
        for chunk in source.chunks(size):
            key = chunk_key(digest, options, mode, size, chunk.index)
            summary.keys.append(key)
            results = await send_chunk(client, endpoint, source, chunk, key, dry_run=dry_run, atomic=atomic)
            summary.chunks += 1
            summary.tally(results)
            for result in results:
                if result.status == "refused":
                    if refused is None:
                        summary.refused_path = options.refused_path or default_path(options.path, options.fmt)
                        refused = RefusedLines(summary.refused_path, options.fmt, source.header)
                    refused.write(result.line, result.problem)
            on_progress(mode, source.bytes_read, summary)
    finally:
        if refused is not None:
            refused.close()


async def run_import(options: ImportOptions, on_progress: Progress = lambda mode, done, summary: None) -> ImportSummary:
    """Send the file; with `atomic`, check all of it first (a dry run) and send nothing if any line is refused."""
    started = time.monotonic()
    endpoint = Endpoint(options.base_url, options.fmt, options.kind, options.dry_run, options.atomic,
                        RetryPolicy(attempts=max(1, options.retries + 1)))
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {options.token}"}, timeout=300) as client:
        size = max(1, min(options.chunk_size, await max_lines(client, endpoint)))
        digest = content_hash(options.path)
        summary = ImportSummary(chunk_size=size)
        if options.atomic and not options.dry_run:
            await _send_file(client, endpoint, options, digest, size, mode="dry", dry_run=True, atomic=False,
                             summary=summary, on_progress=on_progress)
            if summary.refused:
                summary.stopped_after_check = True
                summary.seconds = time.monotonic() - started
                return summary
            summary = ImportSummary(chunk_size=size, keys=summary.keys)
        mode = ("dry" if options.dry_run else "write") + ("-atomic" if options.atomic else "")
        await _send_file(client, endpoint, options, digest, size, mode=mode, dry_run=options.dry_run, atomic=options.atomic,
                         summary=summary, on_progress=on_progress)
    summary.seconds = time.monotonic() - started
    return summary
