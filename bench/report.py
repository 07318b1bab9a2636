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

    @staticmethod
    def failed(key: str, title: str, unit: str, target: str, error: str) -> "Figure":
        return Figure(key, title, None, unit, target, error=error, met=False)


# What limits each figure, from profiles of this harness (see `python -m bench --profile`). Kept beside the
# table in the README; revise when a profile says otherwise.
NOTES: dict[str, str] = {
    "ingest": (
        "CPU in the service process bounds it: per request the JWT check, body validation, an idempotency lookup, "
        "then one transaction of six statements through SQLAlchemy (load center, load stream, insert stream, "
        "insert event, share-lock guard, insert idempotency record) and a commit that waits for the WAL flush. "
        "On 2 cores the load client, the service, the relay, the projection and PostgreSQL share the CPU, so "
        "the bare app's figure is partly bounded by the client too."
    ),
    "transactions": (
        "Profiled: the benchmark process is the bottleneck, not PostgreSQL. While the commands run, PostgreSQL "
        "has about one active session, mostly waiting for the client (ClientRead); the raw side keeps 20 "
        "waiting on WAL writes, i.e. group commit at work. Each command costs two pool checkouts (each with a "
        "pre-ping) and seven statements built and compiled by SQLAlchemy Core, against one prepared INSERT on "
        "the raw side. Needed: cached statements (or raw asyncpg) on the write path, one checkout per command, "
        "and the idempotency lookup folded into the transaction."
    ),
    "bulk": (
        "Profiled: about 80 % of the time is statement execution inside `EventStore.append`, which runs one "
        "`streams` INSERT per new stream (a round trip each, its statement rebuilt each time) before the single "
        "multi-row INSERT of the events; the raw side is one pipelined executemany. A multi-row upsert of "
        "`streams` per batch would remove most of the gap."
    ),
    "freshness": (
        "Path: commit → relay wake → sequencer → Kafka send (linger 2 ms) → consumer fetch (20 ms max wait) → "
        "projector transaction → the probe's next poll (every 10 ms). When the enforcement service cannot keep "
        "the requested write rate (see ingest), the relay and the projector queue behind it, and the latency is "
        "that backlog, not the path."
    ),
    "rebuild": (
        "Profiled: about 90 % of the projector's time is in the enterprise directory read model, which runs two "
        "upserts per event (enterprise, mention) instead of one per batch; the rest is SQLAlchemy building the "
        "multi-row ledger INSERT. Raw consumption only decodes record batches. Needed: batch those upserts per "
        "apply (executemany or INSERT … SELECT FROM unnest), then re-profile."
    ),
    "query": (
        "The report computes every target from the read-model rows on each request (T04 groups all of the year's "
        "`rm_onsite_services` by center and month); the cost grows with the events applied. A center-month "
        "table kept by the read model would make it a lookup."
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
         f.target, met_text(f), detail_text(f)]
        for f in figures
    ]


HEADERS = ["figure", "value", "baseline", "ratio", "target", "met?", "detail"]


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
