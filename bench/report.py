"""The figures of a run: a rich table on the terminal, JSON, and the README's performance section."""

from __future__ import annotations

import json
import os
import platform
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import psutil
from rich.console import Console
from rich.table import Table

START, END = "<!-- bench:start -->", "<!-- bench:end -->"


@dataclass
class Figure:
    key: str
    title: str
    value: float | None
    unit: str
    target: str  # in words, e.g. "≥ 0.5 × baseline"
    baseline: float | None = None
    ratio: float | None = None
    met: bool | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds per process during the figure (bench.cpu)

    @staticmethod
    def failed(key: str, title: str, unit: str, target: str, error: str) -> "Figure":
        return Figure(key, title, None, unit, target, error=error, met=False)


# What limits each figure, from profiles of this harness (see `python -m bench --profile`). Kept beside the
# table in the README; revise when a profile says otherwise.
NOTES: dict[str, str] = {
    "ingest": (
        "CPU in the service process bounds it: per request the JWT check, body validation (with the credit-code "
        "check), then three round trips without a transaction (idempotency lookup, load the center, one "
        "statement writing the stream, the event, the guard and the idempotency record, which refuses itself "
        "and so stores nothing when a stream moved). The relay and the credit-list follower run in the same "
        "process and read every event back. On 2 cores the load client, the service, the projection and "
        "PostgreSQL share the CPU. A py-spy profile (2026-11-25) found two wastes, since removed: 32 "
        "connections against a pool of 10 plus 20 overflow opened and closed a PostgreSQL connection per "
        "request (connect, type introspection, statements prepared again), and the JWT check ran in a worker "
        "thread; with no overflow and the check on the event loop, 130-160 -> 193-218 req/s (0.23-0.30 -> "
        "0.34-0.36). Dropping BEGIN and COMMIT did not move this figure (HTTP and validation dominate); 0.5x needs "
        "the request's Python cost cut by about a third (several worker processes per service would do it)."
    ),
    "transactions": (
        "Profiled: the benchmark process is the bottleneck, not PostgreSQL, which mostly waits for the client "
        "(ClientRead) while the raw side keeps its sessions waiting on WAL writes (group commit). A command "
        "costs about 1 ms of Python (SQLAlchemy executing three statements, pydantic building and dumping the "
        "event, folding the center) against one prepared INSERT; dropping BEGIN and COMMIT took it from 0.07 "
        "to 0.08-0.09 of the baseline in two runs. 0.7x would need the per-command Python cost cut several times over (raw asyncpg "
        "with prepared statements on the write path, or several worker processes per service)."
    ),
    "bulk": (
        "Through POST /v1/import: each line is parsed, validated (pydantic, credit-code check), decided by its "
        "endpoint against the batch and answered, about 150 us of Python per line; the batch is then appended "
        "in three statements plus one for the refs. The store's batch append alone runs at about half of the "
        "raw executemany; the raw side validates and decides nothing."
    ),
    "freshness": (
        "Path: commit -> relay wake -> sequencer -> Kafka send (linger 2 ms) -> consumer fetch (20 ms max wait) -> "
        "projector batch -> the probe's next poll (every 10 ms). When the service cannot keep the requested "
        "write rate (see ingest), the relay and the projector queue behind it, and the latency is that backlog."
    ),
    "rebuild": (
        "Profiled per event: about 60-78 us of Python (decoding 6-10, the read models' own work about 30, "
        "asyncpg encoding the parameter arrays 15-20, garbage collection about 8) and 45-50 us of PostgreSQL "
        "(five tables, about twelve index entries). 50,000 events/s means 20 us an event in all on two cores. "
        "Next: prepare rows outside the transaction, drop secondary indexes during the load and build them "
        "before the swap, COPY into the append-only tables."
    ),
    "query": (
        "Summary tables kept by the read models (per target, area, day and month; per center and month) answer "
        "the report in three queries when `known_at` is now; a past `known_at` counts the records. What is left "
        "is the HTTP stack (2-3 ms) and sharing the CPU with the load."
    ),
    "memory": (
        "One uvicorn worker per service: the interpreter with FastAPI, pydantic, SQLAlchemy and their caches, "
        "the connection pool and the Kafka client. The bare app's peak is printed beside each for scale."
    ),
}


def machine() -> dict[str, Any]:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 1024**3, 1),
        "cpu": model,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


def fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    if abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return f"{text} {unit}".strip()


def met_text(figure: Figure) -> str:
    if figure.error:
        return "error"
    return {True: "yes", False: "no", None: "—"}[figure.met]


def detail_text(figure: Figure) -> str:
    if figure.error:
        return figure.error[:120]
    shown = figure.detail.get("shown")
    return shown or ""


def rows(figures: list[Figure]) -> list[list[str]]:
    return [
        [f.title, fmt(f.value, f.unit), fmt(f.baseline, f.unit), "—" if f.ratio is None else f"{f.ratio:.2f}",
         f.target, met_text(f), detail_text(f), cpu_text(f)]
        for f in figures
    ]


def cpu_text(figure: Figure) -> str:
    return ", ".join(f"{name} {seconds:.1f}" for name, seconds in figure.cpu.items() if seconds >= 0.05)


HEADERS = ["figure", "value", "baseline", "ratio", "target", "met?", "detail", "CPU s"]


def print_table(figures: list[Figure], console: Console | None = None, title: str = "") -> None:
    console = console or Console()
    table = Table(title=title or None, show_lines=False)
    for header in HEADERS:
        table.add_column(header, justify="right" if header in ("value", "baseline", "ratio") else "left",
                         overflow="fold")
    for row, figure in zip(rows(figures), figures):
        style = "red" if figure.met is False else ("green" if figure.met else None)
        table.add_row(*row, style=style)
    console.print(table)


def write_json(path: Path, figures: list[Figure], info: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {**info, "figures": {f.key: asdict(f) for f in figures}}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n")


def markdown(figures: list[Figure], info: dict[str, Any]) -> str:
    m = info["machine"]
    lines = [
        f"Measured {info['date']} with `{info['command']}` on {m['cores']} cores, {m['memory_gb']} GB, {m['cpu']} "
        f"({m['system']}, Python {m['python']}){'; smoke sizes' if info.get('smoke') else ''}. "
        "Every baseline ran on the same servers in the same run; the machine is shared, so figures move between runs.",
        "",
        "| " + " | ".join(HEADERS) + " |",
        "|" + "---|" * len(HEADERS),
    ]
    for row in rows(figures):
        lines.append("| " + " | ".join(cell.replace("|", "/") for cell in row) + " |")
    lines += ["", "What limits each figure:", ""]
    seen = set()
    for figure in figures:
        group = figure.key.split(".")[0]
        if group in NOTES and group not in seen:
            seen.add(group)
            lines.append(f"- **{group}**: {NOTES[group]}")
    return "\n".join(lines)


def update_readme(readme: Path, figures: list[Figure], info: dict[str, Any]) -> None:
    text = readme.read_text()
    section = f"{START}\n{markdown(figures, info)}\n{END}"
    if START in text and END in text:
        text = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: section, text, count=1, flags=re.S)
    else:
        text = text.rstrip("\n") + f"\n\n## Performance\n\n{section}\n"
    readme.write_text(text)


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
